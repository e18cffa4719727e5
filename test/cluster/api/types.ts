// Shared shapes of the test server. Objects are plain JSON; helpers narrow them locally.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  [k: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: JsonObject;
  subresource?: string;
}

/** A Kubernetes object as stored and served. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

/** How generation is bumped (spec §3.2). */
export type GenerationRule = 'none' | 'spec' | 'spec-or-annotations' | 'non-metadata' | 'non-metadata-status';

/** One served resource (a built-in kind or a CRD version). */
export interface ResourceType {
  group: string;            // '' for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** subresources served: 'status' and/or 'scale' */
  subresources: Array<'status' | 'scale'>;
  generation: GenerationRule;
  /** true for CRD-backed kinds: SMP rejected with 415, list items keep kind/apiVersion */
  custom: boolean;
  /** delete answers with the object instead of a Status (pods, pvcs, sas, pvs, namespaces) */
  returnDeletedObject?: boolean;
  /** for CRs with the scale subresource */
  scalePaths?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export function groupVersion(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** `deployments.apps` / `configmaps` — the resource name used in error messages. */
export function qualifiedResource(t: { group: string; plural: string }): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}
