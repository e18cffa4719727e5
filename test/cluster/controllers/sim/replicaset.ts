// The ReplicaSet controller: keep spec.replicas pods (created from the template, owned by the
// ReplicaSet), delete surplus ones (not-ready and newest first) and report status.
import type { KObject } from '../../api/types.js';
import { grKey } from '../../store/store.js';
import { controllerRef } from '../owners.js';
import { isTerminating, omitZero, tryCreate, tryDelete, typeOf, writeStatus } from '../util.js';
import type { SimContext } from './context.js';
import { PODS_GR, isPodActive, isPodAvailable, isPodReady, podFromTemplate } from './pods.js';

export const RS_GR = grKey('apps', 'replicasets');
/** upstream's burst limit for creations in one sync */
const BURST = 500;

const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);

/** Active pods controlled by an owner (ReplicaSet, StatefulSet, DaemonSet, Job). */
export function controlledPods(ctx: SimContext, owner: KObject, includeFinished = false): KObject[] {
  return ctx.owners.dependentObjects(owner.metadata.uid!, PODS_GR)
    .filter((p) => controllerRef(p)?.uid === owner.metadata.uid && (includeFinished ? !isTerminating(p) : isPodActive(p)));
}

export function syncReplicaSet(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  const rs = cluster.store.get(RS_GR, ns, name);
  if (!rs || isTerminating(rs)) return;
  const t = typeOf(cluster, 'apps', 'replicasets');
  const podType = typeOf(cluster, '', 'pods');
  const spec = (rs['spec'] ?? {}) as { replicas?: number; minReadySeconds?: number; template?: unknown };
  const want = num(spec.replicas, 1);
  let pods = controlledPods(ctx, rs);
  const diff = want - pods.length;
  if (diff > 0) {
    const made: string[] = [];
    for (let i = 0; i < Math.min(diff, BURST); i++) {
      const p = tryCreate(cluster, podType, ns, podFromTemplate(spec.template, { namespace: ns, generateName: `${name}-`, owner: rs }));
      if (!p) break;
      made.push(p.metadata.name!);
    }
    for (const n of made) ctx.events.record(rs, { reason: 'SuccessfulCreate', message: `Created pod: ${n}`, component: 'replicaset-controller' });
  } else if (diff < 0) {
    // Prefer deleting pods that are not ready, then the newest ones (upstream's ranking, simplified).
    const ranked = [...pods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) ||
      String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || b.metadata.name!.localeCompare(a.metadata.name!));
    for (const p of ranked.slice(0, -diff)) {
      if (tryDelete(cluster, podType, p)) ctx.events.record(rs, { reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}`, component: 'replicaset-controller' });
    }
  }
  pods = controlledPods(ctx, rs);
  const minReady = num(spec.minReadySeconds, 0);
  const now = cluster.now();
  const ready = pods.filter(isPodReady).length;
  const available = pods.filter((p) => isPodAvailable(p, minReady, now)).length;
  if (minReady && ready > available) ctx.enqueue('replicaset', ns, name, minReady * 1000);
  const cur = cluster.store.get(RS_GR, ns, name);
  if (!cur) return;
  const old = (cur['status'] ?? {}) as Record<string, unknown>;
  const status = omitZero({
    replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: available,
    observedGeneration: cur.metadata.generation,
  }, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']);
  if (Array.isArray(old['conditions'])) status['conditions'] = old['conditions'];
  writeStatus(cluster, t, cur, status);
}
