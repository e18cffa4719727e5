// The merge half of server-side apply (structured-merge-diff): the applied configuration over the
// live object. Structs and granular maps merge per key, associative lists per item key, sets by
// union; atomic lists and maps, scalars and unknown lists are replaced by the applied value.
import type { FieldNode } from '../schema/types.js';
import { keyed } from './equal.js';
import { clone, isObj, stableJson, type Json, type JsonObject } from './json.js';
import { elementKey, itemElement, mapKeys } from './path.js';

/** The merged object; a fresh copy that shares nothing with its inputs. */
export function mergeApplied(live: Json | undefined, applied: Json | undefined, node: FieldNode | undefined): Json | undefined {
  return clone(merge(live, applied, node));
}

// Builds the result sharing unchanged subtrees with the inputs (cloned once by the caller).
function merge(live: Json | undefined, applied: Json | undefined, node: FieldNode | undefined): Json | undefined {
  if (applied === undefined || applied === null) return live;
  if (live === undefined || live === null) return applied;
  if (isObj(applied) && isObj(live) && !node?.atomic) {
    const out: JsonObject = { ...live };
    for (const [k, v] of Object.entries(applied)) {
      const merged = merge(live[k], v, node?.child(k));
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const kind = node?.list?.type;
    const keys = mapKeys(node);
    const item = node?.item();
    if (keys && keyed(live, keys, item) && keyed(applied, keys, item)) {
      const out = [...live];
      const index = new Map(out.map((x, i) => [elementKey(itemElement(x, keys, item)!), i]));
      for (const a of applied) {
        const i = index.get(elementKey(itemElement(a, keys, item)!));
        if (i !== undefined) out[i] = merge(out[i], a, item) ?? a;
        else out.push(a);
      }
      return out;
    }
    if (kind === 'set') {
      const seen = new Set(live.map(stableJson));
      return [...live, ...applied.filter((a) => !seen.has(stableJson(a)))];
    }
  }
  return applied;
}
