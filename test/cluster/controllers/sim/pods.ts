// The simulated scheduler + kubelet: a pod is bound to the one node, its sandbox is created, then
// its containers run and become Ready, or wait in ImagePullBackOff when an image's tag is
// `broken`. Pods of Jobs run to completion (Succeeded, or Failed for a broken image).
import { createHash } from 'node:crypto';
import type { KObject, OwnerReference } from '../../api/types.js';
import type { Cluster } from '../../core/cluster.js';
import { clone, timestamp } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { NODE_IP, NODE_NAME } from '../node.js';
import { controllerRef } from '../owners.js';
import { conditionsOf, isTerminating, typeOf, writable, writeStatus, type Condition } from '../util.js';
import type { SimContext } from './context.js';
import { imageId, isBrokenImage, normalizeImage } from './images.js';

export const PODS_GR = grKey('', 'pods');

interface Container { name: string; image?: string; resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }
interface PodSpec { containers?: Container[]; initContainers?: Container[]; nodeName?: string; restartPolicy?: string }

export const podSpec = (p: KObject) => (p['spec'] ?? {}) as PodSpec;
const podStatus = (p: KObject) => (p['status'] ?? {}) as Record<string, unknown>;
export const podPhase = (p: KObject) => podStatus(p)['phase'] as string | undefined;

export function isPodReady(p: KObject): boolean {
  return conditionsOf(p['status']).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Counted by controllers: not finished and not being deleted. */
export function isPodActive(p: KObject): boolean {
  const ph = podPhase(p);
  return !isTerminating(p) && ph !== 'Succeeded' && ph !== 'Failed';
}

/** Ready for at least minReadySeconds. */
export function isPodAvailable(p: KObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(p)) return false;
  if (!minReadySeconds) return true;
  const c = conditionsOf(p['status']).find((x) => x.type === 'Ready');
  const since = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : now.getTime();
  return since + minReadySeconds * 1000 <= now.getTime();
}

// ---------- pods from templates ----------

export interface PodFromTemplate {
  namespace: string;
  name?: string;
  generateName?: string;
  owner: KObject;
  extraLabels?: Record<string, string>;
  extraAnnotations?: Record<string, string>;
  /** edit the pod spec (StatefulSet volumes, hostname) */
  mutateSpec?: (spec: Record<string, unknown>) => void;
}

export function ownerReference(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!,
    controller: true, blockOwnerDeletion: true,
  };
}

export function podFromTemplate(template: unknown, o: PodFromTemplate): KObject {
  const tpl = (template ?? {}) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  const spec = clone(tpl.spec ?? {});
  spec['nodeName'] = NODE_NAME;
  o.mutateSpec?.(spec);
  const metadata: KObject['metadata'] = {
    namespace: o.namespace,
    labels: { ...(tpl.metadata?.labels ?? {}), ...(o.extraLabels ?? {}) },
    ownerReferences: [ownerReference(o.owner)],
  };
  if (o.name) metadata.name = o.name; else metadata.generateName = o.generateName;
  const ann = { ...(tpl.metadata?.annotations ?? {}), ...(o.extraAnnotations ?? {}) };
  if (Object.keys(ann).length) metadata.annotations = ann;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

// ---------- pod IPs ----------

const ipState = new WeakMap<Cluster, { next: number }>();

function nextPodIp(cluster: Cluster): string {
  let st = ipState.get(cluster);
  if (!st) {
    // Continue after the highest address already handed out (restart over a kept --state).
    let max = 1;
    for (const p of cluster.store.list(PODS_GR)) {
      const ip = podStatus(p)['podIP'];
      const m = typeof ip === 'string' ? /^10\.244\.(\d+)\.(\d+)$/.exec(ip) : null;
      if (m) max = Math.max(max, Number(m[1]) * 256 + Number(m[2]));
    }
    st = { next: max + 1 };
    ipState.set(cluster, st);
  }
  let n = st.next++;
  if (n >= 65534) { st.next = 3; n = 2; }
  return `10.244.${n >> 8}.${n & 255}`;
}

// ---------- kubelet ----------

type Stage = 'new' | 'creating' | 'running' | 'backoff' | 'done';

function stageOf(p: KObject): Stage {
  const ph = podPhase(p);
  if (ph === 'Succeeded' || ph === 'Failed') return 'done';
  const conds = conditionsOf(p['status']);
  if (!conds.some((c) => c.type === 'PodScheduled' && c.status === 'True')) return 'new';
  const statuses = containerStatuses(p);
  if (statuses.some((s) => s.state?.waiting?.reason === 'ContainerCreating' || s.state?.waiting?.reason === 'PodInitializing')) return 'creating';
  if (statuses.some((s) => s.state?.waiting?.reason === 'ImagePullBackOff')) return 'backoff';
  if (ph === 'Running') return 'running';
  return 'creating';
}

interface ContainerStatus {
  name: string; image?: string; imageID?: string; containerID?: string; ready?: boolean; started?: boolean; restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: { startedAt?: string }; terminated?: Record<string, unknown> };
  lastState?: Record<string, unknown>;
}

