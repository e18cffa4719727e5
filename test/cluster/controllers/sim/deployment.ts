// The Deployment controller (spec §3.11): one ReplicaSet per pod template (`<name>-<hash>`),
// rolling updates bounded by maxSurge/maxUnavailable (or Recreate), revision annotations, old
// ReplicaSets trimmed to revisionHistoryLimit, and status with the Available and Progressing
// conditions (including ProgressDeadlineExceeded) worded as kube-controller-manager words them.
import type { KObject } from '../../api/types.js';
import { clone, jsonEqual, timestamp } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { controllerRef } from '../owners.js';
import { KCM, conditionsOf, isTerminating, omitZero, tryCreate, tryDelete, typeOf, writable, writeObject, type Condition } from '../util.js';
import type { SimContext } from './context.js';
import { templateHash } from './hash.js';
import { ownerReference } from './pods.js';
import { RS_GR } from './replicaset.js';

export const DEPLOY_GR = grKey('apps', 'deployments');
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';
/** annotations the controller never copies from a Deployment to its ReplicaSets */
const NOT_COPIED = new Set([REVISION, REVISION_HISTORY, DESIRED, MAX, 'kubectl.kubernetes.io/last-applied-configuration', 'deprecated.deployment.rollback.to']);

interface DeploySpec {
  replicas?: number; paused?: boolean; minReadySeconds?: number; progressDeadlineSeconds?: number; revisionHistoryLimit?: number;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
}

const specOf = (o: KObject) => (o['spec'] ?? {}) as DeploySpec;
const replicasOf = (rs: KObject) => (typeof (rs['spec'] as { replicas?: unknown })?.replicas === 'number' ? (rs['spec'] as { replicas: number }).replicas : 1);
const statusNum = (o: KObject, k: string) => {
  const v = (o['status'] as Record<string, unknown> | undefined)?.[k];
  return typeof v === 'number' ? v : 0;
};
const revisionOf = (o: KObject) => Number(o.metadata.annotations?.[REVISION] ?? 0) || 0;

/** Resolve an intstr (absolute or percent) against `total`, rounding up or down. */
export function resolveIntOrPercent(v: number | string | undefined, dflt: string, total: number, roundUp: boolean): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number.parseInt(x, 10) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

