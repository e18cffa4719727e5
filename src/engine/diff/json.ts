// JSON values as the diff handles them, and the emptiness rules of the drift contract:
// null, {}, [] and absent are equal; Go's omitempty makes a declared zero scalar equal absent.
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject { [key: string]: Json }

export const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function clone<T extends Json | undefined>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** null, {}, [] or absent. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

/** "", 0 or false: what Go drops from output for `omitempty` struct fields. */
export const isZeroScalar = (v: unknown): boolean => v === '' || v === 0 || v === false;

/** JSON with object keys sorted: the identity of a value for sets and list-map keys. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** Removes nulls and empty objects/arrays below objects (recursively); list items stay in place. */
export function pruneEmpty(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map((x) => (isObj(x) || Array.isArray(x) ? pruneEmpty(x) ?? {} : x));
  if (!isObj(v)) return v === null ? undefined : v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    const p = pruneEmpty(x);
    if (p === undefined || isEmpty(p)) continue;
    out[k] = p;
  }
  return out;
}
