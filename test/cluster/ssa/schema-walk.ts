// How SSA reads a SchemaNode: whether a value is a scalar, a map/struct or a list, whether that
// node is atomic, the schema of a child, and the path element of a list item (spec §4.4).
import type { Json } from '../api/types.js';
import type { SchemaNode } from '../schema/types.js';
import { ANY, itemSchema, propertySchema } from '../schema/types.js';
import type { PathElement } from './fieldpath.js';
import { FieldSet, keyEl, valueEl } from './fieldpath.js';
import { isObj, unsentinel } from './values.js';

export type Shape =
  | { kind: 'scalar' }
  | { kind: 'map'; atomic: boolean }
  | { kind: 'list'; atomic: boolean };

function declaredKind(s: SchemaNode): 'map' | 'list' | 'scalar' | undefined {
  if (s.properties || s.additionalProperties || s.type === 'object') return 'map';
  if (s.items || s.type === 'array') return 'list';
  if (s.type === 'any') return undefined;
  return 'scalar';
}

function valueKind(v: unknown): 'map' | 'list' | 'scalar' | 'null' {
  v = unsentinel(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (isObj(v)) return 'map';
  return 'scalar';
}

/**
 * The shape of a node. Untyped nodes (ANY, preserve-unknown-fields) follow the value: objects are
 * granular maps, lists atomic. A typed node whose value has another kind is handled as a leaf.
 */
export function shapeOf(s: SchemaNode, v: unknown): Shape {
  const declared = declaredKind(s);
  const actual = valueKind(v);
  const kind = declared ?? (actual === 'null' ? 'map' : actual);
  if (actual !== 'null' && actual !== kind) return { kind: 'scalar' };
  if (kind === 'map') return { kind: 'map', atomic: s.mapType === 'atomic' };
  if (kind === 'list') return { kind: 'list', atomic: !declared || (s.listType !== 'set' && s.listType !== 'map') };
  return { kind: 'scalar' };
}

/** True when `name` is a declared struct field of `s` (not a key of a map). */
export function isDeclaredField(s: SchemaNode, name: string): boolean {
  return !!s.properties && Object.prototype.hasOwnProperty.call(s.properties, name);
}

export function childSchema(s: SchemaNode, pe: PathElement): SchemaNode {
  return pe.kind === 'field' ? propertySchema(s, pe.name) : itemSchema(s);
}

/** A list item that has no usable identity (missing keys, null or object in a set). */
export class ListItemError extends Error {}

/** Key fields that Kubernetes defaults when omitted, for schemas that do not carry the default. */
function fallbackKeyDefault(keys: readonly string[], key: string): Json | undefined {
  if (key === 'protocol' && (keys.includes('containerPort') || keys.includes('port'))) return 'TCP';
  return undefined;
}

/** The path element of one item of a `set` or `map` list (throws ListItemError when it has none). */
export function listItemElement(list: SchemaNode, item: unknown): PathElement {
  item = unsentinel(item);
  const keys = list.listType === 'map' ? list.listMapKeys ?? [] : [];
  if (keys.length === 0) {
    if (item === null || item === undefined) throw new ListItemError('associative list without keys has an element that\'s an explicit null');
    if (isObj(item)) throw new ListItemError('associative list without keys has an element that\'s a map type');
    if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
    return valueEl(item as Json);
  }
  if (item === null || item === undefined) throw new ListItemError('associative list with keys may not have a null element');
  if (!isObj(item)) throw new ListItemError('associative list with keys may not have non-map elements');
  const fields: Record<string, Json> = {};
  const itemNode = itemSchema(list);
  for (const k of keys) {
    if (k in item && item[k] !== undefined) fields[k] = unsentinel(item[k]) as Json;
    else {
      const d = itemNode.properties?.[k]?.default ?? fallbackKeyDefault(keys, k);
      if (d !== undefined && d !== null) fields[k] = d;
    }
  }
  if (Object.keys(fields).length === 0) {
    throw new ListItemError(`associative list with keys has an element that omits all key fields ${JSON.stringify(keys).replace(/,/g, ' ')} (and doesn't have default values for any key fields)`);
  }
  return keyEl(fields);
}

/** listItemElement, or undefined for items without identity (used on stored objects). */
export function tryListItemElement(list: SchemaNode, item: unknown): PathElement | undefined {
  try {
    return listItemElement(list, item);
  } catch (e) {
    if (e instanceof ListItemError) return undefined;
    throw e;
  }
}

/** Adds, at every level, the declared struct fields that have children as members (SMD's EnsureNamedFieldsAreMembers). */
export function ensureNamedFieldsAreMembers(set: FieldSet, s: SchemaNode = ANY): FieldSet {
  const members = set.memberElements();
  const children: Array<[PathElement, FieldSet]> = [];
  for (const [pe, sub] of set.childEntries()) {
    if (pe.kind === 'field' && isDeclaredField(s, pe.name) && !members.some((m) => m.kind === 'field' && m.name === pe.name)) members.push(pe);
    children.push([pe, ensureNamedFieldsAreMembers(sub, childSchema(s, pe))]);
  }
  return FieldSet.fromParts(members, children);
}
