// Small helpers the controllers share: resource lookups and writes through the Cluster operations
// (so managedFields, resourceVersion and watch events come out as for any client write).
import { StatusError } from '../api/errors.js';
import type { KObject, ResourceType } from '../api/types.js';
import type { Cluster } from '../core/cluster.js';
import { clone, jsonEqual, timestamp } from '../core/meta.js';

export const KCM = 'kube-controller-manager';

/** The storage type of a group/resource; throws when the registry does not serve it. */
export function typeOf(cluster: Cluster, group: string, plural: string): ResourceType {
  const t = cluster.registry.findGroupResource(group, plural);
  if (!t) throw new Error(`resource ${plural}.${group} is not served`);
  return t;
}

/** The type behind a store key such as `apps/deployments` or `/pods`. */
export function typeOfGr(cluster: Cluster, gr: string): ResourceType | undefined {
  const i = gr.lastIndexOf('/');
  return cluster.registry.findGroupResource(gr.slice(0, i), gr.slice(i + 1));
}

export const isTerminating = (o: KObject) => !!o.metadata.deletionTimestamp;

/** The body of a write based on the stored object: managedFields dropped so the server records them. */
export function writable(o: KObject): KObject {
  const c = clone(o);
  delete c.metadata.managedFields;
  return c;
}

/** Replace `status` (through /status) when it differs; returns the stored object. */
export function writeStatus(cluster: Cluster, t: ResourceType, cur: KObject, status: Record<string, unknown>, manager = KCM): KObject {
  if (jsonEqual(cur['status'], status)) return cur;
  const body = writable(cur);
  body['status'] = status;
  return cluster.update(t, cur.metadata.namespace, cur.metadata.name!, body, { manager, subresource: 'status' }).object;
}

/** A spec/metadata write: `mutate` edits a copy; nothing is sent when it changes nothing. */
export function writeObject(cluster: Cluster, t: ResourceType, cur: KObject, mutate: (o: KObject) => void, manager = KCM): KObject {
  const body = writable(cur);
  mutate(body);
  const before = writable(cur);
  if (jsonEqual(before, body)) return cur;
  return cluster.update(t, cur.metadata.namespace, cur.metadata.name!, body, { manager }).object;
}

/** Create, answering undefined when it is refused (e.g. the namespace is terminating). */
export function tryCreate(cluster: Cluster, t: ResourceType, ns: string | undefined, body: KObject, manager = KCM): KObject | undefined {
  try {
    return cluster.create(t, ns, body, { manager }).object;
  } catch (e) {
    if (e instanceof StatusError) return undefined;
    throw e;
  }
}

/** Delete by uid precondition; a vanished or replaced object is not an error. */
export function tryDelete(cluster: Cluster, t: ResourceType, o: KObject, propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background'): boolean {
  try {
    cluster.delete(t, o.metadata.namespace, o.metadata.name!, { propagationPolicy, preconditions: { uid: o.metadata.uid } });
    return true;
  } catch (e) {
    if (e instanceof StatusError && (e.code === 404 || e.code === 409)) return false;
    throw e;
  }
}

export function nowStamp(cluster: Cluster): string { return timestamp(cluster.now()); }

// ---------- conditions ----------

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string | null;
}

export function conditionsOf(status: unknown): Condition[] {
  const c = (status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(c) ? c.filter((x): x is Condition => typeof x === 'object' && x !== null && typeof (x as Condition).type === 'string') : [];
}

export function findCondition(status: unknown, type: string): Condition | undefined {
  return conditionsOf(status).find((c) => c.type === type);
}

/**
 * Set a condition keeping lastTransitionTime when the status does not change. `touch` decides
 * whether lastUpdateTime (Deployments) moves when only reason/message change.
 */
export function setCondition(list: Condition[], next: Condition, now: string, opts: { updateTime?: boolean } = {}): Condition[] {
  const old = list.find((c) => c.type === next.type);
  const c: Condition = { ...next };
  if (opts.updateTime) {
    const same = old && old.status === c.status && old.reason === c.reason && old.message === c.message;
    c.lastUpdateTime = same ? (old.lastUpdateTime ?? now) : now;
  }
  c.lastTransitionTime = old && old.status === c.status ? (old.lastTransitionTime ?? now) : now;
  const i = list.findIndex((x) => x.type === next.type);
  const out = [...list];
  if (i >= 0) out[i] = c; else out.push(c);
  return out;
}

/** Object values of Go structs with `omitempty` ints: drop zero counters. */
export function omitZero(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  for (const k of keys) if (o[k] === 0 || o[k] === undefined) delete o[k];
  return o;
}
