// Which client-node model class is which kind, and the OpenAPI definition name of every class
// (`V1DeploymentSpec` → `io.k8s.api.apps.v1.DeploymentSpec`). The generated classes do not record
// their Go package, so it is inferred: apimachinery meta types are listed, core types referenced
// from other groups are listed, and everything else lives in the package of the class that uses it.

export interface BuiltinKind { group: string; version: string; kind: string; className: string }

/** The built-in kinds we serve schemas for (top-level nodes get `gvk`). */
export const BUILTIN_KINDS: readonly BuiltinKind[] = [
  k('', 'v1', 'Namespace'), k('', 'v1', 'ConfigMap'), k('', 'v1', 'Secret'), k('', 'v1', 'ServiceAccount'),
  k('', 'v1', 'Service'), k('', 'v1', 'Endpoints'), k('', 'v1', 'Pod'), k('', 'v1', 'PodTemplate'),
  k('', 'v1', 'PersistentVolumeClaim'), k('', 'v1', 'PersistentVolume'), k('', 'v1', 'Event', 'CoreV1Event'),
  k('', 'v1', 'LimitRange'), k('', 'v1', 'ResourceQuota'), k('', 'v1', 'ReplicationController'), k('', 'v1', 'Node'),
  k('', 'v1', 'Binding'),
  k('apps', 'v1', 'Deployment'), k('apps', 'v1', 'ReplicaSet'), k('apps', 'v1', 'StatefulSet'),
  k('apps', 'v1', 'DaemonSet'), k('apps', 'v1', 'ControllerRevision'),
  k('batch', 'v1', 'Job'), k('batch', 'v1', 'CronJob'),
  k('storage.k8s.io', 'v1', 'StorageClass'),
  k('networking.k8s.io', 'v1', 'Ingress'), k('networking.k8s.io', 'v1', 'IngressClass'), k('networking.k8s.io', 'v1', 'NetworkPolicy'),
  k('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'V2HorizontalPodAutoscaler'),
  k('autoscaling', 'v1', 'HorizontalPodAutoscaler'), k('autoscaling', 'v1', 'Scale'),
  k('rbac.authorization.k8s.io', 'v1', 'Role'), k('rbac.authorization.k8s.io', 'v1', 'RoleBinding'),
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRole'), k('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'),
  k('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'),
  k('coordination.k8s.io', 'v1', 'Lease'),
  k('policy', 'v1', 'PodDisruptionBudget'), k('policy', 'v1', 'Eviction'),
  k('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview'), k('authorization.k8s.io', 'v1', 'SubjectAccessReview'),
  k('authorization.k8s.io', 'v1', 'LocalSubjectAccessReview'), k('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview'),
  k('authentication.k8s.io', 'v1', 'SelfSubjectReview'), k('authentication.k8s.io', 'v1', 'TokenReview'),
  k('events.k8s.io', 'v1', 'Event', 'EventsV1Event'),
  // apimachinery types that travel as objects of their own
  k('', 'v1', 'Status'), k('', 'v1', 'DeleteOptions'),
];

function k(group: string, version: string, kind: string, className?: string): BuiltinKind {
  return { group, version, kind, className: className ?? `V${version.slice(1)}${kind}` };
}

/** apimachinery `meta/v1` classes; they keep this package wherever they are used. */
const META = new Set([
  'ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'ManagedFieldsEntry', 'OwnerReference',
  'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions', 'Condition', 'APIGroup', 'APIGroupList',
  'APIResource', 'APIResourceList', 'APIVersions', 'GroupVersionForDiscovery', 'ServerAddressByClientCIDR',
  'WatchEvent', 'FieldSelectorRequirement',
].map((n) => `V1${n}`));

/** core/v1 classes used directly by classes of other groups; their own children then inherit core. */
const CORE_SHARED = new Set([
  'V1PodTemplateSpec', 'V1PersistentVolumeClaim', 'V1TopologySelectorTerm', 'V1TypedLocalObjectReference',
  'V1ObjectReference', 'V1LocalObjectReference', 'V1EventSource', 'V1TypedObjectReference',
  'V1PersistentVolumeClaimSpec', 'V1PersistentVolumeClaimTemplate',
]);

/** Group-prefixed class names (the generator's way out of name clashes). */
const PREFIX_PACKAGE: Record<string, string> = {
  Core: 'core', Events: 'events', Rbac: 'rbac', Discovery: 'discovery', Storage: 'storage',
  Apiextensions: 'apiextensions', Admissionregistration: 'admissionregistration', Apiregistration: 'apiregistration',
  Authentication: 'authentication', Flowcontrol: 'flowcontrol', Resource: 'resource',
};

const CLASS_RE = /^([A-Z][a-z]+)?V(\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;

/** Package of a group: its first DNS label (`rbac.authorization.k8s.io` → `rbac`); '' → core. */
export function groupPackage(group: string): string {
  return group === '' ? 'core' : group.split('.')[0]!;
}

function packagePrefix(pkg: string): string {
  if (pkg === 'meta') return 'io.k8s.apimachinery.pkg.apis.meta';
  if (pkg === 'apiextensions') return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions';
  if (pkg === 'apiregistration') return 'io.k8s.kube-aggregator.pkg.apis.apiregistration';
  return `io.k8s.api.${pkg}`;
}

/**
 * The package a class belongs to, given the package of the class that refers to it (for roots: the
 * package of the kind's group). Returns the definition name and the package children should inherit.
 */
export function definitionName(className: string, parentPackage: string): { name: string; pkg: string } {
  const m = CLASS_RE.exec(className);
  if (!m) return { name: className, pkg: parentPackage };
  const [, prefix, ver, type] = m;
  let pkg: string;
  if (META.has(className)) pkg = 'meta';
  else if (prefix && PREFIX_PACKAGE[prefix]) pkg = PREFIX_PACKAGE[prefix]!;
  else if (CORE_SHARED.has(className)) pkg = 'core';
  else pkg = parentPackage;
  return { name: `${packagePrefix(pkg)}.v${ver}.${type}`, pkg };
}

export const INT_OR_STRING_NAME = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY_NAME = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const TIME_NAME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICRO_TIME_NAME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
export const RAW_EXTENSION_NAME = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const FIELDS_V1_NAME = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';
export const OBJECT_META_NAME = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
