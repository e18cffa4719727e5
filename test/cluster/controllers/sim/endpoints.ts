// The Endpoints controller: every Service with a selector gets an Endpoints object of the same
// name listing the matching pods (Ready ones under addresses, others under notReadyAddresses),
// with target ports resolved (numbers, or container port names).
import type { KObject } from '../../api/types.js';
import { jsonEqual, timestamp } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { matchesMap } from '../selector.js';
import { isTerminating, tryCreate, tryDelete, typeOf, writeObject } from '../util.js';
import type { SimContext } from './context.js';
import { PODS_GR, isPodActive, isPodReady, podSpec } from './pods.js';

export const SVC_GR = grKey('', 'services');
export const EP_GR = grKey('', 'endpoints');

interface ServicePort { name?: string; port: number; targetPort?: number | string; protocol?: string }
interface ServiceSpec { selector?: Record<string, string>; ports?: ServicePort[]; type?: string; clusterIP?: string; publishNotReadyAddresses?: boolean }

interface Address { ip: string; nodeName?: string; hostname?: string; targetRef: Record<string, unknown> }

/** Recompute the Endpoints of every selector Service in a namespace. */
export function syncNamespaceEndpoints(ctx: SimContext, ns: string): void {
  const services = ctx.cluster.store.list(SVC_GR, ns);
  if (!services.length) return;
  const pods = ctx.cluster.store.list(PODS_GR, ns).filter((p) => isPodActive(p) && typeof (p['status'] as { podIP?: unknown } | undefined)?.podIP === 'string');
  for (const svc of services) syncServiceEndpoints(ctx, svc, pods);
}

export function syncServiceEndpoints(ctx: SimContext, svc: KObject, pods: KObject[]): void {
  const spec = (svc['spec'] ?? {}) as ServiceSpec;
  if (isTerminating(svc) || !spec.selector || !Object.keys(spec.selector).length || spec.type === 'ExternalName') return;
  const { cluster } = ctx;
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  const ready: Address[] = [];
  const notReady: Address[] = [];
  let ports: Array<{ name?: string; port: number; protocol: string }> | undefined;
  for (const p of pods) {
    if (!matchesMap(spec.selector, p.metadata.labels)) continue;
    const resolved = resolvePorts(spec.ports ?? [], p);
    if (!resolved) continue;
    ports ??= resolved;
    const podSt = p['status'] as { podIP: string };
    const ps = podSpec(p) as { nodeName?: string; hostname?: string; subdomain?: string };
    const a: Address = { ip: podSt.podIP, targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid } };
    if (ps.nodeName) a.nodeName = ps.nodeName;
    if (ps.hostname && ps.subdomain === name) a.hostname = ps.hostname;
    (isPodReady(p) || spec.publishNotReadyAddresses ? ready : notReady).push(a);
  }
  const byIp = (a: Address, b: Address) => a.ip.localeCompare(b.ip, undefined, { numeric: true });
  ready.sort(byIp);
  notReady.sort(byIp);
  const subset: Record<string, unknown> = {};
  if (ready.length) subset['addresses'] = ready;
  if (notReady.length) subset['notReadyAddresses'] = notReady;
  if (ports?.length) subset['ports'] = ports;
  const subsets = ready.length || notReady.length ? [subset] : undefined;
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  const t = typeOf(cluster, '', 'endpoints');
  const cur = cluster.store.get(EP_GR, ns, name);
  const now = timestamp(cluster.now());
  if (!cur) {
    const body: KObject = {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { name, namespace: ns, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': now } },
    };
    if (subsets) body['subsets'] = subsets;
    tryCreate(cluster, t, ns, body);
    return;
  }
  if (jsonEqual(cur['subsets'], subsets) && jsonEqual(cur.metadata.labels ?? {}, labels)) return;
  writeObject(cluster, t, cur, (o) => {
    if (subsets) o['subsets'] = subsets; else delete o['subsets'];
    o.metadata.labels = labels;
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': now };
  });
}

/** Service ports mapped to the pod's ports; undefined when a named port is missing on the pod. */
function resolvePorts(ports: ServicePort[], pod: KObject): Array<{ name?: string; port: number; protocol: string }> | undefined {
  const out: Array<{ name?: string; port: number; protocol: string }> = [];
  const containers = (podSpec(pod).containers ?? []) as Array<{ ports?: Array<{ name?: string; containerPort?: number; protocol?: string }> }>;
  for (const sp of ports) {
    let port: number | undefined;
    const tp = sp.targetPort ?? sp.port;
    if (typeof tp === 'number') port = tp;
    else if (/^\d+$/.test(tp)) port = Number(tp);
    else {
      for (const c of containers) for (const cp of c.ports ?? []) if (cp.name === tp && (cp.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) port = cp.containerPort;
    }
    if (port === undefined) return undefined;
    const e: { name?: string; port: number; protocol: string } = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) e.name = sp.name;
    out.push(e);
  }
  return out;
}

/** A deleted Service takes its Endpoints with it. */
export function deleteServiceEndpoints(ctx: SimContext, ns: string, name: string): void {
  const ep = ctx.cluster.store.get(EP_GR, ns, name);
  if (!ep || ctx.cluster.store.get(SVC_GR, ns, name)) return;
  tryDelete(ctx.cluster, typeOf(ctx.cluster, '', 'endpoints'), ep);
}
