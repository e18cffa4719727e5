// Overlaying an apply configuration on the live object (structured-merge-diff's Merge, spec §4.5
// step 3): granular maps and structs merge recursively, associative lists merge items by key,
// set lists take the union, atomic nodes and scalars are replaced.
import type { SchemaNode } from '../schema/types.js';
import { itemSchema, propertySchema } from '../schema/types.js';
import { serializeElement } from './fieldpath.js';
import { shapeOf, tryListItemElement } from './schema-walk.js';
import type { Obj } from './values.js';
import { APPLIED_NULL, clone, isObj, unsentinel } from './values.js';

const emptyMap = (v: unknown) => v === undefined || v === null || (isObj(v) && Object.keys(v).length === 0);
const emptyList = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/**
 * Merges `config` into `live`. A null in the config becomes APPLIED_NULL unless live already had
 * null there, so the caller can drop it the way Go's typed round trip would.
 */
export function mergeValues(live: unknown, config: unknown, schema: SchemaNode): unknown {
  const l = live, r = config;
  if (r === undefined) return l === undefined ? undefined : clone(l);
  const keepConfig = () => (r === null ? (unsentinel(l) === null && l !== undefined ? null : APPLIED_NULL) : clone(r));
  const ls = l === undefined ? undefined : shapeOf(schema, l);
  const rs = shapeOf(schema, r);
  if (ls && unsentinel(l) !== null && ls.kind !== rs.kind) return keepConfig();
  if (rs.kind === 'scalar' || rs.atomic) return keepConfig();
  if (rs.kind === 'map') {
    if (emptyMap(unsentinel(l)) && emptyMap(r)) return keepConfig();
    const lm: Obj = isObj(l) ? l : {};
    const rm: Obj = isObj(r) ? r : {};
    const out: Obj = {};
    for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      const v = mergeValues(lm[k], rm[k], propertySchema(schema, k));
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (emptyList(unsentinel(l)) && emptyList(r)) return keepConfig();
  return mergeList(Array.isArray(l) ? l : [], Array.isArray(r) ? r : [], schema);
}

/** The key of every item; items without identity get a key no other item can match. */
function itemKeys(list: SchemaNode, items: unknown[], side: string): string[] {
  return items.map((item, i) => {
    const pe = tryListItemElement(list, item);
    return pe ? serializeElement(pe) : `#${side}${i}`;
  });
}

/**
 * Associative-list merge. Items only in live keep their place; items of the config come in the
 * config's order, merged with their live counterpart; new ones land where the config puts them
 * relative to the shared items.
 */
function mergeList(l: unknown[], r: unknown[], list: SchemaNode): unknown[] {
  const items = itemSchema(list);
  const lKeys = itemKeys(list, l, 'l');
  const rKeys = itemKeys(list, r, 'r');
  // Live may repeat a key; such items are not merged with the config, which replaces them.
  const lByKey = new Map<string, unknown>();
  lKeys.forEach((k, i) => lByKey.set(k, lByKey.has(k) ? undefined : l[i]));
  const rByKey = new Map<string, unknown>();
  rKeys.forEach((k, i) => { if (!rByKey.has(k)) rByKey.set(k, r[i]); });

  const shared = rKeys.filter((k) => lByKey.has(k));
  let sharedAt = 0;
  let nextShared: string | undefined = shared[sharedAt++];
  const advanceShared = () => { nextShared = shared[sharedAt++]; };

  const done = new Set<string>();
  const out: unknown[] = [];
  const push = (v: unknown) => { if (v !== undefined) out.push(v); };
  let li = 0, ri = 0;
  while (li < lKeys.length || ri < rKeys.length) {
    if (li < lKeys.length && ri < rKeys.length) {
      const lk = lKeys[li]!;
      if (lk === rKeys[ri]) {
        done.add(lk);
        push(mergeValues(lByKey.get(lk), rByKey.get(lk), items));
        li++; ri++;
        advanceShared();
        continue;
      }
      // A shared item that the config wants later: skip it here, it is emitted at its config position.
      if (rByKey.has(lk) && nextShared !== undefined && nextShared !== lk) { li++; continue; }
    }
    if (li < lKeys.length) {
      const lk = lKeys[li]!;
      if (!rByKey.has(lk)) { push(clone(l[li])); li++; continue; }
      if (done.has(lk)) li++;
    }
    if (ri < rKeys.length) {
      const rk = rKeys[ri]!;
      done.add(rk);
      push(mergeValues(lByKey.get(rk), rByKey.get(rk), items));
      ri++;
      if (nextShared !== undefined && nextShared === rk) advanceShared();
    }
  }
  return out;
}
