// Small helpers on object metadata shared by the write paths.
import { randomUUID } from 'node:crypto';
import type { KObject } from '../api/types.js';

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC3339, second precision, UTC — what the apiserver writes. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const newUid = () => randomUUID();

const GEN_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
export function generateNameSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GEN_CHARS[Math.floor(Math.random() * GEN_CHARS.length)];
  return s;
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Equality for no-op detection: resourceVersion and managedFields timestamps do not count. */
export function sameObjectIgnoringVolatile(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => {
    const m = { ...o.metadata };
    delete m.resourceVersion;
    if (m.managedFields) m.managedFields = m.managedFields.map((e) => ({ ...e, time: undefined }));
    return { ...o, metadata: m };
  };
  return jsonEqual(strip(a), strip(b));
}

/** The field manager of a non-apply write: the query value, else the User-Agent up to the first '/'. */
export function managerFrom(query: string | undefined, userAgent: string | undefined): string {
  if (query) return query;
  const ua = userAgent ?? '';
  const i = ua.indexOf('/');
  return (i >= 0 ? ua.slice(0, i) : ua).slice(0, 128) || 'unknown';
}
