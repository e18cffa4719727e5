// Namespace lifecycle (spec §3.8): once a namespace carries a deletionTimestamp, delete everything
// in it (honouring finalizers), report what remains in status.conditions as kube-controller-manager
// does, and when nothing is left remove the `kubernetes` finalizer so the namespace goes away.
import type { KObject } from '../api/types.js';
import type { Cluster } from '../core/cluster.js';
import { clone, timestamp } from '../core/meta.js';
import { grKey } from '../store/store.js';
import type { OwnerIndex } from './owners.js';
import type { Scheduler } from './scheduler.js';
import { KCM, isTerminating, tryDelete, typeOf, typeOfGr, writable, type Condition } from './util.js';

const NS_GR = grKey('', 'namespaces');
/** re-check interval for namespaces that wait on finalizers (deletes also trigger a re-check) */
const RESYNC_MS = 1000;

export function startNamespaceController(cluster: Cluster, owners: OwnerIndex, sched: Scheduler): () => void {
  const enqueue = (name: string, delay = 0) => sched.schedule(`ns:${name}`, delay, () => syncNamespace(cluster, name, sched));
  const off = owners.subscribe((e) => {
    if (e.gr === NS_GR) {
      if (e.type !== 'DELETED' && isTerminating(e.object)) enqueue(e.object.metadata.name!);
      return;
    }
    // Content of a terminating namespace went away: maybe the namespace can go now.
    const ns = e.object.metadata.namespace;
    if (e.type === 'DELETED' && ns) {
      const nsObj = cluster.store.get(NS_GR, undefined, ns);
      if (nsObj && isTerminating(nsObj)) enqueue(ns, 10);
    }
  });
  for (const ns of cluster.store.list(NS_GR)) if (isTerminating(ns)) enqueue(ns.metadata.name!);
  const resync = setInterval(() => {
    for (const ns of cluster.store.list(NS_GR)) if (isTerminating(ns)) enqueue(ns.metadata.name!);
  }, RESYNC_MS);
  resync.unref();
  return () => { off(); clearInterval(resync); };
}

interface Remaining { byResource: Map<string, number>; byFinalizer: Map<string, number>; total: number }

/** One pass of the namespace deleter for `name`. */
export function syncNamespace(cluster: Cluster, name: string, sched?: Scheduler): void {
  const ns = cluster.store.get(NS_GR, undefined, name);
  if (!ns || !isTerminating(ns)) return;
  const remaining = deleteContent(cluster, name);
  if (remaining.total > 0) {
    writeDeletionConditions(cluster, ns, remaining);
    // Objects deleted just now may be removed by other controllers shortly; look again soon.
    sched?.schedule(`ns:${name}`, 200, () => syncNamespace(cluster, name, sched));
    return;
  }
  finalizeNamespace(cluster, name);
}

function deleteContent(cluster: Cluster, ns: string): Remaining {
  const r: Remaining = { byResource: new Map(), byFinalizer: new Map(), total: 0 };
  for (const gr of cluster.store.resources()) {
    const t = typeOfGr(cluster, gr);
    if (!t?.namespaced) continue;
    for (const o of cluster.store.list(gr, ns)) {
      if (!isTerminating(o)) tryDelete(cluster, t, o, 'Background');
    }
    const left = cluster.store.list(gr, ns);
    if (!left.length) continue;
    const label = `${t.plural}.${t.group}`;
    r.byResource.set(label, left.length);
    r.total += left.length;
    for (const o of left) for (const f of o.metadata.finalizers ?? []) r.byFinalizer.set(f, (r.byFinalizer.get(f) ?? 0) + 1);
  }
  return r;
}

const CONDITION_ORDER = ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining'];

/** The five conditions the upstream namespace deleter maintains, with its exact texts. */
export function deletionConditions(remaining: Remaining, old: Condition[], now: string): Condition[] {
  const want: Record<string, Omit<Condition, 'type'>> = {
    NamespaceDeletionDiscoveryFailure: { status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
    NamespaceDeletionGroupVersionParsingFailure: { status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
    NamespaceDeletionContentFailure: { status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
    NamespaceContentRemaining: { status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
    NamespaceFinalizersRemaining: { status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
  };
  if (remaining.byResource.size) {
    const parts = [...remaining.byResource].map(([res, n]) => `${res} has ${n} resource instances`).sort();
    want['NamespaceContentRemaining'] = { status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` };
  }
  if (remaining.byFinalizer.size) {
    const parts = [...remaining.byFinalizer].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    want['NamespaceFinalizersRemaining'] = { status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}` };
  }
  const out = old.filter((c) => !CONDITION_ORDER.includes(c.type));
  const kept = [...old];
  for (const type of CONDITION_ORDER) {
    const w = want[type]!;
    const prev = kept.find((c) => c.type === type);
    const ltt = prev && prev.status === w.status ? (prev.lastTransitionTime ?? now) : now;
    out.push({ type, status: w.status, lastTransitionTime: ltt, reason: w.reason, message: w.message });
  }
  return out;
}

function writeDeletionConditions(cluster: Cluster, ns: KObject, remaining: Remaining): void {
  const status = (ns['status'] ?? {}) as { conditions?: Condition[]; phase?: string };
  const old = Array.isArray(status.conditions) ? status.conditions : [];
  const next = deletionConditions(remaining, old, timestamp(cluster.now()));
  const same = next.length === old.length && next.every((c, i) => old[i]?.type === c.type && old[i]?.status === c.status && old[i]?.message === c.message);
  if (same) return;
  const body = writable(ns);
  body['status'] = { ...status, phase: 'Terminating', conditions: next };
  cluster.update(typeOf(cluster, '', 'namespaces'), undefined, ns.metadata.name!, body, { manager: KCM, subresource: 'status' });
}

/**
 * Remove the `kubernetes` finalizer from spec.finalizers (what POST …/namespaces/{name}/finalize
 * does) and let the namespace go once no finalizer of any kind remains.
 *
 * First through Cluster.update (subresource `finalize`), so managedFields and listeners see it.
 * If the core keeps spec.finalizers from the stored object on that path, fall back to the store:
 * a MODIFIED event with the finalizer gone, then the DELETED event. The lead may move this into
 * Cluster as a `finalizeNamespace(name)` method.
 */
export function finalizeNamespace(cluster: Cluster, name: string): void {
  const t = typeOf(cluster, '', 'namespaces');
  const cur = cluster.store.get(NS_GR, undefined, name);
  if (!cur || !isTerminating(cur)) return;
  const uid = cur.metadata.uid;
  const specFins = (cur['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  if (specFins.includes('kubernetes')) {
    const body = writable(cur);
    body['spec'] = { ...(body['spec'] as object), finalizers: specFins.filter((f) => f !== 'kubernetes') };
    try {
      cluster.update(t, undefined, name, body, { manager: KCM, subresource: 'finalize' });
    } catch {
      // fall through to the store-level path below
    }
  }
  const after = cluster.store.get(NS_GR, undefined, name);
  if (!after || after.metadata.uid !== uid) return;
  let next = after;
  const fins = (after['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  if (fins.includes('kubernetes')) {
    const copy = clone(after);
    copy['spec'] = { ...(copy['spec'] as object), finalizers: fins.filter((f) => f !== 'kubernetes') };
    next = cluster.store.update(NS_GR, copy);
  }
  const left = (next['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  if (!left.length && !(next.metadata.finalizers?.length)) cluster.store.remove(NS_GR, undefined, name);
}