function containerStatuses(p: KObject, key = 'containerStatuses'): ContainerStatus[] {
  const v = podStatus(p)[key];
  return Array.isArray(v) ? (v as ContainerStatus[]) : [];
}

const isJobPod = (p: KObject) => controllerRef(p)?.kind === 'Job';

/** Advance one pod by one step of its lifecycle; schedules the next step itself. */
export function syncPod(ctx: SimContext, ns: string, name: string): void {
  const { cluster, timing } = ctx;
  const t = typeOf(cluster, '', 'pods');
  let pod = cluster.store.get(PODS_GR, ns, name);
  if (!pod || isTerminating(pod)) return;
  const spec = podSpec(pod);
  const now = timestamp(cluster.now());
  const stage = stageOf(pod);
  const next = (ms: number) => ctx.enqueue('pod', ns, name, ms);
  if (stage === 'new') {
    if (!spec.nodeName) pod = bindToNode(cluster, pod);
    writeStatus(cluster, t, pod, creatingStatus(pod, now, cluster), 'kubelet');
    ctx.events.record(pod, { reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to ${NODE_NAME}`, component: 'default-scheduler' });
    next(timing.podStartMs);
    return;
  }
  if (stage === 'done') return;
  const broken = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].some((c) => isBrokenImage(c.image));
  const imagesMatch = (spec.containers ?? []).every((c) => {
    const s = containerStatuses(pod!).find((x) => x.name === c.name);
    return s && s.image === normalizeImage(c.image ?? '');
  });
  if (stage === 'creating' || !imagesMatch || (stage === 'backoff' && !broken)) {
    if (broken && isJobPod(pod) && spec.restartPolicy !== 'Always') {
      writeStatus(cluster, t, pod, finishedStatus(pod, now, false), 'kubelet');
      recordPullFailure(ctx, pod);
      return;
    }
    writeStatus(cluster, t, pod, startedStatus(pod, now, cluster), 'kubelet');
    if (broken) recordPullFailure(ctx, pod);
    else recordStarted(ctx, pod);
    if (!broken && isJobPod(pod)) next(timing.jobRunMs);
    return;
  }
  if (stage === 'running' && isJobPod(pod)) {
    writeStatus(cluster, t, pod, finishedStatus(pod, now, true), 'kubelet');
  }
}

/** What the scheduler's binding does: set spec.nodeName (allowed once on a real server). */
function bindToNode(cluster: Cluster, pod: KObject): KObject {
  try {
    const body = writable(pod);
    (body['spec'] as Record<string, unknown>)['nodeName'] = NODE_NAME;
    return cluster.update(typeOf(cluster, '', 'pods'), pod.metadata.namespace, pod.metadata.name!, body, { manager: 'kube-scheduler' }).object;
  } catch {
    return pod; // the core refuses spec changes on pods: leave it unbound, the status still says where it runs
  }
}

function recordStarted(ctx: SimContext, pod: KObject): void {
  for (const c of podSpec(pod).containers ?? []) {
    const fieldPath = `spec.containers{${c.name}}`;
    ctx.events.record(pod, { reason: 'Pulled', message: `Container image "${c.image}" already present on machine`, component: 'kubelet', fieldPath });
    ctx.events.record(pod, { reason: 'Created', message: `Created container: ${c.name}`, component: 'kubelet', fieldPath });
    ctx.events.record(pod, { reason: 'Started', message: `Started container ${c.name}`, component: 'kubelet', fieldPath });
  }
}

function recordPullFailure(ctx: SimContext, pod: KObject): void {
  const spec = podSpec(pod);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if (!isBrokenImage(c.image)) continue;
    const fieldPath = `spec.containers{${c.name}}`;
    ctx.events.record(pod, { type: 'Warning', reason: 'Failed', message: `Failed to pull image "${c.image}": ${pullError(c.image!)}`, component: 'kubelet', fieldPath });
    ctx.events.record(pod, { type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${c.image}"`, component: 'kubelet', fieldPath });
  }
}

