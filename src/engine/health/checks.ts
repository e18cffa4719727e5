// Which rule assesses which kind: gitops-engine's built-in checks (GetHealthCheckFunc), the
// Lua scripts Argo CD bundles or documents for built-in kinds and Argo/Flux objects, and
// kstatus for other custom resources. Kubernetes' own kinds without a rule have no health.
import type { Health, KubeObject } from '../types.js';
import { apiServiceHealth } from './apiservice.js';
import { applicationHealth, workflowHealth } from './argo.js';
import { crdHealth } from './crd.js';
import { cronJobHealth } from './cronjob.js';
import { daemonSetHealth } from './daemonset.js';
import { deploymentHealth } from './deployment.js';
import { FLUX_SOURCE_KINDS, fluxHealth } from './flux.js';
import { hpaHealth } from './hpa.js';
import { jobHealth } from './job.js';
import { genericHealth } from './kstatus.js';
import { ingressHealth, serviceHealth } from './network.js';
import { pdbHealth } from './pdb.js';
import { podHealth } from './pod.js';
import { pvcHealth } from './pvc.js';
import { replicaSetHealth } from './replicaset.js';
import { statefulSetHealth } from './statefulset.js';

export type HealthCheck = (o: KubeObject) => Health | undefined;

/** `<group>/<Kind>` (empty group for the core API) → check. */
const CHECKS: Record<string, HealthCheck> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'extensions/Ingress': ingressHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'argoproj.io/Workflow': workflowHealth,
  'argoproj.io/Application': applicationHealth,
  'apiregistration.k8s.io/APIService': apiServiceHealth,
  '/Service': serviceHealth,
  '/PersistentVolumeClaim': pvcHealth,
  '/Pod': podHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  'autoscaling/HorizontalPodAutoscaler': hpaHealth,
  'policy/PodDisruptionBudget': pdbHealth,
  'apiextensions.k8s.io/CustomResourceDefinition': crdHealth,
  'kustomize.toolkit.fluxcd.io/Kustomization': fluxHealth,
  'helm.toolkit.fluxcd.io/HelmRelease': fluxHealth,
  ...Object.fromEntries([...FLUX_SOURCE_KINDS].map((k) => [`source.toolkit.fluxcd.io/${k}`, fluxHealth])),
};

/** API groups served by Kubernetes itself (not CRDs): their kinds have no kstatus fallback. */
const KUBERNETES_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'networking.k8s.io', 'storage.k8s.io',
  'rbac.authorization.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'admissionregistration.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'node.k8s.io', 'scheduling.k8s.io',
  'certificates.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'authentication.k8s.io',
  'authorization.k8s.io', 'internal.apiserver.k8s.io', 'storagemigration.k8s.io', 'metrics.k8s.io',
]);

export function checkFor(group: string, kind: string): HealthCheck | undefined {
  const check = CHECKS[`${group}/${kind}`];
  if (check) return check;
  return KUBERNETES_GROUPS.has(group) ? undefined : genericHealth;
}
