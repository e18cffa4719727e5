// Which resources the server serves: the built-in kinds and, at run time, every served CRD version.
import type { GenerationRule, KObject, ResourceType } from './types.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Def {
  gv: string; plural: string; kind: string; namespaced: boolean; short?: string[]; all?: boolean;
  sub?: Array<'status' | 'scale'>; gen?: GenerationRule; verbs?: string[]; returnDeleted?: boolean;
}

const BUILTINS: Def[] = [
  { gv: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, short: ['ns'], sub: ['status'], returnDeleted: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { gv: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, short: ['cm'] },
  { gv: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { gv: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, short: ['sa'], returnDeleted: true },
  { gv: 'v1', plural: 'services', kind: 'Service', namespaced: true, short: ['svc'], all: true, sub: ['status'] },
  { gv: 'v1', plural: 'endpoints', kind: 'Endpoints', namespaced: true, short: ['ep'] },
  { gv: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, short: ['po'], all: true, sub: ['status'], returnDeleted: true },
  { gv: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, short: ['pvc'], sub: ['status'], returnDeleted: true },
  { gv: 'v1', plural: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, short: ['pv'], sub: ['status'], returnDeleted: true },
  { gv: 'v1', plural: 'events', kind: 'Event', namespaced: true, short: ['ev'] },
  { gv: 'apps/v1', plural: 'deployments', kind: 'Deployment', namespaced: true, short: ['deploy'], all: true, sub: ['status', 'scale'], gen: 'spec-or-annotations' },
  { gv: 'apps/v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true, short: ['sts'], all: true, sub: ['status', 'scale'], gen: 'spec' },
  { gv: 'apps/v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true, short: ['ds'], all: true, sub: ['status'], gen: 'spec' },
  { gv: 'apps/v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, short: ['rs'], all: true, sub: ['status', 'scale'], gen: 'spec' },
  { gv: 'apps/v1', plural: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
  { gv: 'batch/v1', plural: 'jobs', kind: 'Job', namespaced: true, all: true, sub: ['status'], gen: 'spec' },
  { gv: 'batch/v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true, short: ['cj'], all: true, sub: ['status'], gen: 'spec' },
  { gv: 'autoscaling/v2', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, short: ['hpa'], all: true, sub: ['status'] },
  { gv: 'networking.k8s.io/v1', plural: 'ingresses', kind: 'Ingress', namespaced: true, short: ['ing'], sub: ['status'], gen: 'spec' },
  { gv: 'networking.k8s.io/v1', plural: 'ingressclasses', kind: 'IngressClass', namespaced: false },
  { gv: 'networking.k8s.io/v1', plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, short: ['netpol'], gen: 'spec' },
  { gv: 'policy/v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, short: ['pdb'], sub: ['status'], gen: 'spec' },
  { gv: 'storage.k8s.io/v1', plural: 'storageclasses', kind: 'StorageClass', namespaced: false, short: ['sc'] },
  { gv: 'rbac.authorization.k8s.io/v1', plural: 'roles', kind: 'Role', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { gv: 'rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  { gv: 'apiextensions.k8s.io/v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, short: ['crd', 'crds'], sub: ['status'], gen: 'spec' },
  { gv: 'coordination.k8s.io/v1', plural: 'leases', kind: 'Lease', namespaced: true },
  { gv: 'authorization.k8s.io/v1', plural: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { gv: 'authorization.k8s.io/v1', plural: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'] },
  { gv: 'authorization.k8s.io/v1', plural: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
  { gv: 'authentication.k8s.io/v1', plural: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
];

/** Group order of /apis, as kube-apiserver lists them (CRD groups follow). */
const GROUP_ORDER = ['apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'apiextensions.k8s.io', 'coordination.k8s.io'];

function fromDef(d: Def): ResourceType {
  const [group, version] = d.gv.includes('/') ? d.gv.split('/') as [string, string] : ['', d.gv];
  return {
    group, version, kind: d.kind, plural: d.plural, singular: d.kind.toLowerCase(), namespaced: d.namespaced,
    verbs: d.verbs ?? ALL_VERBS, shortNames: d.short, categories: d.all ? ['all'] : undefined,
    subresources: d.sub ?? [], generation: d.gen ?? 'none', custom: false, returnDeletedObject: d.returnDeleted,
  };
}

/** A group as discovery shows it: versions in preference order. */
export interface ApiGroup { name: string; versions: string[] }

export class ResourceRegistry {
  private types: ResourceType[] = BUILTINS.map(fromDef);
  /** CRD name → the types it serves */
  private crdTypes = new Map<string, ResourceType[]>();
  private listeners = new Set<() => void>();
  /** bumps whenever discovery changes, so OpenAPI/discovery caches can be keyed on it */
  generation = 0;

  all(): ResourceType[] {
    return [...this.types, ...[...this.crdTypes.values()].flat()];
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  findKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  /** The preferred (storage) type of a group/resource, for version-independent work like GC. */
  findGroupResource(group: string, plural: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.plural === plural);
  }

  /** Sorted by resource name, as kube-apiserver's installer lists them (`kubectl get all` order follows it). */
  forGroupVersion(group: string, version: string): ResourceType[] {
    return this.all()
      .filter((t) => t.group === group && t.version === version)
      .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  }

  groups(): ApiGroup[] {
    const byName = new Map<string, string[]>();
    for (const t of this.all()) {
      if (!t.group) continue;
      const vs = byName.get(t.group) ?? [];
      if (!vs.includes(t.version)) vs.push(t.version);
      byName.set(t.group, vs);
    }
    const rank = (g: string) => { const i = GROUP_ORDER.indexOf(g); return i < 0 ? GROUP_ORDER.length : i; };
    return [...byName.entries()]
      .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
      .map(([name, versions]) => ({ name, versions }));
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Serve the versions of an established CRD (or stop serving them when it is gone). */
  setCrd(crd: KObject | undefined, name: string): void {
    if (!crd) this.crdTypes.delete(name);
    else this.crdTypes.set(name, crdResourceTypes(crd));
    this.generation++;
    for (const fn of this.listeners) fn();
  }
}

interface CrdVersion {
  name: string; served?: boolean; storage?: boolean;
  subresources?: { status?: unknown; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
}

export function crdResourceTypes(crd: KObject): ResourceType[] {
  const spec = crd['spec'] as {
    group: string; scope: string; names: { plural: string; singular?: string; kind: string; shortNames?: string[]; categories?: string[] };
    versions: CrdVersion[];
  };
  const versions = [...(spec.versions ?? [])].filter((v) => v.served !== false);
  // Discovery lists the storage version first only if it is also the highest priority; keep the
  // CRD's order after sorting by Kubernetes version priority.
  versions.sort((a, b) => versionPriority(b.name) - versionPriority(a.name));
  return versions.map((v) => {
    const subs: Array<'status' | 'scale'> = [];
    if (v.subresources?.status !== undefined) subs.push('status');
    if (v.subresources?.scale) subs.push('scale');
    return {
      group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural,
      singular: spec.names.singular || spec.names.kind.toLowerCase(), namespaced: spec.scope !== 'Cluster',
      verbs: ALL_VERBS, shortNames: spec.names.shortNames, categories: spec.names.categories,
      subresources: subs, generation: subs.includes('status') ? 'non-metadata-status' : 'non-metadata', custom: true,
      scalePaths: v.subresources?.scale,
    } satisfies ResourceType;
  });
}

/** Kubernetes version ordering: GA > beta > alpha, higher numbers first (v2 > v1 > v1beta2 > v1beta1 > v1alpha1). */
export function versionPriority(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return -1;
  const major = Number(m[1]);
  const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  const minor = m[3] ? Number(m[3]) : 0;
  return stage * 1_000_000 + major * 1000 + minor;
}
