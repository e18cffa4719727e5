// CRD deletion (spec §3.10): Cluster.delete gives the CRD a deletionTimestamp and the finalizer
// customresourcecleanup.apiextensions.k8s.io. Here: mark it Terminating, delete every custom
// resource of it (honouring their finalizers), and remove the finalizer once none is left; the
// core then forgets the CRD and its endpoints.
import type { KObject } from '../api/types.js';
import type { Cluster } from '../core/cluster.js';
import { grKey } from '../store/store.js';
import type { OwnerIndex } from './owners.js';
import type { Scheduler } from './scheduler.js';
import { isTerminating, nowStamp, setCondition, conditionsOf, tryDelete, typeOf, writeStatus } from './util.js';

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const CRD_GR = grKey('apiextensions.k8s.io', 'customresourcedefinitions');
const RESYNC_MS = 1000;

interface CrdNames { group: string; plural: string }

function namesOf(crd: KObject): CrdNames | undefined {
  const spec = crd['spec'] as { group?: unknown; names?: { plural?: unknown } } | undefined;
  if (typeof spec?.group !== 'string' || typeof spec.names?.plural !== 'string') return undefined;
  return { group: spec.group, plural: spec.names.plural };
}

const needsCleanup = (crd: KObject) => isTerminating(crd) && (crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER);

export function startCrdCleanup(cluster: Cluster, owners: OwnerIndex, sched: Scheduler): () => void {
  const enqueue = (name: string, delay = 0) => sched.schedule(`crd:${name}`, delay, () => syncCrdDeletion(cluster, name));
  const off = owners.subscribe((e) => {
    if (e.gr === CRD_GR) {
      if (e.type !== 'DELETED' && needsCleanup(e.object)) enqueue(e.object.metadata.name!);
      return;
    }
    if (e.type !== 'DELETED') return;
    // A custom resource went away: its CRD (always named <plural>.<group>) may be finishing.
    const slash = e.gr.lastIndexOf('/');
    const group = e.gr.slice(0, slash);
    if (!group.includes('.')) return;
    const crdName = `${e.gr.slice(slash + 1)}.${group}`;
    const crd = cluster.store.get(CRD_GR, undefined, crdName);
    if (crd && needsCleanup(crd)) enqueue(crdName, 10);
  });
  const scan = () => { for (const crd of cluster.store.list(CRD_GR)) if (needsCleanup(crd)) enqueue(crd.metadata.name!); };
  scan();
  const timer = setInterval(scan, RESYNC_MS);
  timer.unref();
  return () => { off(); clearInterval(timer); };
}

/** One pass over a terminating CRD. */
export function syncCrdDeletion(cluster: Cluster, name: string): void {
  const crdType = typeOf(cluster, 'apiextensions.k8s.io', 'customresourcedefinitions');
  let crd = cluster.store.get(CRD_GR, undefined, name);
  if (!crd || !needsCleanup(crd)) return;
  const names = namesOf(crd);
  if (!names) { cluster.removeFinalizer(crdType, crd, CRD_CLEANUP_FINALIZER); return; }
  const gr = grKey(names.group, names.plural);
  crd = markTerminating(cluster, crdType, crd);
  const t = cluster.registry.findGroupResource(names.group, names.plural);
  for (const o of cluster.store.list(gr)) {
    if (isTerminating(o)) continue;
    if (t) tryDelete(cluster, t, o, 'Background');
    else if (!(o.metadata.finalizers?.length)) cluster.store.remove(gr, o.metadata.namespace, o.metadata.name!);
  }
  if (cluster.store.list(gr).length) return; // finalizers pending: CR removals re-trigger us
  const latest = cluster.store.get(CRD_GR, undefined, name);
  if (latest) cluster.removeFinalizer(crdType, latest, CRD_CLEANUP_FINALIZER);
}

function markTerminating(cluster: Cluster, t: ReturnType<typeof typeOf>, crd: KObject): KObject {
  const status = { ...((crd['status'] as Record<string, unknown> | undefined) ?? {}) };
  const conds = conditionsOf(status);
  const cur = conds.find((c) => c.type === 'Terminating');
  if (cur?.status === 'True' && cur.reason === 'InstanceDeletionInProgress') return crd;
  status['conditions'] = setCondition(conds, {
    type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress',
  }, nowStamp(cluster));
  try {
    return writeStatus(cluster, t, crd, status, 'kube-apiserver');
  } catch {
    return crd;
  }
}
