// Narrowing helpers for YAML values read from user files (shapes are never trusted).

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

/** A non-empty string, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Scalars as Kubernetes would stringify them in a string field (YAML may type them as numbers). */
export function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A list of strings; non-string items are dropped. */
export function strList(v: unknown): string[] | undefined {
  const a = arr(v);
  if (!a) return undefined;
  return a.filter((x): x is string => typeof x === 'string');
}

/** A map of scalar values as strings. */
export function strMap(v: unknown): Record<string, string> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) {
    const s = scalarString(x);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** Drops undefined properties so results compare and print cleanly. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
