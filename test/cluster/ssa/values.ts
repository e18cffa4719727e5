// Plain-JSON helpers shared by the SSA code: narrowing, deep equality and cloning, Go-compatible
// JSON text, and the two sentinels the merge/prune steps use in place of Go's typed nulls.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Placeholders for `null` produced by SSA itself, so the final object can drop them while keeping
 * real nulls the live object already had (e.g. `template.metadata.creationTimestamp: null`).
 * APPLIED_NULL: the config set a key to null where live had something else or nothing.
 * EMPTIED: a map or list whose every entry was pruned (Go leaves a null there).
 */
export const APPLIED_NULL: unique symbol = Symbol('ssa.appliedNull');
export const EMPTIED: unique symbol = Symbol('ssa.emptied');

export function isSentinel(v: unknown): v is typeof APPLIED_NULL | typeof EMPTIED {
  return v === APPLIED_NULL || v === EMPTIED;
}

/** null for sentinels; the value otherwise. */
export function unsentinel(v: unknown): unknown {
  return isSentinel(v) ? null : v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  a = unsentinel(a);
  b = unsentinel(b);
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Deep copy of JSON data (sentinels are kept as they are). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/** Removes sentinel-valued keys and list items, recursively (the last step of an apply). */
export function dropSentinels(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !isSentinel(x)).map(dropSentinels);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && !isSentinel(x)) out[k] = dropSentinels(x);
    return out;
  }
  return v;
}

/**
 * JSON text as Go's encoding/json writes it: compact, `<`, `>`, `&`, U+2028 and U+2029 escaped;
 * object keys sorted when `sortKeys` (Go marshals maps sorted).
 */
export function goJson(v: unknown, sortKeys = false): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (sortKeys && isObj(x)) {
      const out: Obj = {};
      for (const k of Object.keys(x).sort()) out[k] = x[k];
      return out;
    }
    return x;
  }).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's `%q` for the strings that occur in field paths. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
