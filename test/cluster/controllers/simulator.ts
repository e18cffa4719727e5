// The status simulator (spec §3.11, issue 3): stand-ins for kube-controller-manager's workload
// controllers, the scheduler and the kubelet, so Deployments roll out through ReplicaSets and Pods
// and report Available, StatefulSets/DaemonSets become ready, Jobs complete, PVCs bind, Services
// get Endpoints and HPAs report. A container image with the tag `broken` never starts
// (ImagePullBackOff), so Degraded/Progressing states are real.
//
// Event-driven: store events enqueue debounced reconciles with small delays (SimTiming) so that
// `kubectl rollout status` sees progress. Switchable at run time; turning it on resyncs everything.
import type { Cluster } from '../core/cluster.js';
import type { StoreEvent } from '../store/store.js';
import { controllerRef, type OwnerIndex } from './owners.js';
import type { Scheduler } from './scheduler.js';
import { DEFAULT_TIMING, type SimContext, type SimKind, type SimTiming } from './sim/context.js';
import { DS_GR, syncDaemonSet } from './sim/daemonset.js';
import { DEPLOY_GR, syncDeployment } from './sim/deployment.js';
import { EP_GR, SVC_GR, deleteServiceEndpoints, syncNamespaceEndpoints } from './sim/endpoints.js';
import { EventRecorder } from './sim/events.js';
import { HPA_GR, hpasFor, syncHpa } from './sim/hpa.js';
import { JOB_GR, syncJob } from './sim/job.js';
import { PODS_GR, syncPod } from './sim/pods.js';
import { PVC_GR, SC_GR, releaseClaim, syncClaim } from './sim/pvc.js';
import { RS_GR, syncReplicaSet } from './sim/replicaset.js';
import { STS_GR, syncStatefulSet } from './sim/statefulset.js';
import { jsonEqual } from '../core/meta.js';

export { DEFAULT_TIMING, type SimTiming } from './sim/context.js';

export interface Simulator {
  readonly enabled: boolean;
  setEnabled(on: boolean): void;
  stop(): void;
}

const OWNER_KIND: Record<string, SimKind> = { ReplicaSet: 'replicaset', StatefulSet: 'statefulset', DaemonSet: 'daemonset', Job: 'job', Deployment: 'deployment' };

export function createSimulator(cluster: Cluster, owners: OwnerIndex, sched: Scheduler, enabled: boolean, timing: Partial<SimTiming> = {}): Simulator {
  const t: SimTiming = { ...DEFAULT_TIMING, ...timing };
  let on = enabled;
  const ctx: SimContext = {
    cluster, owners, sched, timing: t,
    events: new EventRecorder(cluster, () => on && t.events),
    enqueue: (kind, ns, name, delayMs) => {
      if (!on) return;
      const key = `sim:${kind}:${ns ?? ''}/${name}`;
      sched.schedule(key, delayMs ?? defaultDelay(kind, t), () => { if (on) run(ctx, kind, ns ?? '', name); });
    },
  };

  const off = owners.subscribe((e) => { if (on) route(ctx, e); });
  if (on) resync(ctx);
  return {
    get enabled() { return on; },
    setEnabled(v: boolean) {
      if (v === on) return;
      on = v;
      if (on) resync(ctx);
      else sched.cancelPrefix('sim:');
    },
    stop() { on = false; off(); sched.cancelPrefix('sim:'); },
  };
}

function defaultDelay(kind: SimKind, t: SimTiming): number {
  if (kind === 'pod') return t.scheduleMs;
  if (kind === 'endpoints' || kind === 'pvc') return t.endpointsMs;
  return t.controllerMs;
}

function run(ctx: SimContext, kind: SimKind, ns: string, name: string): void {
  switch (kind) {
    case 'deployment': return syncDeployment(ctx, ns, name);
    case 'replicaset': return syncReplicaSet(ctx, ns, name);
    case 'statefulset': return syncStatefulSet(ctx, ns, name);
    case 'daemonset': return syncDaemonSet(ctx, ns, name);
    case 'job': return syncJob(ctx, ns, name);
    case 'pod': return syncPod(ctx, ns, name);
    case 'endpoints': return syncNamespaceEndpoints(ctx, ns);
    case 'pvc': return syncClaim(ctx, ns, name);
    case 'hpa': return syncHpa(ctx, ns, name);
  }
}

