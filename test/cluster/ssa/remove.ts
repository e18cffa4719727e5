// Removing a set of paths from an object (structured-merge-diff's RemoveItems), the tool of the
// prune step (spec §4.5 step 4). A member path removes the whole node (a list item with all its
// fields); a path below a node descends into it. A map or list left empty becomes EMPTIED.
import type { SchemaNode } from '../schema/types.js';
import { itemSchema, propertySchema } from '../schema/types.js';
import type { FieldSet } from './fieldpath.js';
import { fieldEl } from './fieldpath.js';
import { shapeOf, tryListItemElement } from './schema-walk.js';
import type { Obj } from './values.js';
import { EMPTIED, isObj, isSentinel } from './values.js';

export function removePaths(value: unknown, set: FieldSet, schema: SchemaNode): unknown {
  if (set.isEmpty() || isSentinel(value)) return value;
  const shape = shapeOf(schema, value);
  if (shape.kind === 'scalar') return value;
  if (shape.kind === 'list') {
    // Go leaves null for an empty or atomic list it was asked to descend into.
    if (!Array.isArray(value) || value.length === 0 || shape.atomic) return value === null ? null : EMPTIED;
    const items = itemSchema(schema);
    const kept: unknown[] = [];
    for (const item of value) {
      const pe = tryListItemElement(schema, item);
      if (!pe) { kept.push(item); continue; }
      if (set.has([pe])) continue;
      const sub = set.withPrefix(pe);
      kept.push(sub.isEmpty() ? item : removePaths(item, sub, items));
    }
    return kept.length ? kept : EMPTIED;
  }
  if (!isObj(value)) return value;
  if (Object.keys(value).length === 0 || shape.atomic) return EMPTIED;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || set.has([fieldEl(k)])) continue;
    const sub = set.withPrefix(fieldEl(k));
    out[k] = sub.isEmpty() ? v : removePaths(v, sub, propertySchema(schema, k));
  }
  return Object.keys(out).length ? out : EMPTIED;
}
