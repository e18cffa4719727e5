// Workload defaults of the v1.32 API server: pkg/apis/apps/v1/defaults.go (Deployment,
// StatefulSet, DaemonSet, ReplicaSet), pkg/apis/batch/v1/defaults.go (Job, CronJob),
// pkg/apis/core/v1/defaults.go (ReplicationController).
import { defaultPodTemplate, defaultPvcSpec } from './pod.js';
import { child, ensure, items, setDefault, type Obj } from './obj.js';
import { isObj } from '../json.js';

export function defaultDeployment(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate', true);
  if (strategy['type'] === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(ensure(spec, 'template'));
}

export function defaultStatefulSet(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'podManagementPolicy', 'OrderedReady', true);
  const us = ensure(spec, 'updateStrategy');
  if (!us['type']) {
    us['type'] = 'RollingUpdate';
    ensure(us, 'rollingUpdate');
  }
  const ru = child(us, 'rollingUpdate');
  if (us['type'] === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain', true);
  setDefault(retention, 'whenScaled', 'Retain', true);
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensure(spec, 'template'));
  // apps/v1 conversion keeps apiVersion/kind on the templates; PVC defaulters fill the rest.
  for (const pvc of items(spec, 'volumeClaimTemplates')) {
    setDefault(pvc, 'apiVersion', 'v1', true);
    setDefault(pvc, 'kind', 'PersistentVolumeClaim', true);
    defaultPvcSpec(ensure(pvc, 'spec'));
    setDefault(ensure(pvc, 'status'), 'phase', 'Pending', true);
  }
}

export function defaultDaemonSet(o: Obj): void {
  const spec = ensure(o, 'spec');
  const us = ensure(spec, 'updateStrategy');
  setDefault(us, 'type', 'RollingUpdate', true);
  if (us['type'] === 'RollingUpdate') {
    const ru = ensure(us, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensure(spec, 'template'));
}

export function defaultReplicaSet(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(ensure(spec, 'template'));
}

export function defaultReplicationController(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'replicas', 1);
  const template = child(spec, 'template');
  if (!template) return;
  defaultPodTemplate(template);
  const labels = child(child(template, 'metadata'), 'labels');
  if (labels && !child(spec, 'selector')) spec['selector'] = { ...labels };
}

export function defaultJob(o: Obj): void {
  const spec = ensure(o, 'spec');
  defaultPodTemplate(ensure(spec, 'template'));
  if (spec['completions'] == null && spec['parallelism'] == null) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec['backoffLimitPerIndex'] != null ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed', true);
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isObj(spec['podFailurePolicy']) ? 'Failed' : 'TerminatingOrFailed', true);
  setDefault(spec, 'manualSelector', false);
  for (const rule of items(child(spec, 'podFailurePolicy'), 'rules')) {
    for (const cond of items(rule, 'onPodConditions')) setDefault(cond, 'status', 'True', true);
  }
}

export function defaultCronJob(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow', true);
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  // The generated defaulters walk only into the PodSpec: jobTemplate.spec gets no Job defaults.
  defaultPodTemplate(ensure(ensure(ensure(spec, 'jobTemplate'), 'spec'), 'template'));
}
