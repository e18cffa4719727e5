// The removal half of server-side apply, with the suite's takeover policy: a field that Git no
// longer declares is removed when the engine owns it (its Apply entry) or an interactive kubectl
// manager does (taken over, as Flux does), and no other manager also owns it or anything below
// it. List-map key fields stay with their item; retained server fields are never removed.
import type { FieldNode } from '../schema/types.js';
import type { FieldTrie } from './fieldsv1.js';
import { isEmpty, isObj, type Json } from './json.js';
import { childAt, childNode, deleteChild, elementKey, mapKeys, type PathEl } from './path.js';

export interface TakeoverInput {
  /** the predicted object, mutated */
  predicted: Json;
  /** the desired object (what Git declares) */
  desired: Json | undefined;
  /** fields the engine may remove */
  removable: FieldTrie;
  /** fields owned by anyone else */
  others: FieldTrie;
  root: FieldNode | undefined;
  /** the server keeps this field */
  retained: (path: readonly PathEl[]) => boolean;
  /** the server keeps something below this field */
  holdsRetained: (path: readonly PathEl[]) => boolean;
}

export function removeTakenOver(input: TakeoverInput): void {
  walk(input, input.predicted, input.desired, input.removable, input.others, input.root, [], new Set());
}

function isLeafNode(node: FieldNode | undefined, value: Json | undefined): boolean {
  if (node?.atomic) return true;
  if (Array.isArray(value)) return !node?.list || node.list.type === 'atomic';
  return !isObj(value);
}

function walk(
  input: TakeoverInput, p: Json, d: Json | undefined, r: FieldTrie, o: FieldTrie | undefined,
  node: FieldNode | undefined, path: PathEl[], keyFields: ReadonlySet<string>,
): void {
  for (const { el, trie: rc } of [...r.children.values()]) {
    if ('f' in el && keyFields.has(el.f)) continue;
    const pc = childAt(p, el, node);
    if (pc === undefined) continue;
    const cpath = [...path, el];
    if (input.retained(cpath)) continue;
    const cnode = childNode(node, el);
    const dc = d === undefined ? undefined : childAt(d, el, node);
    const oc = o?.children.get(elementKey(el))?.trie;
    const childKeys: ReadonlySet<string> = 'k' in el ? new Set(mapKeys(node) ?? Object.keys(el.k)) : new Set();
    if (isDeclared(dc)) {
      // Declared: the applied value stands; below a declared map or item, undeclared parts may go.
      if (!isLeafNode(cnode, pc) && rc.children.size) walk(input, pc, dc, rc, oc, cnode, cpath, childKeys);
      continue;
    }
    if (rc.member && !oc) {
      if (input.holdsRetained(cpath)) removeAllBut(input, pc, cnode, cpath);
      else deleteChild(p, el, node);
      continue;
    }
    if (rc.children.size) walk(input, pc, undefined, rc, oc, cnode, cpath, childKeys);
  }
}

/** Removes everything of a value except what the server keeps. */
function removeAllBut(input: TakeoverInput, value: Json, node: FieldNode | undefined, path: PathEl[]): void {
  if (!isObj(value)) return;
  for (const key of Object.keys(value)) {
    const cpath = [...path, { f: key }];
    if (input.retained(cpath)) continue;
    if (input.holdsRetained(cpath)) removeAllBut(input, value[key]!, node?.child(key), cpath);
    else delete value[key];
  }
}

/** Git declares a value there: a scalar (zero included) or a non-empty map or list. */
export function isDeclared(v: Json | undefined): boolean {
  if (v === undefined || v === null) return false;
  return typeof v !== 'object' || !isEmpty(v);
}
