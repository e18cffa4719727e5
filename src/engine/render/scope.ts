// Namespaced or cluster-scoped: a built-in list of cluster-scoped kinds, the CRDs rendered with
// the app, and optionally what the cluster's discovery says. Used to give namespaced objects the
// app's destination namespace, as Argo CD does (NormalizeTargetObjects).

import type { KubeObject } from '../types.js';

/** `group/Kind` of the cluster-scoped kinds of Kubernetes and of common add-ons. */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment', 'storage.k8s.io/VolumeAttributesClass',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'policy/PodSecurityPolicy', 'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass', 'storagemigration.k8s.io/StorageVersionMigration',
  'gateway.networking.k8s.io/GatewayClass', 'cert-manager.io/ClusterIssuer', 'argoproj.io/ClusterWorkflowTemplate',
  'kyverno.io/ClusterPolicy', 'snapshot.storage.k8s.io/VolumeSnapshotClass', 'snapshot.storage.k8s.io/VolumeSnapshotContent',
  'metallb.io/BGPPeer', 'karpenter.sh/NodePool', 'monitoring.coreos.com/ClusterAlertmanagerConfig',
]);

export type ScopeLookup = (group: string, kind: string) => boolean | undefined;

const groupOf = (o: KubeObject) => {
  const av = o.apiVersion ?? '';
  return av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
};

/** A lookup that knows the built-in kinds, the CRDs among `objects`, then `fallback` (discovery). */
export function scopeLookup(objects: readonly KubeObject[], fallback?: ScopeLookup): ScopeLookup {
  const crds = new Map<string, boolean>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || groupOf(o) !== 'apiextensions.k8s.io') continue;
    const spec = o.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.group && spec.names?.kind) crds.set(`${spec.group}/${spec.names.kind}`, spec.scope !== 'Cluster');
  }
  return (group, kind) => {
    const key = `${group}/${kind}`;
    if (CLUSTER_SCOPED.has(key)) return false;
    const crd = crds.get(key);
    if (crd !== undefined) return crd;
    return fallback?.(group, kind);
  };
}

/** Gives namespaced objects without a namespace `namespace`; unknown kinds count as namespaced. */
export function defaultNamespace(objects: readonly KubeObject[], namespace: string | undefined, lookup: ScopeLookup): void {
  if (!namespace) return;
  for (const o of objects) {
    if (o.metadata?.namespace) continue;
    if (lookup(groupOf(o), o.kind ?? '') === false) continue;
    o.metadata = { ...(o.metadata ?? {}), namespace };
  }
}
