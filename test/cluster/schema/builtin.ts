// Schemas of the built-in kinds, derived on demand from @kubernetes/client-node's generated models
// (types, formats, descriptions, required-ness) plus the merge-semantics tags of builtin-tags.ts.
// Nodes are built per model class once and shared, so recursive types (JSONSchemaProps) stay cycles of
// shared references. Nothing is built at import time.
import type { SchemaNode } from './types.js';
import { readModel, type ModelAttr } from './model-reader.js';
import {
  BUILTIN_KINDS, definitionName, groupPackage, type BuiltinKind,
  INT_OR_STRING_NAME, QUANTITY_NAME, TIME_NAME, MICRO_TIME_NAME, RAW_EXTENSION_NAME, FIELDS_V1_NAME,
} from './builtin-names.js';
import { applyTags, builtinDefault, builtinTags, specialType, type SpecialType } from './builtin-tags.js';

export type { BuiltinKind } from './builtin-names.js';

const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

/** Named leaf types that have no model class. */
const SPECIAL_NODES: Record<SpecialType | 'IntOrString' | 'Time' | 'MicroTime', SchemaNode> = {
  IntOrString: {
    name: INT_OR_STRING_NAME, type: 'int-or-string', format: 'int-or-string', intOrString: true,
    description: 'IntOrString holds either an int32 or a string; JSON carries whichever of the two it holds, so a field can accept a number or a name.',
  },
  Quantity: {
    name: QUANTITY_NAME, type: 'int-or-string', format: 'quantity',
    description: 'Quantity is a fixed-point number, written as a string with an optional suffix (e.g. "500m", "1Gi") or as a plain number.',
  },
  Time: {
    name: TIME_NAME, type: 'string', format: 'date-time',
    description: 'Time is a timestamp serialised as an RFC 3339 string with second precision.',
  },
  MicroTime: { name: MICRO_TIME_NAME, type: 'string', format: 'date-time', description: 'MicroTime is a timestamp serialised as an RFC 3339 string with microsecond precision.' },
  RawExtension: {
    name: RAW_EXTENSION_NAME, type: 'object', preserveUnknownFields: true,
    description: 'RawExtension holds an embedded object of any kind, serialised as JSON.',
  },
  FieldsV1: {
    name: FIELDS_V1_NAME, type: 'object', preserveUnknownFields: true,
    description: "FieldsV1 is a set of field paths stored as a trie in JSON: keys are 'f:<field>', 'k:<list keys>', 'v:<value>', 'i:<index>' or '.' for the node itself. The format is defined in sigs.k8s.io/structured-merge-diff.",
  },
  CustomResourceSubresourceStatus: {
    name: `${APIEXT}.CustomResourceSubresourceStatus`, type: 'object', preserveUnknownFields: true,
    description: 'CustomResourceSubresourceStatus enables the /status subresource of a custom resource; it has no fields.',
  },
  JSON: {
    name: `${APIEXT}.JSON`, type: 'any',
    description: 'JSON is any JSON value: bool, number, string, array, object or null.',
  },
  JSONSchemaPropsOrBool: {
    name: `${APIEXT}.JSONSchemaPropsOrBool`, type: 'any',
    description: 'JSONSchemaPropsOrBool is either a JSONSchemaProps or a boolean (true when absent).',
  },
  JSONSchemaPropsOrArray: {
    name: `${APIEXT}.JSONSchemaPropsOrArray`, type: 'any',
    description: 'JSONSchemaPropsOrArray is either one JSONSchemaProps or an array of them.',
  },
  JSONSchemaPropsOrStringArray: {
    name: `${APIEXT}.JSONSchemaPropsOrStringArray`, type: 'any',
    description: 'JSONSchemaPropsOrStringArray is either a JSONSchemaProps or an array of strings.',
  },
};

const KIND_BY_CLASS = new Map<string, BuiltinKind>(BUILTIN_KINDS.map((k) => [k.className, k]));
const classNodes = new Map<string, SchemaNode>();
/** The one shared node per definition name; other nodes with the same name are per-property views of it. */
const canonical = new Map<string, SchemaNode>(Object.values(SPECIAL_NODES).map((n) => [n.name!, n]));

/** The schema of a built-in kind, or undefined when we do not model it. */
export function builtinSchema(group: string, version: string, kind: string): SchemaNode | undefined {
  const k = BUILTIN_KINDS.find((b) => b.group === group && b.version === version && b.kind === kind);
  return k ? classNode(k.className, groupPackage(k.group)) : undefined;
}

/** Every built-in kind builtinSchema() answers for. */
export function builtinKinds(): readonly BuiltinKind[] {
  return BUILTIN_KINDS;
}