/** Which reconciles a store event asks for. */
function route(ctx: SimContext, e: StoreEvent): void {
  const o = e.object;
  const ns = o.metadata.namespace;
  const name = o.metadata.name!;
  const gone = e.type === 'DELETED';
  switch (e.gr) {
    case DEPLOY_GR: case STS_GR: case DS_GR: case JOB_GR: case RS_GR: {
      const kind = OWNER_KIND[o.kind ?? ''] ?? kindOfGr(e.gr);
      if (!gone) ctx.enqueue(kind, ns, name);
      const owner = controllerRef(o);
      if (owner && OWNER_KIND[owner.kind]) ctx.enqueue(OWNER_KIND[owner.kind]!, ns, owner.name);
      if (!gone && (e.gr === DEPLOY_GR || e.gr === STS_GR || e.gr === RS_GR)) for (const h of hpasFor(ctx, o)) ctx.enqueue('hpa', ns, h.metadata.name!);
      return;
    }
    case PODS_GR: {
      const specChanged = !e.previous || !jsonEqual(e.previous['spec'], o['spec']);
      if (!gone && specChanged) ctx.enqueue('pod', ns, name);
      const owner = controllerRef(o);
      if (owner && OWNER_KIND[owner.kind]) ctx.enqueue(OWNER_KIND[owner.kind]!, ns, owner.name);
      if (podChangeMattersForEndpoints(e)) ctx.enqueue('endpoints', ns, '*');
      if (e.type === 'ADDED') for (const claim of claimsOf(o)) ctx.enqueue('pvc', ns, claim);
      return;
    }
    case SVC_GR:
      if (gone) ctx.sched.schedule(`sim:svcdel:${ns}/${name}`, ctx.timing.endpointsMs, () => deleteServiceEndpoints(ctx, ns!, name));
      else ctx.enqueue('endpoints', ns, '*');
      return;
    case EP_GR:
      return;
    case PVC_GR:
      if (gone) ctx.sched.schedule(`sim:pvcdel:${o.metadata.uid}`, ctx.timing.endpointsMs, () => releaseClaim(ctx, o));
      else ctx.enqueue('pvc', ns, name);
      return;
    case SC_GR:
      if (!gone) for (const c of ctx.cluster.store.list(PVC_GR)) ctx.enqueue('pvc', c.metadata.namespace, c.metadata.name!);
      return;
    case HPA_GR:
      if (!gone) ctx.enqueue('hpa', ns, name);
      return;
    default:
      return;
  }
}

function kindOfGr(gr: string): SimKind {
  if (gr === DEPLOY_GR) return 'deployment';
  if (gr === STS_GR) return 'statefulset';
  if (gr === DS_GR) return 'daemonset';
  if (gr === JOB_GR) return 'job';
  return 'replicaset';
}

function podChangeMattersForEndpoints(e: StoreEvent): boolean {
  if (e.type !== 'MODIFIED' || !e.previous) return true;
  const p = e.previous;
  const o = e.object;
  const st = (x: typeof o) => x['status'] as { podIP?: unknown; conditions?: unknown; phase?: unknown } | undefined;
  return !jsonEqual(p.metadata.labels, o.metadata.labels) || st(p)?.podIP !== st(o)?.podIP || st(p)?.phase !== st(o)?.phase ||
    !jsonEqual(st(p)?.conditions, st(o)?.conditions) || !!o.metadata.deletionTimestamp !== !!p.metadata.deletionTimestamp;
}

function claimsOf(pod: { [k: string]: unknown }): string[] {
  const vols = (pod['spec'] as { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } }> } | undefined)?.volumes ?? [];
  return vols.map((v) => v.persistentVolumeClaim?.claimName).filter((c): c is string => typeof c === 'string');
}

/** Reconcile everything the simulator owns (start, or switched back on). */
function resync(ctx: SimContext): void {
  const { store } = ctx.cluster;
  const each = (gr: string, kind: SimKind) => { for (const o of store.list(gr)) ctx.enqueue(kind, o.metadata.namespace, o.metadata.name!); };
  each(DEPLOY_GR, 'deployment');
  each(RS_GR, 'replicaset');
  each(STS_GR, 'statefulset');
  each(DS_GR, 'daemonset');
  each(JOB_GR, 'job');
  each(PODS_GR, 'pod');
  each(PVC_GR, 'pvc');
  each(HPA_GR, 'hpa');
  for (const ns of new Set(store.list(SVC_GR).map((s) => s.metadata.namespace!))) ctx.enqueue('endpoints', ns, '*');
}
