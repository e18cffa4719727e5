// Tolerant readers for live JSON: a field of the wrong type reads as absent, the way Go's zero
// values make gitops-engine treat a missing field.
import type { Health, HealthStatus, KubeObject } from '../types.js';

export type Json = Record<string, unknown>;

export interface Condition { type: string; status?: string; reason?: string; message?: string }

export function asObject(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

export function dig(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) {
    const o = asObject(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `status.conditions` (or another list of conditions), entries without a string `type` dropped. */
export function conditionsOf(v: unknown): Condition[] {
  const out: Condition[] = [];
  for (const c of list(v)) {
    const o = asObject(c);
    const type = str(o?.['type']);
    if (!o || type === undefined) continue;
    out.push({ type, status: str(o['status']), reason: str(o['reason']), message: str(o['message']) });
  }
  return out;
}

export const conditions = (o: KubeObject): Condition[] => conditionsOf(dig(o, 'status', 'conditions'));
export const findCondition = (o: KubeObject, type: string): Condition | undefined => conditions(o).find((c) => c.type === type);

export const generation = (o: KubeObject): number | undefined => num(o.metadata?.['generation']);
export const observedGeneration = (o: KubeObject): number | undefined => num(dig(o, 'status', 'observedGeneration'));

/** `apps/v1` → {group: 'apps', version: 'v1'}; `v1` → {group: '', version: 'v1'}. */
export function groupVersion(o: KubeObject): { group: string; version: string } {
  const av = o.apiVersion ?? '';
  const i = av.indexOf('/');
  return i < 0 ? { group: '', version: av } : { group: av.slice(0, i), version: av.slice(i + 1) };
}

/** A Health; an empty message is left out (gitops-engine's `omitempty`). */
export function health(status: HealthStatus, message?: string): Health {
  return message ? { status, message } : { status };
}

/** gitops-engine refuses versions it has no typed struct for (apps/v1beta2 …) with Unknown. */
export function unsupportedVersion(o: KubeObject, label: string): Health {
  const { group, version } = groupVersion(o);
  return health('Unknown', `unsupported ${label} GVK: ${group}/${version}, Kind=${o.kind ?? ''}`);
}
