// Structural-schema defaulting (CRDs, and `default:` of built-in OpenAPI): a field with a
// default that is absent from an object which exists gets the default, recursively.
import type { FieldNode } from '../schema/types.js';
import { clone, isObj, type Json } from './json.js';

export function applySchemaDefaults(value: Json | undefined, node: FieldNode | undefined, depth = 0): void {
  if (!node || value === undefined || depth > 64) return;
  if (Array.isArray(value)) {
    const item = node.item();
    for (const x of value) applySchemaDefaults(x, item, depth + 1);
    return;
  }
  if (!isObj(value)) return;
  for (const name of node.fieldNames()) {
    const child = node.child(name);
    if (!child) continue;
    if (value[name] === undefined && child.default !== undefined) value[name] = clone(child.default as Json);
  }
  for (const [k, v] of Object.entries(value)) applySchemaDefaults(v, node.child(k), depth + 1);
}
