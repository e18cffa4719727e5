// Semantic equality of two values under a schema node: null/{}/[]/absent equal, a zero scalar
// of a struct field equal to absent (omitempty), quantities by value, IntOrString and every
// other scalar with its JSON type, keyed lists and sets regardless of order, atomic lists in order.
import type { FieldNode } from '../schema/types.js';
import { isEmpty, isObj, isZeroScalar, stableJson, type Json } from './json.js';
import { itemElement, elementKey, mapKeys } from './path.js';
import { quantityEqual } from './quantity.js';

export function semanticEqual(a: Json | undefined, b: Json | undefined, node: FieldNode | undefined, inMap = false): boolean {
  const ea = isEmpty(a);
  const eb = isEmpty(b);
  if (ea && eb) return true;
  if (!inMap && ((ea && (a === undefined || a === null) && isZeroScalar(b)) || (eb && (b === undefined || b === null) && isZeroScalar(a)))) return true;
  if (ea || eb) return false;
  if (node?.quantity && !isObj(a) && !Array.isArray(a)) return quantityEqual(a, b);
  if (node?.bytes && typeof a === 'string' && typeof b === 'string') return a === b || sameBytes(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return listEqual(a, b, node);
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k], node?.child(k), !!node?.isMap)) return false;
    return true;
  }
  return a === b;
}

/** Two base64 spellings of the same bytes (line breaks or padding differences). */
function sameBytes(a: string, b: string): boolean {
  const da = Buffer.from(a.replace(/\s+/g, ''), 'base64');
  const db = Buffer.from(b.replace(/\s+/g, ''), 'base64');
  return da.length > 0 && da.equals(db);
}

function listEqual(a: Json[], b: Json[], node: FieldNode | undefined): boolean {
  const item = node?.item();
  const kind = node?.list?.type;
  if (kind === 'set') {
    const sa = new Set(a.map(stableJson));
    const sb = new Set(b.map(stableJson));
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
  }
  const keys = mapKeys(node);
  if (keys) {
    const ia = keyed(a, keys, item);
    const ib = keyed(b, keys, item);
    if (ia && ib) {
      if (ia.size !== ib.size) return false;
      for (const [k, v] of ia) if (!ib.has(k) || !semanticEqual(v, ib.get(k), item)) return false;
      return true;
    }
  }
  if (a.length !== b.length) return false;
  return a.every((x, i) => semanticEqual(x, b[i], item));
}

/** Items by key; undefined when an item has no key or keys repeat (then the list compares in order). */
export function keyed(list: Json[], keys: readonly string[], item: FieldNode | undefined): Map<string, Json> | undefined {
  const out = new Map<string, Json>();
  for (const x of list) {
    const el = itemElement(x, keys, item);
    if (!el) return undefined;
    const k = elementKey(el);
    if (out.has(k)) return undefined;
    out.set(k, x);
  }
  return out;
}

/**
 * For lists nothing is known about (custom resources without a schema): the predicted items are
 * covered by the live ones when, item by item, every field Git declares is there with the same
 * value. Extra live fields inside items are what the CRD's schema defaults add; without the schema
 * they cannot be told apart, and flagging them would be the classic false drift (argo-cd#11139).
 */
export function coveredBy(p: Json | undefined, l: Json | undefined): boolean {
  if (isEmpty(p)) return isEmpty(l) || !Array.isArray(l);
  if (Array.isArray(p) && Array.isArray(l)) return p.length === l.length && p.every((x, i) => coveredBy(x, l[i]));
  if (isObj(p) && isObj(l)) return Object.entries(p).every(([k, v]) => coveredBy(v, l[k]) || semanticEqual(v, l[k], undefined));
  return semanticEqual(p, l, undefined);
}
