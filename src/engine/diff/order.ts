// Order drift (drift-contract rule 5): the same keyed items in a different order count only
// inside a pod template, where the pod-template-hash covers order and a sync would roll the pods.
// Compares the order Git declares with the live order of the items both sides have.
import type { FieldNode } from '../schema/types.js';
import { keyed } from './equal.js';
import { isObj, type Json } from './json.js';
import { elementKey, itemElement, mapKeys, type PathEl } from './path.js';

/** A pod template: an object under `template` whose spec has containers. */
function isPodTemplate(v: Json | undefined): boolean {
  return isObj(v) && isObj(v['spec']) && Array.isArray(v['spec']['containers']);
}

export function orderDiffs(d: Json | undefined, l: Json | undefined, node: FieldNode | undefined, path: PathEl[] = [], inTemplate = false, out: PathEl[][] = []): PathEl[][] {
  if (isObj(d) && isObj(l)) {
    if (node?.atomic) return out;
    for (const [k, dv] of Object.entries(d)) {
      const lv = l[k];
      if (lv === undefined) continue;
      const entering = k === 'template' && (isPodTemplate(dv) || isPodTemplate(lv));
      orderDiffs(dv, lv, node?.child(k), [...path, { f: k }], inTemplate || entering, out);
    }
    return out;
  }
  if (!Array.isArray(d) || !Array.isArray(l)) return out;
  const keys = mapKeys(node);
  const item = node?.item();
  if (!keys || !keyed(d, keys, item) || !keyed(l, keys, item)) return out;
  const dEls = d.map((x) => itemElement(x, keys, item)!);
  const lEls = l.map((x) => itemElement(x, keys, item)!);
  const dKeys = dEls.map(elementKey);
  const lKeys = lEls.map(elementKey);
  const common = new Set(dKeys.filter((k) => lKeys.includes(k)));
  if (inTemplate) {
    const a = dKeys.filter((k) => common.has(k));
    const b = lKeys.filter((k) => common.has(k));
    if (a.some((k, i) => k !== b[i])) out.push(path);
  }
  d.forEach((x, i) => {
    const j = lKeys.indexOf(dKeys[i]!);
    if (j >= 0) orderDiffs(x, l[j], item, [...path, dEls[i]!], inTemplate, out);
  });
  return out;
}
