// Typed comparison of two versions of an object (structured-merge-diff's Compare): which paths
// were added, modified or removed. Leaves and atomic nodes compare by value; maps and list items
// that appear or disappear are reported themselves as well as their contents.
import type { SchemaNode } from '../schema/types.js';
import { itemSchema, propertySchema } from '../schema/types.js';
import type { Path, PathElement } from './fieldpath.js';
import { FieldSet, fieldEl, serializeElement } from './fieldpath.js';
import { shapeOf, tryListItemElement } from './schema-walk.js';
import { deepEqual, isObj, isSentinel, unsentinel } from './values.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export interface CompareOptions {
  /**
   * Treat `null` like an absent field. Ownership of ordinary updates uses this: stored objects
   * and request bodies differ in whether they spell out nulls, Go's typed objects do not.
   */
  nullIsAbsent?: boolean;
}

export function compareObjects(lhs: unknown, rhs: unknown, schema: SchemaNode, opts: CompareOptions = {}): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(lhs, rhs, schema, [], out, opts.nullIsAbsent ?? false);
  return out;
}

/** The comparison without the given paths and anything below them. */
export function excludeFromComparison(c: Comparison, excluded: FieldSet): Comparison {
  return {
    added: c.added.recursiveDifference(excluded),
    modified: c.modified.recursiveDifference(excluded),
    removed: c.removed.recursiveDifference(excluded),
  };
}

const emptyMap = (v: unknown) => v === undefined || v === null || (isObj(v) && Object.keys(v).length === 0);
const emptyList = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

function normalise(v: unknown, nullIsAbsent: boolean): unknown {
  if (v === undefined) return undefined;
  if (nullIsAbsent && (v === null || isSentinel(v))) return undefined;
  return unsentinel(v);
}

function walk(l: unknown, r: unknown, s: SchemaNode, path: Path, out: Comparison, nullIsAbsent: boolean): void {
  l = normalise(l, nullIsAbsent);
  r = normalise(r, nullIsAbsent);
  if (l === undefined && r === undefined) return;

  const leaf = () => {
    if (path.length === 0) return;
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
    else if (!deepEqual(l, r)) out.modified.insert(path);
  };
  const ls = l === undefined ? undefined : shapeOf(s, l);
  const rs = r === undefined ? undefined : shapeOf(s, r);
  if (ls && rs && ls.kind !== rs.kind) return leaf();
  const shape = (rs ?? ls)!;
  if (shape.kind === 'scalar' || shape.atomic) return leaf();
  if (shape.kind === 'map') {
    if (emptyMap(l) && emptyMap(r)) return leaf();
    const lm = isObj(l) ? l : {};
    const rm = isObj(r) ? r : {};
    const keys = new Set([...Object.keys(lm), ...Object.keys(rm)]);
    for (const k of keys) walk(lm[k], rm[k], propertySchema(s, k), [...path, fieldEl(k)], out, nullIsAbsent);
  } else {
    if (emptyList(l) && emptyList(r)) return leaf();
    compareItems(Array.isArray(l) ? l : [], Array.isArray(r) ? r : [], s, path, out, nullIsAbsent);
  }
  // A map or list item that appears or disappears is itself a changed path.
  if (path.length === 0) return;
  if (l === undefined) out.added.insert(path);
  else if (r === undefined) out.removed.insert(path);
}

interface Group { pe: PathElement; items: unknown[] }

function groupItems(list: SchemaNode, items: unknown[], nullIsAbsent: boolean): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const item of items) {
    if (nullIsAbsent && (item === null || isSentinel(item))) continue;
    const pe = tryListItemElement(list, item);
    if (!pe) continue;
    const k = serializeElement(pe);
    const g = groups.get(k);
    if (g) g.items.push(item);
    else groups.set(k, { pe, items: [item] });
  }
  return groups;
}

function compareItems(l: unknown[], r: unknown[], s: SchemaNode, path: Path, out: Comparison, nullIsAbsent: boolean): void {
  const lg = groupItems(s, l, nullIsAbsent);
  const rg = groupItems(s, r, nullIsAbsent);
  const items = itemSchema(s);
  for (const k of new Set([...lg.keys(), ...rg.keys()])) {
    const pe = (lg.get(k) ?? rg.get(k))!.pe;
    const ll = lg.get(k)?.items ?? [];
    const rl = rg.get(k)?.items ?? [];
    const itemPath = [...path, pe];
    if (ll.length <= 1 && rl.length <= 1) {
      walk(ll[0], rl[0], items, itemPath, out, nullIsAbsent);
    } else if (ll.length >= 2 && rl.length >= 2) {
      // Duplicates on both sides compare as one atomic value.
      if (!deepEqual(ll, rl)) out.modified.insert(itemPath);
    } else if (ll.length >= 2) {
      if (rl.length) walk(undefined, rl[0], items, itemPath, out, nullIsAbsent);
      out.removed.insert(itemPath);
    } else {
      if (ll.length) walk(ll[0], undefined, items, itemPath, out, nullIsAbsent);
      out.added.insert(itemPath);
    }
  }
}
