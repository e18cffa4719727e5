// SchemaNode graphs as OpenAPI v3 schema objects. Named nodes become components.schemas entries
// referenced by `$ref` (so recursive types stay finite); a per-property view of a named node (same
// name, extra description/tags) becomes `allOf: [{$ref}]` plus its own keywords, as kube-apiserver
// publishes such properties. kubectl explain resolves both forms.
import type { Json, JsonObject } from '../api/types.js';
import type { SchemaNode } from './types.js';
import { builtinDefinition } from './builtin.js';
import { INT_OR_STRING_NAME, QUANTITY_NAME } from './builtin-names.js';

export const REF_PREFIX = '#/components/schemas/';

/** Collects the component schemas of the nodes rendered through it. */
export class SchemaRenderer {
  readonly schemas: Record<string, JsonObject> = {};
  /** canonical node per definition name seen in this document */
  private readonly canonical = new Map<string, SchemaNode>();

  /** A reference (or inline schema, for unnamed nodes) usable wherever a schema is expected. */
  ref(node: SchemaNode): JsonObject {
    if (!node.name) return this.inline(node);
    const canon = this.define(node);
    if (canon === node) return { $ref: REF_PREFIX + node.name };
    const view: JsonObject = { allOf: [{ $ref: REF_PREFIX + node.name }] };
    for (const [k, v] of Object.entries(decorations(node, canon))) view[k] = v;
    return view;
  }

  /** Registers the definition of a named node (its canonical node) and returns that canonical node. */
  define(node: SchemaNode): SchemaNode {
    const name = node.name!;
    let canon = this.canonical.get(name);
    if (!canon) {
      canon = builtinDefinition(name) ?? node;
      this.canonical.set(name, canon);
      const slot: JsonObject = {};
      // Reserve the slot first: recursive types come back here while their body is being rendered.
      this.schemas[name] = slot;
      Object.assign(slot, this.inline(canon));
    }
    return canon;
  }

  /** The full schema object of a node, its named children rendered as references. */
  inline(node: SchemaNode): JsonObject {
    const out: JsonObject = {};
    if (node.description) out.description = node.description;
    writeType(node, out);
    if (node.properties) {
      const props: JsonObject = {};
      for (const [k, child] of Object.entries(node.properties)) props[k] = this.ref(child);
      out.properties = props;
    }
    if (node.required?.length) out.required = [...node.required];
    if (node.additionalProperties) out.additionalProperties = this.ref(node.additionalProperties);
    if (node.items) out.items = this.ref(node.items);
    writeKeywords(node, out);
    if (node.gvk) out['x-kubernetes-group-version-kind'] = [{ group: node.gvk.group, kind: node.gvk.kind, version: node.gvk.version }];
    return out;
  }
}

function writeType(node: SchemaNode, out: JsonObject): void {
  if (node.name === INT_OR_STRING_NAME) {
    // Untyped with oneOf, as published; kubectl explain then prints <IntOrString>.
    out.format = 'int-or-string';
    out.oneOf = [{ type: 'integer' }, { type: 'string' }];
    out['x-kubernetes-int-or-string'] = true;
    return;
  }
  if (node.name === QUANTITY_NAME) {
    out.oneOf = [{ type: 'string' }, { type: 'number' }];
    return;
  }
  if (node.type === 'int-or-string') {
    out['x-kubernetes-int-or-string'] = true;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  } else if (node.type !== 'any') {
    out.type = node.type;
  }
  if (node.format && node.format !== 'quantity') out.format = node.format;
}

/** Extension and validation keywords of a node. */
function writeKeywords(node: SchemaNode, out: JsonObject): void {
  if (node.default !== undefined) out.default = node.default;
  if (node.enum) out.enum = node.enum;
  if (node.nullable) out.nullable = true;
  const nums: Array<keyof SchemaNode & ('minimum' | 'maximum' | 'maxLength' | 'minLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties')> =
    ['minimum', 'maximum', 'maxLength', 'minLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];
  for (const k of nums) if (node[k] !== undefined) out[k] = node[k]!;
  if (node.exclusiveMinimum) out.exclusiveMinimum = true;
  if (node.exclusiveMaximum) out.exclusiveMaximum = true;
  if (node.pattern !== undefined) out.pattern = node.pattern;
  if (node.embeddedResource) out['x-kubernetes-embedded-resource'] = true;
  if (node.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (node.listType) out['x-kubernetes-list-type'] = node.listType;
  if (node.listMapKeys) out['x-kubernetes-list-map-keys'] = [...node.listMapKeys];
  if (node.mapType) out['x-kubernetes-map-type'] = node.mapType;
  if (node.patchStrategy) out['x-kubernetes-patch-strategy'] = node.patchStrategy;
  if (node.patchMergeKey) out['x-kubernetes-patch-merge-key'] = node.patchMergeKey;
}

/** What a per-property view adds to its definition (only keys that differ). */
function decorations(view: SchemaNode, canon: SchemaNode): JsonObject {
  const out: JsonObject = {};
  if (view.description && view.description !== canon.description) out.description = view.description;
  const mine: JsonObject = {};
  const theirs: JsonObject = {};
  writeKeywords(view, mine);
  writeKeywords(canon, theirs);
  for (const [k, v] of Object.entries(mine)) {
    if (JSON.stringify(v) !== JSON.stringify(theirs[k])) out[k] = v as Json;
  }
  return out;
}
