// Custom resources: a CRD version's `openAPIV3Schema` (JSONSchemaProps JSON) as a SchemaNode for the
// whole object, plus re-exports of the structural operations (pruning, defaulting, validation).
import type { Json, JsonObject } from '../api/types.js';
import type { SchemaNode, SchemaType } from './types.js';
import { objectMetaSchema } from './builtin.js';

export { pruneUnknownFields, applySchemaDefaults, type PruneResult } from './structural.js';
export { validateAgainstSchema } from './schema-validate.js';

const API_VERSION_DOC = 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC = 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export interface CrdVersionInfo { group: string; version: string; kind: string; served: boolean; storage: boolean; schema: SchemaNode }

/** The served-or-not versions of a CRD object with their whole-object schemas. */
export function crdVersions(crd: unknown): CrdVersionInfo[] {
  const spec = obj(obj(crd)?.spec);
  const group = str(spec?.group) ?? '';
  const kind = str(obj(spec?.names)?.kind) ?? '';
  const versions = Array.isArray(spec?.versions) ? spec.versions : [];
  const out: CrdVersionInfo[] = [];
  for (const v of versions) {
    const vo = obj(v);
    const version = str(vo?.name);
    if (!vo || !version) continue;
    const openAPIV3Schema = obj(obj(vo.schema)?.openAPIV3Schema);
    out.push({
      group, version, kind, served: vo.served !== false, storage: vo.storage === true,
      schema: customResourceSchema(openAPIV3Schema, { group, version, kind }),
    });
  }
  return out;
}

/** `io.argoproj.v1alpha1.Application` — the definition name kube-apiserver publishes for a CR kind. */
export function customResourceDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/**
 * Schema of a whole custom resource. Without a schema the object keeps every field (preserve-unknown).
 * apiVersion/kind are strings and metadata is always the built-in ObjectMeta, as apiextensions does.
 */
export function customResourceSchema(
  openAPIV3Schema: JsonObject | undefined, gvk: { group: string; version: string; kind: string },
): SchemaNode {
  const base: SchemaNode = openAPIV3Schema ? schemaFromJSONSchemaProps(openAPIV3Schema) : { type: 'object', preserveUnknownFields: true };
  const properties: Record<string, SchemaNode> = { ...(base.properties ?? {}) };
  properties.apiVersion = { type: 'string', description: API_VERSION_DOC };
  properties.kind = { type: 'string', description: KIND_DOC };
  properties.metadata = { ...objectMetaSchema(), description: METADATA_DOC };
  const node: SchemaNode = { ...base, type: 'object', properties, gvk: { ...gvk } };
  node.name = customResourceDefinitionName(gvk.group, gvk.version, gvk.kind);
  return node;
}

/** One JSONSchemaProps (structural schema) as a SchemaNode; unknown keywords are ignored. */
export function schemaFromJSONSchemaProps(p: JsonObject): SchemaNode {
  const node: SchemaNode = { type: nodeType(p) };
  const desc = str(p.description);
  if (desc) node.description = desc;
  const format = str(p.format);
  if (format) node.format = format;
  const props = obj(p.properties);
  if (props) {
    node.properties = {};
    for (const [k, v] of Object.entries(props)) {
      const child = obj(v);
      if (child) node.properties[k] = schemaFromJSONSchemaProps(child);
    }
  }
  if (Array.isArray(p.required)) node.required = p.required.filter((r): r is string => typeof r === 'string');
  const ap = p.additionalProperties;
  if (ap === true) node.additionalProperties = { type: 'any', preserveUnknownFields: true };
  else if (obj(ap)) node.additionalProperties = schemaFromJSONSchemaProps(ap as JsonObject);
  const items = Array.isArray(p.items) ? obj(p.items[0]) : obj(p.items);
  if (items) node.items = schemaFromJSONSchemaProps(items);

  const listType = str(p['x-kubernetes-list-type']);
  if (listType === 'atomic' || listType === 'set' || listType === 'map') node.listType = listType;
  const keys = p['x-kubernetes-list-map-keys'];
  if (Array.isArray(keys)) node.listMapKeys = keys.filter((x): x is string => typeof x === 'string');
  const mapType = str(p['x-kubernetes-map-type']);
  if (mapType === 'atomic' || mapType === 'granular') node.mapType = mapType;
  if (p['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknownFields = true;
  if (p['x-kubernetes-embedded-resource'] === true) {
    node.embeddedResource = true;
    addEmbeddedMeta(node);
  }
  if (p['x-kubernetes-int-or-string'] === true) node.intOrString = true;
  if (p.nullable === true) node.nullable = true;
  if (p.default !== undefined) node.default = p.default;
  if (Array.isArray(p.enum)) node.enum = p.enum;
  for (const key of ['minimum', 'maximum', 'maxLength', 'minLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    const n = p[key];
    if (typeof n === 'number') node[key] = n;
  }
  if (p.exclusiveMinimum === true) node.exclusiveMinimum = true;
  if (p.exclusiveMaximum === true) node.exclusiveMaximum = true;
  const pattern = str(p.pattern);
  if (pattern !== undefined) node.pattern = pattern;
  return node;
}

function nodeType(p: JsonObject): SchemaType {
  if (p['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  switch (p.type) {
    case 'object': case 'array': case 'string': case 'integer': case 'number': case 'boolean': return p.type;
  }
  // Structural schemas may omit `type` only with preserve-unknown-fields (anything goes) or int-or-string.
  if (p['x-kubernetes-embedded-resource'] === true) return 'object';
  return 'any';
}

/** Embedded resources implicitly carry TypeMeta and ObjectMeta (as the published OpenAPI shows). */
function addEmbeddedMeta(node: SchemaNode): void {
  node.type = 'object';
  const properties = node.properties ?? {};
  properties.apiVersion ??= { type: 'string', description: API_VERSION_DOC };
  properties.kind ??= { type: 'string', description: KIND_DOC };
  properties.metadata ??= objectMetaSchema();
  node.properties = properties;
}

function obj(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}
function str(v: Json | undefined | unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
