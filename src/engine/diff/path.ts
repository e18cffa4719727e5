// Paths into objects, as structured-merge-diff models them (field / list-map key / set value /
// index), their FieldsV1 identity, and their rendering in the drift-contract grammar:
// `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`, `containers[name=web]`,
// `ports[containerPort=9125,protocol=UDP]`.
import { isObj, stableJson, type Json, type JsonObject } from './json.js';
import type { FieldNode } from '../schema/types.js';

export type Scalar = string | number | boolean | null;

export type PathEl =
  | { readonly f: string }
  /** an item of an associative list, by its key fields */
  | { readonly k: Readonly<Record<string, Scalar>> }
  /** an item of a set list */
  | { readonly v: Json }
  /** an index (atomic lists inside granular parents; rare) */
  | { readonly i: number };

export type Path = readonly PathEl[];

/** The FieldsV1 spelling of an element, canonical (sorted keys): `f:x`, `k:{"a":1}`, `v:"x"`, `i:0`. */
export function elementKey(el: PathEl): string {
  if ('f' in el) return `f:${el.f}`;
  if ('k' in el) return `k:${stableJson(el.k)}`;
  if ('v' in el) return `v:${stableJson(el.v)}`;
  return `i:${el.i}`;
}

const PLAIN = /^[A-Za-z0-9_-]+$/;

/** The drift-contract rendering of a path. */
export function renderPath(path: Path): string {
  let out = '';
  for (const el of path) {
    if ('f' in el) {
      if (PLAIN.test(el.f)) out += out === '' ? el.f : `.${el.f}`;
      else out += `[${JSON.stringify(el.f)}]`;
    } else if ('k' in el) {
      out += `[${Object.keys(el.k).sort().map((k) => `${k}=${scalarText(el.k[k] ?? null)}`).join(',')}]`;
    } else if ('v' in el) {
      out += `[${stableJson(el.v)}]`;
    } else {
      out += `[${el.i}]`;
    }
  }
  return out;
}

const scalarText = (v: Scalar): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The key element of a list-map item: its key fields (sorted), with defaulted key fields filled
 * from the schema (`protocol: TCP`). undefined when the item is not an object or has no key at all.
 */
export function itemElement(item: Json, keys: readonly string[], itemNode: FieldNode | undefined): PathEl | undefined {
  if (!isObj(item)) return undefined;
  const k: Record<string, Scalar> = {};
  for (const name of [...keys].sort()) {
    let v = item[name];
    if (v === undefined || v === null) {
      const d = itemNode?.child(name)?.default;
      if (d !== undefined && (d === null || typeof d !== 'object')) v = d as Scalar;
    }
    if (v === undefined || v === null) continue;
    if (typeof v === 'object') return undefined;
    k[name] = v;
  }
  return Object.keys(k).length ? { k } : undefined;
}

/** Whether a value is the item selected by a key element. */
export function matchesItem(item: Json, el: { k: Readonly<Record<string, Scalar>> }, keys: readonly string[], itemNode: FieldNode | undefined): boolean {
  const mine = itemElement(item, keys, itemNode);
  return !!mine && elementKey(mine) === elementKey(el);
}

/** The list-map keys of a node, when it is an associative list. */
export function mapKeys(node: FieldNode | undefined): readonly string[] | undefined {
  const l = node?.list;
  return l && l.type === 'map' ? l.keys : undefined;
}

/** The child value at one element, or undefined. */
export function childAt(value: Json | undefined, el: PathEl, node: FieldNode | undefined): Json | undefined {
  if ('f' in el) return isObj(value) ? value[el.f] : undefined;
  if (!Array.isArray(value)) return undefined;
  if ('i' in el) return value[el.i];
  if ('v' in el) {
    const want = stableJson(el.v);
    return value.find((x) => stableJson(x) === want);
  }
  const keys = mapKeys(node) ?? Object.keys(el.k);
  return value.find((x) => matchesItem(x, el, keys, node?.item()));
}

/** The node of a child element. */
export function childNode(node: FieldNode | undefined, el: PathEl): FieldNode | undefined {
  if (!node) return undefined;
  return 'f' in el ? node.child(el.f) : node.item();
}

/** The value at a path, or undefined. */
export function valueAt(root: Json | undefined, path: Path, node: FieldNode | undefined): Json | undefined {
  let cur = root;
  let n = node;
  for (const el of path) {
    if (cur === undefined) return undefined;
    cur = childAt(cur, el, n);
    n = childNode(n, el);
  }
  return cur;
}

/** The node at a path. */
export function nodeAtPath(node: FieldNode | undefined, path: Path): FieldNode | undefined {
  let n = node;
  for (const el of path) n = childNode(n, el);
  return n;
}

/** Deletes the child at one element of a container; true when something was removed. */
export function deleteChild(container: Json | undefined, el: PathEl, node: FieldNode | undefined): boolean {
  if ('f' in el) {
    if (!isObj(container) || !(el.f in container)) return false;
    delete (container as JsonObject)[el.f];
    return true;
  }
  if (!Array.isArray(container)) return false;
  const target = childAt(container, el, node);
  if (target === undefined) return false;
  container.splice(container.indexOf(target), 1);
  return true;
}

/** Deletes the value at a path; true when something was removed. */
export function deleteAt(root: Json | undefined, path: Path, node: FieldNode | undefined): boolean {
  if (!path.length) return false;
  const parent = valueAt(root, path.slice(0, -1), node);
  return deleteChild(parent, path[path.length - 1]!, nodeAtPath(node, path.slice(0, -1)));
}

/** Field names of a path (`['spec','template','spec','containers','[]','env']`), for messages and rules. */
export function fieldNames(path: Path): string[] {
  return path.map((el) => ('f' in el ? el.f : '[]'));
}
