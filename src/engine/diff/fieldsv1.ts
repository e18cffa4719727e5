// Field sets: the FieldsV1 trie of metadata.managedFields (`f:<field>`, `k:<json keys>`,
// `v:<json value>`, `i:<index>`, `.` = the node itself), and the field set of an applied
// configuration (used for a last-applied-configuration when managedFields are absent).
import type { FieldNode } from '../schema/types.js';
import { isEmpty, isObj, type Json } from './json.js';
import { childNode, elementKey, itemElement, mapKeys, type PathEl, type Path, type Scalar } from './path.js';

export interface FieldTrie {
  /** the node itself is in the set (a leaf, or `.` on a node with children) */
  member: boolean;
  children: Map<string, { el: PathEl; trie: FieldTrie }>;
}

export const emptyTrie = (): FieldTrie => ({ member: false, children: new Map() });

function parseElement(key: string): PathEl | undefined {
  const kind = key.slice(0, 2);
  const rest = key.slice(2);
  try {
    switch (kind) {
      case 'f:': return { f: rest };
      case 'k:': {
        const o: unknown = JSON.parse(rest);
        if (!isObj(o)) return undefined;
        const k: Record<string, Scalar> = {};
        for (const name of Object.keys(o).sort()) {
          const v = o[name];
          if (v !== null && typeof v === 'object') return undefined;
          k[name] = v as Scalar;
        }
        return { k };
      }
      case 'v:': return { v: JSON.parse(rest) as Json };
      case 'i:': return /^\d+$/.test(rest) ? { i: Number(rest) } : undefined;
      default: return undefined;
    }
  } catch {
    return undefined;
  }
}

/** Decodes a FieldsV1 object; unknown or malformed elements are skipped, as the API server does. */
export function decodeFieldsV1(fields: unknown): FieldTrie {
  const trie = emptyTrie();
  if (!isObj(fields)) return trie;
  for (const [key, value] of Object.entries(fields)) {
    if (key === '.') {
      trie.member = true;
      continue;
    }
    const el = parseElement(key);
    if (!el) continue;
    const child = decodeFieldsV1(value);
    if (!isObj(value) || Object.keys(value).length === 0) child.member = true;
    addChild(trie, el, child);
  }
  return trie;
}

function addChild(trie: FieldTrie, el: PathEl, child: FieldTrie): void {
  const key = elementKey(el);
  const prev = trie.children.get(key);
  trie.children.set(key, { el, trie: prev ? unionTrie(prev.trie, child) : child });
}

/** The union of two field sets. */
export function unionTrie(a: FieldTrie, b: FieldTrie): FieldTrie {
  const out: FieldTrie = { member: a.member || b.member, children: new Map(a.children) };
  for (const [key, { el, trie }] of b.children) {
    const prev = out.children.get(key);
    out.children.set(key, { el, trie: prev ? unionTrie(prev.trie, trie) : trie });
  }
  return out;
}

/**
 * The intersection of two field sets. A leaf member on one side (an atomic node, or a list the
 * other side's schema knew as keyed) covers the whole subtree of the other side.
 */
export function intersectTrie(a: FieldTrie, b: FieldTrie): FieldTrie {
  const aLeaf = a.member && a.children.size === 0;
  const bLeaf = b.member && b.children.size === 0;
  if (aLeaf) return b.member || b.children.size ? (bLeaf ? a : b) : emptyTrie();
  if (bLeaf) return a;
  const out: FieldTrie = { member: a.member && b.member, children: new Map() };
  for (const [key, { el, trie }] of a.children) {
    const other = b.children.get(key);
    if (!other) continue;
    const t = intersectTrie(trie, other.trie);
    if (t.member || t.children.size) out.children.set(key, { el, trie: t });
  }
  return out;
}

/** The sub-trie at a path, or undefined. */
export function trieAt(trie: FieldTrie | undefined, path: Path): FieldTrie | undefined {
  let cur = trie;
  for (const el of path) {
    cur = cur?.children.get(elementKey(el))?.trie;
    if (!cur) return undefined;
  }
  return cur;
}

/** Whether a set owns the node at a path, something below it, or an ancestor of it as a whole. */
export function trieCovers(trie: FieldTrie | undefined, path: Path): boolean {
  let cur = trie;
  for (const el of path) {
    if (!cur) return false;
    if (cur.member && cur.children.size === 0) return true; // an atomic ancestor
    cur = cur.children.get(elementKey(el))?.trie;
  }
  return !!cur && (cur.member || cur.children.size > 0);
}

/** Every member path of a set (depth first), and whether the member also has children. */
export function memberPaths(trie: FieldTrie, prefix: PathEl[] = [], out: Array<{ path: PathEl[]; hasChildren: boolean }> = []) {
  if (trie.member && prefix.length) out.push({ path: prefix, hasChildren: trie.children.size > 0 });
  for (const { el, trie: t } of trie.children.values()) memberPaths(t, [...prefix, el], out);
  return out;
}

const IDENTITY = new Set(['apiVersion', 'kind']);
const META_IDENTITY = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink']);

/**
 * The field set of an applied configuration (structured-merge-diff `toFieldSet`): scalars, atomic
 * lists and atomic maps are leaves, list-map items and map keys members with children, set items
 * `v:` members. Object identity (apiVersion, kind, metadata.name/namespace) is never owned.
 */
export function fieldSetOf(value: Json | undefined, node: FieldNode | undefined, root = true): FieldTrie {
  const trie = emptyTrie();
  if (isObj(value) && !node?.atomic) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (root && IDENTITY.has(k)) continue;
      const el: PathEl = { f: k };
      let child: FieldTrie;
      if (root && k === 'metadata' && isObj(v)) {
        const meta = { ...v };
        for (const m of META_IDENTITY) delete meta[m];
        child = fieldSetOf(meta, childNode(node, el), false);
      } else {
        child = fieldSetOf(v, childNode(node, el), false);
      }
      if (isLeaf(v, childNode(node, el))) child.member = true;
      addChild(trie, el, child);
    }
    return trie;
  }
  if (Array.isArray(value)) {
    const list = node?.list?.type;
    const keys = mapKeys(node);
    if (keys) {
      for (const item of value) {
        const el = itemElement(item, keys, node?.item());
        if (!el) continue;
        const child = fieldSetOf(item, node?.item(), false);
        child.member = true;
        addChild(trie, el, child);
      }
    } else if (list === 'set') {
      for (const item of value) addChild(trie, { v: item }, { member: true, children: new Map() });
    }
  }
  return trie;
}

function isLeaf(v: Json, node: FieldNode | undefined): boolean {
  if (isEmpty(v)) return true;
  if (Array.isArray(v)) return !node?.list || node.list.type === 'atomic';
  if (isObj(v)) return !!node?.atomic;
  return true;
}
