// Structural difference between predicted and live (both normalised), reported at the shallowest
// differing node: a whole added or removed map key or list item is one entry; an absent granular
// map or keyed list counts as empty, so its keys/items are reported; atomic lists and maps (and
// sets) are reported on their own path. Order of keyed lists is not looked at here (order.ts).
import type { FieldNode } from '../schema/types.js';
import { coveredBy, keyed, semanticEqual } from './equal.js';
import { isEmpty, isObj, isZeroScalar, type Json } from './json.js';
import { elementKey, itemElement, mapKeys, type PathEl } from './path.js';

/**
 * Structs that every object has (Go non-pointer structs): their absence on one side means
 * nothing, so the difference is reported inside them, never on them.
 */
const CONTAINERS = new Set(['metadata', 'spec', 'template', 'jobTemplate']);

function isContainer(path: PathEl[]): boolean {
  const last = path[path.length - 1];
  return last === undefined || ('f' in last && CONTAINERS.has(last.f));
}

export interface RawDiff {
  path: PathEl[];
  predicted: Json | undefined;
  live: Json | undefined;
}

export function diffTree(p: Json | undefined, l: Json | undefined, node: FieldNode | undefined, path: PathEl[] = [], out: RawDiff[] = [], inMap = false): RawDiff[] {
  const pe = isEmpty(p);
  const le = isEmpty(l);
  if (pe && le) return out;
  // omitempty: a zero scalar that Git declares is absent from what the server returns
  if (!inMap && (l === undefined || l === null) && isZeroScalar(p)) return out;
  const keys = mapKeys(node);
  if (pe || le) {
    const present = pe ? l : p;
    if (isObj(present) && !node?.atomic && (node?.isMap || isContainer(path))) {
      diffObjects(pe ? {} : (p as Record<string, Json>), le ? {} : (l as Record<string, Json>), node, path, out);
      return out;
    }
    if (Array.isArray(present) && keys && keyed(present, keys, node?.item())) {
      diffKeyed(pe ? [] : (p as Json[]), le ? [] : (l as Json[]), keys, node, path, out);
      return out;
    }
    out.push({ path, predicted: p, live: l });
    return out;
  }
  if (node?.atomic) {
    if (!semanticEqual(p, l, node)) out.push({ path, predicted: p, live: l });
    return out;
  }
  if (isObj(p) && isObj(l)) {
    diffObjects(p, l, node, path, out);
    return out;
  }
  if (Array.isArray(p) && Array.isArray(l) && keys && keyed(p, keys, node?.item()) && keyed(l, keys, node?.item())) {
    diffKeyed(p, l, keys, node, path, out);
    return out;
  }
  const same = !node && Array.isArray(p) && Array.isArray(l) ? coveredBy(p, l) : semanticEqual(p, l, node, inMap);
  if (!same) out.push({ path, predicted: p, live: l });
  return out;
}

function diffObjects(p: Record<string, Json>, l: Record<string, Json>, node: FieldNode | undefined, path: PathEl[], out: RawDiff[]): void {
  const keys = [...new Set([...Object.keys(p), ...Object.keys(l)])].sort();
  for (const k of keys) diffTree(p[k], l[k], node?.child(k), [...path, { f: k }], out, !!node?.isMap);
}

function diffKeyed(p: Json[], l: Json[], keys: readonly string[], node: FieldNode | undefined, path: PathEl[], out: RawDiff[]): void {
  const item = node?.item();
  const byKey = new Map<string, { el: PathEl; p?: Json; l?: Json }>();
  for (const x of l) {
    const el = itemElement(x, keys, item)!;
    byKey.set(elementKey(el), { el, l: x });
  }
  for (const x of p) {
    const el = itemElement(x, keys, item)!;
    const k = elementKey(el);
    const prev = byKey.get(k);
    if (prev) prev.p = x;
    else byKey.set(k, { el, p: x });
  }
  for (const { el, p: pi, l: li } of byKey.values()) diffTree(pi, li, item, [...path, el], out);
}
