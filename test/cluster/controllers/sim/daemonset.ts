// The DaemonSet controller for a one-node cluster: one pod on the node, replaced (RollingUpdate)
// when the template changes; status counts scheduled, ready, updated and available pods.
import { grKey } from '../../store/store.js';
import { isTerminating, omitZero, tryCreate, tryDelete, typeOf, writeStatus } from '../util.js';
import type { SimContext } from './context.js';
import { isPodAvailable, isPodReady, podFromTemplate } from './pods.js';
import { controlledPods } from './replicaset.js';
import { ensureRevision } from './revisions.js';

export const DS_GR = grKey('apps', 'daemonsets');

export function syncDaemonSet(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  const ds = cluster.store.get(DS_GR, ns, name);
  if (!ds || isTerminating(ds)) return;
  const spec = (ds['spec'] ?? {}) as { template?: unknown; minReadySeconds?: number; updateStrategy?: { type?: string } };
  const podType = typeOf(cluster, '', 'pods');
  const rev = ensureRevision(ctx, ds, spec.template);
  let pods = controlledPods(ctx, ds);
  const current = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === rev.hash);
  const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (!pods.length) {
    const made = tryCreate(cluster, podType, ns, podFromTemplate(spec.template, {
      namespace: ns, generateName: `${name}-`, owner: ds,
      extraLabels: { 'controller-revision-hash': rev.hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
    }));
    if (made) ctx.events.record(ds, { reason: 'SuccessfulCreate', message: `Created pod: ${made.metadata.name}`, component: 'daemonset-controller' });
  } else if (rolling) {
    // Surplus or outdated pods go (maxUnavailable 1 on a single node: delete, then recreate).
    const extra = current.length ? pods.filter((p) => p !== current[0]) : pods;
    for (const p of extra) {
      if (tryDelete(cluster, podType, p)) ctx.events.record(ds, { reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}`, component: 'daemonset-controller' });
    }
  }
  pods = controlledPods(ctx, ds);
  const now = cluster.now();
  const ready = pods.filter(isPodReady).length;
  const available = pods.filter((p) => isPodAvailable(p, spec.minReadySeconds ?? 0, now)).length;
  const cur = cluster.store.get(DS_GR, ns, name);
  if (!cur) return;
  const status = omitZero({
    currentNumberScheduled: pods.length,
    numberMisscheduled: 0,
    desiredNumberScheduled: 1,
    numberReady: ready,
    observedGeneration: cur.metadata.generation,
    updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === rev.hash).length,
    numberAvailable: available,
    numberUnavailable: Math.max(0, 1 - available),
  }, ['observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']);
  writeStatus(cluster, typeOf(cluster, 'apps', 'daemonsets'), cur, status);
}
