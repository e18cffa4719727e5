// The engine's table of API-server defaults (v1.32): what a server-side apply adds to the
// object besides what Git declares. Only fills absent fields; status is never touched (it is not
// compared). Schema defaults of custom resources come from their OpenAPI (schema-defaults.ts).
import type { JsonObject } from '../json.js';
import {
  defaultBinding, defaultCrd, defaultEndpoints, defaultHpa, defaultNamespace, defaultNetworkPolicy, defaultPriorityClass,
  defaultPv, defaultPvc, defaultSecret, defaultService, defaultStorageClass, defaultWebhooks,
} from './core.js';
import { defaultPod, defaultPodTemplate } from './pod.js';
import { ensure } from './obj.js';
import {
  defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultReplicationController, defaultStatefulSet,
} from './workloads.js';

export interface KindRef { group: string; version: string; kind: string; name?: string }

type Defaulter = (o: JsonObject, ref: KindRef) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  'apps/Deployment': defaultDeployment,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/ReplicaSet': defaultReplicaSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplate(ensure(o, 'template')),
  '/ReplicationController': defaultReplicationController,
  '/Service': defaultService,
  '/Secret': defaultSecret,
  '/Namespace': (o, ref) => defaultNamespace(o, ref.name),
  '/PersistentVolumeClaim': defaultPvc,
  '/PersistentVolume': defaultPv,
  '/Endpoints': defaultEndpoints,
  'rbac.authorization.k8s.io/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultBinding,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'autoscaling/HorizontalPodAutoscaler': (o, ref) => defaultHpa(o, ref.version),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': (o) => defaultWebhooks(o, true),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': (o) => defaultWebhooks(o, false),
  'apiextensions.k8s.io/CustomResourceDefinition': defaultCrd,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'scheduling.k8s.io/PriorityClass': defaultPriorityClass,
};

/** Whether the table has defaults for the kind. */
export const hasServerDefaults = (ref: KindRef): boolean => `${ref.group}/${ref.kind}` in DEFAULTERS;

/** Fills the server defaults of the kind into `obj` (a comparable copy: no apiVersion/kind). */
export function applyServerDefaults(obj: JsonObject, ref: KindRef): void {
  DEFAULTERS[`${ref.group}/${ref.kind}`]?.(obj, ref);
}
