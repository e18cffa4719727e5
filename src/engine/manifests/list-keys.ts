// Which fields identify an item of a list, for the keyed path segments of the drift-contract
// grammar (`containers[name=web]`, `ports[containerPort=8080,protocol=TCP]`).
//
// The keys come from the engine's schema module (src/engine/schema: the built-in kinds' merge keys,
// and the cluster's OpenAPI v3 once `useFieldSemantics` is given it), so that the paths named
// here are the paths the diff reports. `builtinListKeys` is a small stand-alone table kept for
// callers that want no schema.

import { builtinSemantics, listSemanticsAt, nodeAt, overlayNode, type FieldSemantics } from '../schema/index.js';

/** Where a list sits: the object's kind and the way from the root to the list. */
export interface ListContext {
  apiVersion: string;
  group: string;
  kind: string;
  /** field names only: `['spec', 'template', 'spec', 'containers']` */
  fields: readonly string[];
  /** field names with `[]` for each step into a list item: `['spec', …, 'containers', '[]', 'ports']` */
  path: readonly string[];
}

/** The key fields of an associative list, sorted by name, with the defaults of defaulted keys. */
export interface ListKeys {
  keys: string[];
  defaults?: Record<string, string>;
}

/** Returns the keys of an associative list, or undefined for an atomic or unknown list. */
export type ListKeyResolver = (ctx: ListContext) => ListKeys | undefined;

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const BY_NAME: ListKeys = { keys: ['name'] };

/** Keyed lists inside a container. */
const CONTAINER_FIELDS: Record<string, ListKeys> = {
  ports: { keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } },
  env: BY_NAME,
  volumeMounts: { keys: ['mountPath'] },
  volumeDevices: { keys: ['devicePath'] },
  resizePolicy: { keys: ['resourceName'] },
};

/** Keyed lists of a pod spec (the parent of `containers`). */
const POD_SPEC_FIELDS: Record<string, ListKeys> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  hostAliases: { keys: ['ip'] },
  topologySpreadConstraints: { keys: ['topologyKey', 'whenUnsatisfiable'] },
  readinessGates: { keys: ['conditionType'] },
  schedulingGates: BY_NAME,
  resourceClaims: BY_NAME,
};

/** Pod spec locations of workload kinds, as field-name paths. */
const POD_SPEC_PATHS: Record<string, string> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  PodTemplate: 'template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

/** The built-in resolver: Kubernetes' own merge keys for the common kinds. */
export const builtinListKeys: ListKeyResolver = ({ kind, group, fields }) => {
  const n = fields.length;
  const last = fields[n - 1];
  if (last === undefined) return undefined;
  if (n === 2 && fields[0] === 'metadata' && last === 'ownerReferences') return { keys: ['uid'] };
  if (n === 2 && fields[0] === 'status' && last === 'conditions') return { keys: ['type'] };
  if (kind === 'Service' && group === '' && n === 2 && fields[0] === 'spec' && last === 'ports') {
    return { keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } };
  }
  if ((kind === 'MutatingWebhookConfiguration' || kind === 'ValidatingWebhookConfiguration') && n === 1 && last === 'webhooks') return BY_NAME;
  const parent = fields[n - 2];
  if (parent !== undefined && CONTAINER_LISTS.has(parent) && CONTAINER_FIELDS[last]) return CONTAINER_FIELDS[last];
  const podSpec = POD_SPEC_PATHS[kind];
  if (podSpec !== undefined && fields.slice(0, n - 1).join('.') === podSpec && POD_SPEC_FIELDS[last]) return POD_SPEC_FIELDS[last];
  // Custom resources that embed a pod template (Argo Rollouts, operators): containers are
  // still keyed by name there in practice, and naming them reads better than an index.
  if (CONTAINER_LISTS.has(last) && parent === 'spec') return BY_NAME;
  return undefined;
};

/** A resolver over the schema module's field semantics (key fields sorted, their defaults filled). */
export function schemaListKeys(semantics?: FieldSemantics): ListKeyResolver {
  return ({ apiVersion, kind, path }) => {
    const list = listSemanticsAt(apiVersion, kind, path, semantics);
    if (list.type !== 'map') return undefined;
    const root = overlayNode(semantics?.forKind(apiVersion, kind), builtinSemantics.forKind(apiVersion, kind));
    const defaults: Record<string, string> = {};
    for (const key of list.keys) {
      const d = nodeAt(root, [...path, '[]', key])?.default;
      if (d !== undefined && d !== null && typeof d !== 'object') defaults[key] = String(d);
    }
    return { keys: [...list.keys].sort(), ...(Object.keys(defaults).length ? { defaults } : {}) };
  };
}

let current: ListKeyResolver = schemaListKeys();

/** The resolver in use (the built-in table unless the schema module replaced it). */
export function listKeys(ctx: ListContext): ListKeys | undefined {
  return current(ctx);
}

/** Use the cluster's field semantics (OpenAPI v3, CRDs) on top of the built-in ones. */
export function useFieldSemantics(semantics: FieldSemantics): void {
  current = schemaListKeys(semantics);
}

/** Replace the resolver; returns the previous one. */
export function setListKeyResolver(resolver: ListKeyResolver): ListKeyResolver {
  const prev = current;
  current = resolver;
  return prev;
}
