// What every simulated controller gets: the cluster, the owner index, the scheduler, the timing
// knobs and an event recorder, plus `enqueue` to ask for a (debounced) reconcile.
import type { Cluster } from '../../core/cluster.js';
import type { OwnerIndex } from '../owners.js';
import type { Scheduler } from '../scheduler.js';
import type { EventRecorder } from './events.js';

/** Delays of the simulated cluster, in milliseconds. Tests may shorten them. */
export interface SimTiming {
  /** controller reaction to a change (Deployment, ReplicaSet, StatefulSet, …) */
  controllerMs: number;
  /** pod created → scheduled, sandbox being created */
  scheduleMs: number;
  /** scheduled → containers running (or ImagePullBackOff for a `broken` tag) */
  podStartMs: number;
  /** a Job's pod running → Succeeded */
  jobRunMs: number;
  /** endpoints and PVC binding */
  endpointsMs: number;
  /** write v1 Events (Scheduled, Pulled, ScalingReplicaSet, …) */
  events: boolean;
}

export const DEFAULT_TIMING: SimTiming = {
  controllerMs: 20, scheduleMs: 20, podStartMs: 150, jobRunMs: 200, endpointsMs: 30, events: true,
};

export type SimKind = 'deployment' | 'replicaset' | 'statefulset' | 'daemonset' | 'job' | 'pod' | 'endpoints' | 'pvc' | 'hpa';

export interface SimContext {
  cluster: Cluster;
  owners: OwnerIndex;
  sched: Scheduler;
  timing: SimTiming;
  events: EventRecorder;
  /** ask for a reconcile of one object (endpoints: `name` is the namespace's services, use '*') */
  enqueue(kind: SimKind, ns: string | undefined, name: string, delayMs?: number): void;
}
