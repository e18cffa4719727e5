// The structural type model every part of the server shares: SMP merge keys, SSA list/map
// semantics, defaults, unknown-field detection and the OpenAPI v3 documents all read it.
import type { Json } from '../api/types.js';

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'any';

export interface SchemaNode {
  /** Definition name for named types (`io.k8s.api.apps.v1.DeploymentSpec`), used for $ref in OpenAPI. */
  name?: string;
  type: SchemaType;
  description?: string;
  format?: string;               // int32, int64, date-time, byte, quantity …
  /** struct fields */
  properties?: Record<string, SchemaNode>;
  required?: string[];
  /** map[string]X; present (with properties absent) for maps such as labels or data */
  additionalProperties?: SchemaNode;
  /** list item type */
  items?: SchemaNode;
  /** SSA list semantics (x-kubernetes-list-type); absent means atomic */
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  /** SSA map/struct semantics (x-kubernetes-map-type); absent means granular */
  mapType?: 'atomic' | 'granular';
  /** strategic merge patch (x-kubernetes-patch-strategy / -patch-merge-key) */
  patchStrategy?: string;
  patchMergeKey?: string;
  /** CRD structural-schema extras */
  preserveUnknownFields?: boolean;
  embeddedResource?: boolean;
  intOrString?: boolean;
  nullable?: boolean;
  default?: Json;
  enum?: Json[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  /** GVK tag for top-level kinds (x-kubernetes-group-version-kind) */
  gvk?: { group: string; version: string; kind: string };
}

/** Anything goes: objects are granular maps of ANY, lists are atomic. Used where no schema is known. */
export const ANY: SchemaNode = { type: 'any' };

/** The schema of `key` inside an object node; ANY when unknown or preserved. */
export function propertySchema(node: SchemaNode | undefined, key: string): SchemaNode {
  if (!node) return ANY;
  if (node.properties && key in node.properties) return node.properties[key]!;
  if (node.additionalProperties) return node.additionalProperties;
  return ANY;
}

/** The schema of the items of a list node; ANY when unknown. */
export function itemSchema(node: SchemaNode | undefined): SchemaNode {
  return node?.items ?? ANY;
}

/** Lookup of object schemas by group/version/kind (built-ins and installed CRDs). */
export interface SchemaRegistry {
  forKind(group: string, version: string, kind: string): SchemaNode | undefined;
}