/** The shared ObjectMeta node (CRD schemas use it for `metadata`). */
export function objectMetaSchema(): SchemaNode {
  return classNode('V1ObjectMeta', 'meta');
}

/**
 * The canonical node of a definition name, if it has been built (OpenAPI rendering uses it to tell a
 * per-property view, rendered as `allOf: [{$ref}]` plus its own tags, from the definition itself).
 */
export function builtinDefinition(name: string): SchemaNode | undefined {
  return canonical.get(name);
}

function classNode(className: string, parentPackage: string): SchemaNode {
  const hit = classNodes.get(className);
  if (hit) return hit;
  const model = readModel(className);
  const { name, pkg } = definitionName(className, parentPackage);
  // Properties/required objects exist before recursion so views copied during a cycle share them.
  const properties: Record<string, SchemaNode> = {};
  const node: SchemaNode = { name, type: 'object', properties };
  classNodes.set(className, node);
  canonical.set(name, node);
  if (!model) return node;
  if (model.description) node.description = model.description;
  const kind = KIND_BY_CLASS.get(className);
  if (kind) node.gvk = { group: kind.group, version: kind.version, kind: kind.kind };
  const typeTags = builtinTags(name, '');
  if (typeTags) applyTags(node, typeTags);
  const required: string[] = [];
  for (const attr of model.attrs) {
    properties[attr.key] = propertyNode(attr, name, pkg);
    if (attr.required) required.push(attr.key);
  }
  if (required.length) node.required = required;
  if (kind) describeTopLevel(properties, kind.kind);
  return node;
}

const CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

/**
 * The models carry no text for properties typed by another model, so kubectl explain would print
 * `<no description>` for metadata/spec/status; top-level kinds get the API-convention wording.
 */
function describeTopLevel(properties: Record<string, SchemaNode>, kind: string): void {
  const text: Record<string, string> = {
    metadata: `Standard object's metadata. More info: ${CONVENTIONS}#metadata`,
    spec: `Specification of the desired behavior of the ${kind}. More info: ${CONVENTIONS}#spec-and-status`,
    status: `Most recently observed status of the ${kind}. This data may not be up to date. Populated by the system. Read-only. More info: ${CONVENTIONS}#spec-and-status`,
  };
  for (const [key, description] of Object.entries(text)) {
    const prop = properties[key];
    if (prop?.name && canonical.get(prop.name) === prop) properties[key] = { ...prop, description };
  }
}

function propertyNode(attr: ModelAttr, owner: string, pkg: string): SchemaNode {
  const special = specialType(owner, attr.key);
  let node = special ? specialNode(attr.type, special) : typeNode(attr.type, attr.format, pkg);
  const tags = builtinTags(owner, attr.key);
  const dflt = builtinDefault(owner, attr.key);
  if (attr.description || tags || dflt !== undefined) {
    // Shared named nodes must not be decorated in place: take a view of them.
    if (node.name) node = { ...node };
    if (attr.description) node.description = attr.description;
    if (tags) applyTags(node, tags);
    if (dflt !== undefined) node.default = dflt;
  }
  return node;
}

function specialNode(type: string, special: SpecialType): SchemaNode {
  const leaf = SPECIAL_NODES[special];
  if (type.startsWith('{')) return { type: 'object', additionalProperties: leaf };
  if (type.startsWith('Array<')) return { type: 'array', items: leaf };
  return leaf;
}

const ARRAY_RE = /^Array<(.+)>$/;
const MAP_RE = /^\{ \[key: string\]: (.+); \}$/;

/** A client-node type string (`Array<V1Container>`, `{ [key: string]: string; }`, …) as a node. */
function typeNode(type: string, format: string, pkg: string): SchemaNode {
  const arr = ARRAY_RE.exec(type);
  if (arr) return { type: 'array', items: typeNode(arr[1]!, format, pkg) };
  const map = MAP_RE.exec(type);
  if (map) return { type: 'object', additionalProperties: typeNode(map[1]!, format, pkg) };
  switch (type) {
    case 'string': return format === 'byte' ? { type: 'string', format: 'byte' } : { type: 'string' };
    case 'boolean': return { type: 'boolean' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'Date': return SPECIAL_NODES.Time;
    case 'V1MicroTime': return SPECIAL_NODES.MicroTime;
    case 'IntOrString': return SPECIAL_NODES.IntOrString;
    case 'any': case 'object': return { type: 'any' };
  }
  if (/^[A-Z][A-Za-z0-9]*$/.test(type)) return classNode(type, pkg);
  return { type: 'any' };
}
