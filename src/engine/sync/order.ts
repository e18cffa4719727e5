// Execution order of sync steps (engine-reference §4.1.2 and §4.6): phase, wave, kind rank, name;
// Namespaces and CRDs bubble up to the first object that needs them; prune waves are mirrored.
import type { KubeObject } from '../types.js';
import type { SyncPhase, SyncStep } from './types.js';

export const PHASE_RANK: Record<SyncPhase, number> = { PreSync: -1, Sync: 0, PostSync: 1, SyncFail: 2 };

// gitops-engine's (Helm's) kind table, with §4.6's adjustments: CRDs right after Namespaces and
// `*Class` kinds after them (Flux stages them so), admission webhooks after every other kind (Flux).
const KIND_ORDER = [
  'Namespace', 'CustomResourceDefinition', '*Class', 'NetworkPolicy', 'ResourceQuota', 'LimitRange',
  'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap',
  'PersistentVolume', 'PersistentVolumeClaim', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding',
  'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod',
  'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob',
  'Ingress', 'APIService',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const UNKNOWN_RANK = KIND_ORDER.length;

/** Lower runs first. Only the kind name counts, not the group (as in Argo CD). */
export function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  if (i >= 0) return i;
  if (kind.endsWith('Class')) return KIND_ORDER.indexOf('*Class');
  const last = LAST.indexOf(kind);
  return last >= 0 ? UNKNOWN_RANK + 1 + last : UNKNOWN_RANK;
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Apply order: phase, wave, kind, then namespace and name for a stable result. */
export function compareApply(a: SyncStep, b: SyncStep): number {
  return cmp(PHASE_RANK[a.phase], PHASE_RANK[b.phase]) || cmp(a.wave, b.wave)
    || cmp(kindRank(a.ref.kind), kindRank(b.ref.kind)) || cmp(a.ref.namespace ?? '', b.ref.namespace ?? '')
    || cmp(a.ref.name, b.ref.name);
}

/** Prune order inside a wave: reverse kind order (workloads before their Namespace or CRD, as Flux deletes). */
export function comparePrune(a: SyncStep, b: SyncStep): number {
  return cmp(PHASE_RANK[a.phase], PHASE_RANK[b.phase]) || cmp(a.wave, b.wave)
    || cmp(kindRank(b.ref.kind), kindRank(a.ref.kind)) || cmp(a.ref.namespace ?? '', b.ref.namespace ?? '')
    || cmp(a.ref.name, b.ref.name);
}

const before = (a: SyncStep, b: SyncStep): boolean =>
  PHASE_RANK[a.phase] < PHASE_RANK[b.phase] || (a.phase === b.phase && a.wave < b.wave);

const crdTarget = (o: KubeObject | undefined): { group: string; kind: string } | undefined => {
  const spec = o?.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
  return typeof spec?.group === 'string' && typeof spec.names?.kind === 'string'
    ? { group: spec.group, kind: spec.names.kind } : undefined;
};

/**
 * Argo's `adjustDeps`: a Namespace or CRD takes the (phase, wave) of the earliest step that needs it,
 * so a CRD in wave 5 with its custom resource in wave 0 is applied in wave 0. Mutates `steps`.
 */
export function bubbleDependencies(steps: SyncStep[]): void {
  for (const dep of steps) {
    const crd = dep.ref.kind === 'CustomResourceDefinition' ? crdTarget(dep.object) : undefined;
    if (dep.ref.kind !== 'Namespace' && !crd) continue;
    const needs = (s: SyncStep): boolean => s !== dep && s.action !== 'skip' && (crd
      ? s.ref.group === crd.group && s.ref.kind === crd.kind
      : s.ref.namespace === dep.ref.name);
    for (const s of steps) {
      if (needs(s) && before(s, dep)) {
        dep.phase = s.phase;
        dep.wave = s.wave;
      }
    }
  }
}

/**
 * Argo mirrors prune waves: the sorted distinct waves are swapped pairwise, so the highest wave
 * is pruned first. Mutates `prunes`.
 */
export function mirrorPruneWaves(prunes: SyncStep[]): void {
  const waves = [...new Set(prunes.map((p) => p.wave))].sort((a, b) => a - b);
  const mirror = new Map(waves.map((w, i) => [w, waves[waves.length - 1 - i]!]));
  for (const p of prunes) p.wave = mirror.get(p.wave) ?? p.wave;
}

/**
 * Final order. Inside one (phase, wave) prunes run before applies (Argo's `runTasks`); PruneLast
 * prunes go after every Sync-phase wave. `pruneLast` says which prune steps are PruneLast.
 */
export function orderSteps(applies: SyncStep[], prunes: SyncStep[], pruneLast: (s: SyncStep) => boolean): SyncStep[] {
  bubbleDependencies(applies);
  const early = prunes.filter((p) => !pruneLast(p));
  const late = prunes.filter(pruneLast);
  mirrorPruneWaves(early);
  const syncWaves = [...applies, ...early].filter((s) => s.phase === 'Sync').map((s) => s.wave);
  const lastWave = syncWaves.length ? Math.max(...syncWaves) : 0;
  for (const p of late) { p.phase = 'Sync'; p.wave = lastWave + 1; }
  const groups = new Map<string, { phase: SyncPhase; wave: number; prunes: SyncStep[]; applies: SyncStep[] }>();
  const group = (s: SyncStep) => {
    const k = `${s.phase}/${s.wave}`;
    let g = groups.get(k);
    if (!g) groups.set(k, g = { phase: s.phase, wave: s.wave, prunes: [], applies: [] });
    return g;
  };
  for (const s of applies) group(s).applies.push(s);
  for (const s of [...early, ...late]) group(s).prunes.push(s);
  const ordered = [...groups.values()].sort((a, b) => cmp(PHASE_RANK[a.phase], PHASE_RANK[b.phase]) || cmp(a.wave, b.wave));
  return ordered.flatMap((g) => [...g.prunes.sort(comparePrune), ...g.applies.sort(compareApply)]);
}