export function surgeAndUnavailable(d: KObject): { maxSurge: number; maxUnavailable: number } {
  const s = specOf(d);
  const replicas = s.replicas ?? 1;
  if (s.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: replicas };
  const ru = s.strategy?.rollingUpdate ?? {};
  const maxSurge = resolveIntOrPercent(ru.maxSurge, '25%', replicas, true);
  let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable, '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

export function syncDeployment(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  const d = cluster.store.get(DEPLOY_GR, ns, name);
  if (!d || isTerminating(d)) return;
  const spec = specOf(d);
  const replicas = spec.replicas ?? 1;
  const rsType = typeOf(cluster, 'apps', 'replicasets');
  const owned = () => ctx.owners.dependentObjects(d.metadata.uid!, RS_GR).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid && !isTerminating(rs));
  const collisionCount = statusNum(d, 'collisionCount');
  const hash = templateHash(spec.template, collisionCount);
  const newName = `${name}-${hash}`;
  let all = owned();
  let newRS = all.find((rs) => rs.metadata.name === newName);
  const maxOldRevision = Math.max(0, ...all.filter((rs) => rs !== newRS).map(revisionOf));
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(d);
  const now = timestamp(cluster.now());
  let conditions = conditionsOf(d['status']);
  const setCond = (c: Condition) => { conditions = setDeploymentCondition(conditions, c, now); };

  // Paused: report it, never roll out (kubectl rollout pause/resume).
  const progressing = conditions.find((c) => c.type === 'Progressing');
  if (progressing?.reason !== 'ProgressDeadlineExceeded') {
    if (spec.paused && progressing?.reason !== 'DeploymentPaused') {
      setCond({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    } else if (!spec.paused && progressing?.reason === 'DeploymentPaused') {
      setCond({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' });
    }
  }

  if (!spec.paused) {
    if (!newRS) {
      const olds = all;
      const initial = initialNewReplicas(d, olds, replicas, maxSurge);
      newRS = tryCreate(cluster, rsType, ns, newReplicaSet(d, newName, hash, initial, maxOldRevision + 1, maxSurge));
      if (!newRS) return; // namespace terminating, or a name collision with a foreign ReplicaSet
      ctx.events.record(d, { reason: 'ScalingReplicaSet', message: `Scaled up replica set ${newName} from 0 to ${initial}`, component: 'deployment-controller' });
      setCond({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newName}"` });
      all = owned();
    } else if (revisionOf(newRS) <= maxOldRevision) {
      // Rolled back to an older template: that ReplicaSet becomes the newest revision.
      const old = String(revisionOf(newRS));
      newRS = writeObject(cluster, rsType, newRS, (o) => {
        const ann = { ...(o.metadata.annotations ?? {}) };
        const hist = ann[REVISION_HISTORY] ? `${ann[REVISION_HISTORY]},${old}` : old;
        ann[REVISION] = String(maxOldRevision + 1);
        ann[REVISION_HISTORY] = hist;
        o.metadata.annotations = ann;
      });
      all = owned();
    }
    if (!conditions.some((c) => c.type === 'Progressing') && spec.progressDeadlineSeconds !== undefined) {
      setCond({ type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${newName}"` });
    }
    rollout(ctx, d, newRS, all.filter((rs) => rs.metadata.uid !== newRS!.metadata.uid), replicas, maxSurge, maxUnavailable);
    cleanupOldReplicaSets(ctx, d, owned().filter((rs) => rs.metadata.name !== newName));
  }

  // ---- status ----
  all = owned();
  newRS = all.find((rs) => rs.metadata.name === newName);
  const cur = cluster.store.get(DEPLOY_GR, ns, name);
  if (!cur) return;
  const oldStatus = (cur['status'] ?? {}) as Record<string, unknown>;
  const totalSpec = all.reduce((n, rs) => n + replicasOf(rs), 0);
  const available = all.reduce((n, rs) => n + statusNum(rs, 'availableReplicas'), 0);
  const status: Record<string, unknown> = omitZero({
    observedGeneration: cur.metadata.generation,
    replicas: all.reduce((n, rs) => n + statusNum(rs, 'replicas'), 0),
    updatedReplicas: newRS ? statusNum(newRS, 'replicas') : 0,
    readyReplicas: all.reduce((n, rs) => n + statusNum(rs, 'readyReplicas'), 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, totalSpec - available),
  }, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']);
  if (collisionCount) status['collisionCount'] = collisionCount;
  setCond(available >= replicas - maxUnavailable
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  if (!spec.paused) conditions = rolloutCondition(ctx, cur, oldStatus, status, conditions, newName, replicas, now);
  if (conditions.length) status['conditions'] = conditions;
  const annotations = { ...(cur.metadata.annotations ?? {}) };
  if (newRS) annotations[REVISION] = String(revisionOf(newRS));
  writeDeploymentStatus(ctx, cur, annotations, status);
}

/** Replicas of a brand-new ReplicaSet: all of them unless old pods must make room first. */
function initialNewReplicas(d: KObject, olds: KObject[], replicas: number, maxSurge: number): number {
  const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);
  if (specOf(d).strategy?.type === 'Recreate') return oldTotal > 0 ? 0 : replicas;
  if (oldTotal === 0) return replicas;
  return Math.max(0, Math.min(replicas, replicas + maxSurge - oldTotal));
}

function newReplicaSet(d: KObject, name: string, hash: string, replicas: number, revision: number, maxSurge: number): KObject {
  const spec = specOf(d);
  const template = clone(spec.template ?? {});
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
  delete (template.metadata as Record<string, unknown>)['creationTimestamp'];
  const selector = clone(spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) annotations[k] = v;
  const replicasWanted = spec.replicas ?? 1;
  annotations[DESIRED] = String(replicasWanted);
  annotations[MAX] = String(replicasWanted + maxSurge);
  annotations[REVISION] = String(revision);
  const rsSpec: Record<string, unknown> = { replicas, selector, template };
  if (spec.minReadySeconds) rsSpec['minReadySeconds'] = spec.minReadySeconds;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name, namespace: d.metadata.namespace, labels: { ...(spec.template?.metadata?.labels ?? {}), 'pod-template-hash': hash },
      annotations, ownerReferences: [ownerReference(d)],
    },
    spec: rsSpec,
  };
}

/** Scale the new and old ReplicaSets one step towards the desired state. */
function rollout(ctx: SimContext, d: KObject, newRS: KObject, olds: KObject[], replicas: number, maxSurge: number, maxUnavailable: number): void {
  const want = new Map<string, number>();
  for (const rs of [newRS, ...olds]) want.set(rs.metadata.uid!, replicasOf(rs));
  const get = (rs: KObject) => want.get(rs.metadata.uid!)!;
  const set = (rs: KObject, n: number) => want.set(rs.metadata.uid!, n);
  const oldActive = olds.filter((rs) => get(rs) > 0);
  if (specOf(d).strategy?.type === 'Recreate') {
    if (oldActive.length) for (const rs of oldActive) set(rs, 0);
    else if (olds.every((rs) => statusNum(rs, 'replicas') === 0)) set(newRS, replicas);
  } else if (!oldActive.length) {
    set(newRS, replicas);
  } else {
    // Scale up the new ReplicaSet within maxSurge.
    const total = [newRS, ...olds].reduce((n, rs) => n + get(rs), 0);
    const maxTotal = replicas + maxSurge;
    if (get(newRS) > replicas) set(newRS, replicas);
    else if (total < maxTotal) set(newRS, Math.min(replicas, get(newRS) + maxTotal - total));
    // Scale down old ReplicaSets within maxUnavailable: unhealthy replicas first, then available ones.
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = get(newRS) - statusNum(newRS, 'availableReplicas');
    const allPods = [newRS, ...olds].reduce((n, rs) => n + get(rs), 0);
    let budget = allPods - minAvailable - newUnavailable;
    const byAge = [...oldActive].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    for (const rs of byAge) {
      if (budget <= 0) break;
      const unhealthy = get(rs) - statusNum(rs, 'availableReplicas');
      if (unhealthy <= 0) continue;
      const n = Math.min(budget, unhealthy);
      set(rs, get(rs) - n);
      budget -= n;
    }
    const availableNow = [newRS, ...olds].reduce((n, rs) => n + Math.min(get(rs), statusNum(rs, 'availableReplicas')), 0);
    let down = availableNow - minAvailable;
    for (const rs of byAge) {
      if (down <= 0) break;
      const n = Math.min(get(rs), down);
      if (n <= 0) continue;
      set(rs, get(rs) - n);
      down -= n;
    }
  }
  const rsType = typeOf(ctx.cluster, 'apps', 'replicasets');
  const spec = specOf(d);
  for (const rs of [newRS, ...olds]) {
    const from = replicasOf(rs);
    const to = get(rs);
    const cur = ctx.cluster.store.get(RS_GR, rs.metadata.namespace, rs.metadata.name!);
    if (!cur) continue;
    const isNew = rs === newRS;
    writeObject(ctx.cluster, rsType, cur, (o) => {
      (o['spec'] as Record<string, unknown>)['replicas'] = to;
      const ann = { ...(o.metadata.annotations ?? {}) };
      ann[DESIRED] = String(spec.replicas ?? 1);
      ann[MAX] = String((spec.replicas ?? 1) + maxSurge);
      o.metadata.annotations = ann;
      if (isNew && spec.minReadySeconds !== undefined) (o['spec'] as Record<string, unknown>)['minReadySeconds'] = spec.minReadySeconds;
    });
    if (from !== to) {
      ctx.events.record(d, {
        reason: 'ScalingReplicaSet', component: 'deployment-controller',
        message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
      });
    }
  }
}

function cleanupOldReplicaSets(ctx: SimContext, d: KObject, olds: KObject[]): void {
  const limit = specOf(d).revisionHistoryLimit ?? 10;
  const idle = olds.filter((rs) => replicasOf(rs) === 0 && statusNum(rs, 'replicas') === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  const excess = idle.length - limit;
  if (excess <= 0) return;
  const rsType = typeOf(ctx.cluster, 'apps', 'replicasets');
  for (const rs of idle.slice(0, excess)) tryDelete(ctx.cluster, rsType, rs);
}

/** apimachinery's SetDeploymentCondition: a changed condition moves to the end of the list. */
export function setDeploymentCondition(list: Condition[], c: Condition, now: string): Condition[] {
  const cur = list.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return list;
  const next: Condition = {
    type: c.type, status: c.status, lastUpdateTime: c.lastUpdateTime ?? now,
    lastTransitionTime: cur && cur.status === c.status ? (cur.lastTransitionTime ?? now) : (c.lastTransitionTime ?? now),
    reason: c.reason, message: c.message,
  };
  return [...list.filter((x) => x.type !== c.type), next];
}

/** syncRolloutStatus: the Progressing condition, and a wake-up at the progress deadline. */
function rolloutCondition(ctx: SimContext, d: KObject, oldStatus: Record<string, unknown>, st: Record<string, unknown>,
  conditions: Condition[], rsName: string, replicas: number, now: string): Condition[] {
  const spec = specOf(d);
  const n = (o: Record<string, unknown>, k: string) => (typeof o[k] === 'number' ? o[k] as number : 0);
  const current = conditions.find((c) => c.type === 'Progressing');
  const isComplete = n(st, 'replicas') === n(st, 'updatedReplicas') && current?.reason === 'NewReplicaSetAvailable';
  if (spec.progressDeadlineSeconds === undefined || isComplete) return conditions;
  const complete = n(st, 'updatedReplicas') === replicas && n(st, 'replicas') === replicas && n(st, 'availableReplicas') === replicas &&
    n(st, 'observedGeneration') >= (d.metadata.generation ?? 0);
  const progressed = n(st, 'updatedReplicas') > n(oldStatus, 'updatedReplicas') ||
    n(st, 'replicas') - n(st, 'updatedReplicas') < n(oldStatus, 'replicas') - n(oldStatus, 'updatedReplicas') ||
    n(st, 'readyReplicas') > n(oldStatus, 'readyReplicas') || n(st, 'availableReplicas') > n(oldStatus, 'availableReplicas');
  if (complete) {
    return setDeploymentCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }, now);
  }
  if (progressed) {
    const c: Condition = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.`, lastUpdateTime: now };
    if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
    const out = setDeploymentCondition(conditions.filter((x) => x.type !== 'Progressing'), c, now);
    wakeAtDeadline(ctx, d, now);
    return out;
  }
  if (current && current.reason !== 'NewReplicaSetAvailable') {
    if (current.reason === 'ProgressDeadlineExceeded') return conditions;
    const since = Date.parse(current.lastUpdateTime ?? now);
    const deadline = since + spec.progressDeadlineSeconds * 1000;
    if (deadline < ctx.cluster.now().getTime()) {
      return setDeploymentCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }, now);
    }
    wakeAtDeadline(ctx, d, current.lastUpdateTime ?? now);
  }
  return conditions;
}

function wakeAtDeadline(ctx: SimContext, d: KObject, from: string): void {
  const secs = specOf(d).progressDeadlineSeconds;
  if (secs === undefined) return;
  // Timestamps have second precision: wake a little after the deadline has surely passed.
  const due = Date.parse(from) + secs * 1000 + 1100 - ctx.cluster.now().getTime();
  ctx.enqueue('deployment', d.metadata.namespace, d.metadata.name!, Math.max(ctx.timing.controllerMs, due));
}

/**
 * Write status and the revision annotation in one /status update, as the upstream controller
 * does (deployments/status may change annotations, only spec and labels are reset).
 */
function writeDeploymentStatus(ctx: SimContext, cur: KObject, annotations: Record<string, string>, status: Record<string, unknown>): void {
  const { cluster } = ctx;
  const sameStatus = jsonEqual(cur['status'], status);
  const sameAnn = jsonEqual(cur.metadata.annotations ?? {}, annotations);
  if (sameStatus && sameAnn) return;
  const body = writable(cur);
  body.metadata.annotations = annotations;
  body['status'] = status;
  const t = typeOf(cluster, 'apps', 'deployments');
  cluster.update(t, cur.metadata.namespace, cur.metadata.name!, body, { manager: KCM, subresource: 'status' });
}