function pullError(image: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${normalizeImage(image)}": failed to resolve reference "${normalizeImage(image)}": ${normalizeImage(image)}: not found`;
}

// ---------- status shapes ----------

function qosClass(pod: KObject): string {
  const cs = [...(podSpec(pod).initContainers ?? []), ...(podSpec(pod).containers ?? [])];
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  return guaranteed ? 'Guaranteed' : any ? 'Burstable' : 'BestEffort';
}

function cond(old: Condition[], type: string, status: 'True' | 'False', now: string, reason?: string, message?: string): Condition {
  const prev = old.find((c) => c.type === type);
  const c: Condition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? (prev.lastTransitionTime ?? now) : now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function containerId(pod: KObject, name: string, restarts: number): string {
  return `containerd://${createHash('sha256').update(`${pod.metadata.uid}/${name}/${restarts}`).digest('hex')}`;
}

function baseStatus(pod: KObject, now: string, cluster: Cluster): Record<string, unknown> {
  const old = podStatus(pod);
  const s: Record<string, unknown> = {
    hostIP: NODE_IP, hostIPs: [{ ip: NODE_IP }], qosClass: old['qosClass'] ?? qosClass(pod), startTime: old['startTime'] ?? now,
  };
  const ip = typeof old['podIP'] === 'string' ? old['podIP'] : nextPodIp(cluster);
  s['podIP'] = ip;
  s['podIPs'] = [{ ip }];
  return s;
}

function creatingStatus(pod: KObject, now: string, cluster: Cluster): Record<string, unknown> {
  const old = conditionsOf(pod['status']);
  const spec = podSpec(pod);
  const names = (spec.containers ?? []).map((c) => c.name);
  const hasInit = !!spec.initContainers?.length;
  const s = baseStatus(pod, now, cluster);
  delete s['podIP'];
  delete s['podIPs'];
  s['phase'] = 'Pending';
  s['conditions'] = [
    cond(old, 'PodReadyToStartContainers', 'False', now),
    hasInit
      ? cond(old, 'Initialized', 'False', now, 'ContainersNotInitialized', `containers with incomplete status: [${spec.initContainers!.map((c) => c.name).join(' ')}]`)
      : cond(old, 'Initialized', 'True', now),
    cond(old, 'Ready', 'False', now, 'ContainersNotReady', `containers with unready status: [${names.join(' ')}]`),
    cond(old, 'ContainersReady', 'False', now, 'ContainersNotReady', `containers with unready status: [${names.join(' ')}]`),
    cond(old, 'PodScheduled', 'True', now),
  ];
  if (hasInit) {
    s['initContainerStatuses'] = spec.initContainers!.map((c) => waitingStatus(c, 'PodInitializing'));
  }
  s['containerStatuses'] = (spec.containers ?? []).map((c) => waitingStatus(c, hasInit ? 'PodInitializing' : 'ContainerCreating'));
  return s;
}

function waitingStatus(c: Container, reason: string, message?: string, restartCount = 0): ContainerStatus {
  const waiting: { reason: string; message?: string } = { reason };
  if (message) waiting.message = message;
  return {
    name: c.name, image: normalizeImage(c.image ?? ''), imageID: '', ready: false, restartCount, started: false,
    state: { waiting }, lastState: {},
  };
}

/** Containers started, or stuck pulling a broken image (phase stays Pending then). */
function startedStatus(pod: KObject, now: string, cluster: Cluster): Record<string, unknown> {
  const old = conditionsOf(pod['status']);
  const spec = podSpec(pod);
  const prev = containerStatuses(pod);
  const s = baseStatus(pod, now, cluster);
  const initBroken = (spec.initContainers ?? []).some((c) => isBrokenImage(c.image));
  const inits = (spec.initContainers ?? []).map((c): ContainerStatus => isBrokenImage(c.image)
    ? waitingStatus(c, 'ImagePullBackOff', `Back-off pulling image "${c.image}"`)
    : initBroken ? waitingStatus(c, 'PodInitializing') : {
      name: c.name, image: normalizeImage(c.image ?? ''), imageID: imageId(c.image ?? ''), containerID: containerId(pod, c.name, 0),
      ready: true, restartCount: 0, started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now, containerID: containerId(pod, c.name, 0) } },
      lastState: {},
    });
  const containers = (spec.containers ?? []).map((c): ContainerStatus => {
    const before = prev.find((x) => x.name === c.name);
    const restarts = before && before.image !== normalizeImage(c.image ?? '') && before.state?.running ? (before.restartCount ?? 0) + 1 : (before?.restartCount ?? 0);
    if (initBroken) return waitingStatus(c, 'PodInitializing');
    if (isBrokenImage(c.image)) return waitingStatus(c, 'ImagePullBackOff', `Back-off pulling image "${c.image}"`, restarts);
    const same = before?.state?.running && before.image === normalizeImage(c.image ?? '');
    if (same) return before;
    return {
      name: c.name, image: normalizeImage(c.image ?? ''), imageID: imageId(c.image ?? ''), containerID: containerId(pod, c.name, restarts),
      ready: true, restartCount: restarts, started: true, state: { running: { startedAt: now } }, lastState: {},
    };
  });
  const unready = containers.filter((c) => !c.ready).map((c) => c.name);
  const ready = unready.length === 0;
  s['phase'] = initBroken ? 'Pending' : containers.some((c) => c.state?.running) ? 'Running' : 'Pending';
  s['conditions'] = [
    cond(old, 'PodReadyToStartContainers', 'True', now),
    initBroken
      ? cond(old, 'Initialized', 'False', now, 'ContainersNotInitialized', `containers with incomplete status: [${(spec.initContainers ?? []).filter((c) => isBrokenImage(c.image)).map((c) => c.name).join(' ')}]`)
      : cond(old, 'Initialized', 'True', now),
    ready ? cond(old, 'Ready', 'True', now) : cond(old, 'Ready', 'False', now, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
    ready ? cond(old, 'ContainersReady', 'True', now) : cond(old, 'ContainersReady', 'False', now, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
    cond(old, 'PodScheduled', 'True', now),
  ];
  if (inits.length) s['initContainerStatuses'] = inits;
  s['containerStatuses'] = containers;
  return s;
}

/** A Job pod that ran to completion (exit 0) or failed (exit 1). */
function finishedStatus(pod: KObject, now: string, ok: boolean): Record<string, unknown> {
  const old = conditionsOf(pod['status']);
  const spec = podSpec(pod);
  const prevStatus = podStatus(pod);
  const reason = ok ? 'PodCompleted' : 'PodFailed';
  const s: Record<string, unknown> = {
    hostIP: NODE_IP, hostIPs: [{ ip: NODE_IP }], qosClass: prevStatus['qosClass'] ?? qosClass(pod), startTime: prevStatus['startTime'] ?? now,
    phase: ok ? 'Succeeded' : 'Failed',
  };
  if (typeof prevStatus['podIP'] === 'string') { s['podIP'] = prevStatus['podIP']; s['podIPs'] = prevStatus['podIPs']; }
  s['conditions'] = [
    cond(old, 'PodReadyToStartContainers', 'False', now),
    cond(old, 'Initialized', 'True', now, reason),
    cond(old, 'Ready', 'False', now, reason),
    cond(old, 'ContainersReady', 'False', now, reason),
    cond(old, 'PodScheduled', 'True', now),
  ];
  s['containerStatuses'] = (spec.containers ?? []).map((c): ContainerStatus => {
    const prev = containerStatuses(pod).find((x) => x.name === c.name);
    const id = containerId(pod, c.name, 0);
    const started = prev?.state?.running?.startedAt ?? now;
    return {
      name: c.name, image: normalizeImage(c.image ?? ''), imageID: ok || !isBrokenImage(c.image) ? imageId(c.image ?? '') : '',
      containerID: id, ready: false, restartCount: 0, started: false, lastState: {},
      state: { terminated: { exitCode: ok ? 0 : 1, reason: ok ? 'Completed' : 'Error', startedAt: started, finishedAt: now, containerID: id } },
    };
  });
  return s;
}
