// Builders of live objects as an API server returns them (defaults filled, status written by
// controllers), for the health rule tests.
import type { KubeObject } from '../../../src/engine/types.js';

type Json = Record<string, unknown>;

const T = '2026-05-04T10:00:00Z';

export function meta(name: string, extra: Json = {}): KubeObject['metadata'] {
  return { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '4711', creationTimestamp: T, generation: 1, ...extra };
}

export const cond = (type: string, status: string, reason?: string, message?: string): Json =>
  ({ type, status, lastTransitionTime: T, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });

const podTemplate = (app: string, image = 'nginx:1.25') => ({
  metadata: { labels: { app } },
  spec: {
    containers: [{ name: app, image, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }],
    restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
  },
});

/** A Deployment of 3 replicas, rolled out; `status`/`spec` entries override. */
export function deployment(opts: { spec?: Json; status?: Json; metadata?: Json } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: meta('web', { annotations: { 'deployment.kubernetes.io/revision': '1' }, ...opts.metadata }),
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } }, progressDeadlineSeconds: 600, revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, template: podTemplate('web'), ...opts.spec,
    },
    status: {
      observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
      conditions: [
        cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'),
        cond('Progressing', 'True', 'NewReplicaSetAvailable', 'ReplicaSet "web-7d9c6b5f4" has successfully progressed.'),
      ],
      ...opts.status,
    },
  };
}

export function statefulSet(opts: { spec?: Json; status?: Json; metadata?: Json } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', opts.metadata),
    spec: {
      replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, template: podTemplate('db', 'postgres:16'),
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' }, ...opts.spec,
    },
    status: {
      observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3,
      currentRevision: 'db-5f7b8d9c6d', updateRevision: 'db-5f7b8d9c6d', collisionCount: 0, ...opts.status,
    },
  };
}

export function daemonSet(opts: { spec?: Json; status?: Json; metadata?: Json } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent', opts.metadata),
    spec: {
      selector: { matchLabels: { app: 'agent' } }, revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, template: podTemplate('agent', 'fluent-bit:3.0'), ...opts.spec,
    },
    status: {
      observedGeneration: 1, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3,
      updatedNumberScheduled: 3, numberAvailable: 3, ...opts.status,
    },
  };
}

export function replicaSet(opts: { spec?: Json; status?: Json; metadata?: Json } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-7d9c6b5f4', opts.metadata),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d9c6b5f4' } }, template: podTemplate('web'), ...opts.spec },
    status: { observedGeneration: 1, replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, ...opts.status },
  };
}

export const running = (name = 'web'): Json => ({
  name, image: 'docker.io/library/nginx:1.25', imageID: 'docker.io/library/nginx@sha256:0d17', ready: true, started: true, restartCount: 0,
  state: { running: { startedAt: T } }, lastState: {},
});

export const waiting = (reason: string, message?: string, name = 'web'): Json => ({
  name, image: 'docker.io/library/nginx:broken', imageID: '', ready: false, started: false, restartCount: 0,
  state: { waiting: { reason, ...(message ? { message } : {}) } }, lastState: {},
});

export const terminated = (t: Json, name = 'web'): Json => ({
  name, image: 'docker.io/library/busybox:1.36', imageID: 'docker.io/library/busybox@sha256:9ae9', ready: false, started: false, restartCount: 0,
  state: { terminated: { startedAt: T, finishedAt: T, ...t } }, lastState: {},
});

/** A Pod; `ready` sets the Ready condition. */
export function pod(opts: { phase: string; restartPolicy?: string; containers?: Json[]; init?: Json[]; ready?: boolean; message?: string; metadata?: Json }): KubeObject {
  const ready = opts.ready ? 'True' : 'False';
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: meta('web-7d9c6b5f4-x2k8p', opts.metadata),
    spec: { ...podTemplate('web').spec, restartPolicy: opts.restartPolicy ?? 'Always', nodeName: 'node-1' },
    status: {
      phase: opts.phase, hostIP: '10.0.0.5', podIP: '10.244.0.12', startTime: T, qosClass: 'BestEffort',
      conditions: [cond('PodScheduled', 'True'), cond('Initialized', 'True'), cond('ContainersReady', ready), cond('Ready', ready)],
      ...(opts.message ? { message: opts.message } : {}),
      ...(opts.init ? { initContainerStatuses: opts.init } : {}),
      containerStatuses: opts.containers ?? [running()],
    },
  };
}

export function job(opts: { spec?: Json; status?: Json; metadata?: Json } = {}): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: meta('migrate', opts.metadata),
    spec: {
      parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false, podReplacementPolicy: 'TerminatingOrFailed',
      template: { ...podTemplate('migrate', 'busybox:1.36'), spec: { ...podTemplate('migrate', 'busybox:1.36').spec, restartPolicy: 'Never' } }, ...opts.spec,
    },
    status: { startTime: T, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, ...opts.status },
  };
}

export function cronJob(opts: { spec?: Json; status?: Json | null; metadata?: Json } = {}): KubeObject {
  const o: KubeObject = {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('report', opts.metadata),
    spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: {} }, ...opts.spec },
  };
  if (opts.status !== null) o['status'] = opts.status ?? {};
  return o;
}

export function pvc(phase?: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' },
    status: phase ? { phase, ...(phase === 'Bound' ? { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } : {}) } : {},
  };
}

/** A custom resource of `apiVersion`/`kind` with the given status (none when undefined). */
export function custom(apiVersion: string, kind: string, status?: Json, spec: Json = {}, metadata: Json = {}): KubeObject {
  const o: KubeObject = { apiVersion, kind, metadata: meta('thing', metadata), spec };
  if (status !== undefined) o['status'] = status;
  return o;
}
