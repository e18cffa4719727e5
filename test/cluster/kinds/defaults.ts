// Per-kind defaulting (spec §3.3) plus the zero-value serialisation quirks of §3.1. Idempotent:
// the server runs it on create, on every update/patch result and on SSA merge results.
import type { KObject } from '../api/types.js';
import { defaultCrd, setCrdStatus } from './crd.js';
import { defaultEmbeddedMeta, defaultPodOnly, defaultPodTemplate, defaultPvcSpec, podQosClass } from './defaults-pod.js';
import { defaultService } from './defaults-service.js';
import { child, ensure, isObj, items, setDefault, setDefaultStr, type Obj } from './obj.js';

export { setCrdStatus } from './crd.js';

export interface Gvk { group: string; version: string; kind: string }

export interface DefaultsContext {
  isCreate: boolean;
  /** the object's uid; Jobs use it for their generated selector */
  uid?: string;
  /** RFC3339 "now"; when given, CRDs also get their controller-written status (setCrdStatus) */
  now?: string;
}

type Defaulter = (obj: KObject, ctx: DefaultsContext, gvk: Gvk) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  'apps/Deployment': defaultDeployment,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/ReplicaSet': defaultReplicaSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplate(ensure(o, 'template')),
  '/ReplicationController': defaultReplicationController,
  '/Service': (o) => defaultService(o),
  '/Secret': defaultSecret,
  '/Namespace': defaultNamespace,
  '/PersistentVolumeClaim': defaultPvc,
  '/PersistentVolume': defaultPv,
  '/Endpoints': defaultEndpoints,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'rbac.authorization.k8s.io/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultBinding,
  'networking.k8s.io/Ingress': (o) => { setDefault(ensure(o, 'status'), 'loadBalancer', {}); },
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'autoscaling/HorizontalPodAutoscaler': defaultHpa,
  'policy/PodDisruptionBudget': (o) => { statusZeros(o, ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']); },
  'apiextensions.k8s.io/CustomResourceDefinition': (o, ctx) => {
    defaultCrd(o);
    if (ctx.now) setCrdStatus(o, ctx.now);
  },
};

/** Mutates `obj` with the defaults the real v1.32 server fills in for its kind. */
export function applyDefaults(gvk: Gvk, obj: KObject, ctx: DefaultsContext): void {
  const d = DEFAULTERS[`${gvk.group}/${gvk.kind}`];
  if (d) d(obj, ctx, gvk);
}

/** Status fields without `omitempty`: always printed, 0 when unset. */
function statusZeros(o: Obj, fields: string[]): void {
  const status = ensure(o, 'status');
  for (const f of fields) setDefault(status, f, 0);
}

function defaultDeployment(o: KObject): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  setDefaultStr(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(ensure(spec, 'template'));
  ensure(o, 'status');
}

function defaultStatefulSet(o: KObject): void {
  const spec = ensure(o, 'spec');
  setDefaultStr(spec, 'podManagementPolicy', 'OrderedReady');
  const us = ensure(spec, 'updateStrategy');
  if (!us['type']) {
    us['type'] = 'RollingUpdate';
    ensure(us, 'rollingUpdate');
  }
  const ru = child(us, 'rollingUpdate');
  if (us['type'] === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefaultStr(retention, 'whenDeleted', 'Retain');
  setDefaultStr(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensure(spec, 'template'));
  for (const pvc of items(spec, 'volumeClaimTemplates')) {
    setDefault(pvc, 'apiVersion', 'v1');
    setDefault(pvc, 'kind', 'PersistentVolumeClaim');
    defaultEmbeddedMeta(pvc);
    defaultPvcSpec(ensure(pvc, 'spec'));
    setDefaultStr(ensure(pvc, 'status'), 'phase', 'Pending');
  }
  statusZeros(o, ['replicas', 'availableReplicas']);
}

function defaultDaemonSet(o: KObject): void {
  const spec = ensure(o, 'spec');
  const us = ensure(spec, 'updateStrategy');
  setDefaultStr(us, 'type', 'RollingUpdate');
  if (us['type'] === 'RollingUpdate') {
    const ru = ensure(us, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensure(spec, 'template'));
  statusZeros(o, ['currentNumberScheduled', 'desiredNumberScheduled', 'numberMisscheduled', 'numberReady']);
}

function defaultReplicaSet(o: KObject): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(ensure(spec, 'template'));
  statusZeros(o, ['replicas']);
}

function defaultReplicationController(o: KObject): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'replicas', 1);
  const template = child(spec, 'template');
  if (template) {
    defaultPodTemplate(template);
    const labels = child(child(template, 'metadata'), 'labels');
    if (labels && !child(spec, 'selector')) spec['selector'] = { ...labels };
  }
  statusZeros(o, ['replicas']);
}

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_JOB_NAME = 'job-name';

function defaultJob(o: KObject, ctx: DefaultsContext): void {
  const spec = ensure(o, 'spec');
  const template = ensure(spec, 'template');
  defaultPodTemplate(template);
  if (ctx.isCreate && spec['manualSelector'] !== true) generateJobSelector(o, spec, template, ctx.uid ?? o.metadata.uid ?? '');
  defaultJobSpec(spec);
  // SetDefaults_Job copies the template labels when the Job has none. The real server also runs
  // this when reading the object back, i.e. after the generated labels were added.
  const tmplLabels = child(child(template, 'metadata'), 'labels');
  if (tmplLabels && Object.keys(tmplLabels).length > 0 && Object.keys(o.metadata.labels ?? {}).length === 0) {
    o.metadata.labels = { ...(tmplLabels as Record<string, string>) };
  }
  ensure(o, 'status');
}

function defaultJobSpec(spec: Obj): void {
  if (spec['completions'] == null && spec['parallelism'] == null) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec['backoffLimitPerIndex'] != null ? 2147483647 : 6);
  setDefaultStr(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isObj(spec['podFailurePolicy']) ? 'Failed' : 'TerminatingOrFailed');
  setDefault(spec, 'manualSelector', false);
  for (const rule of items(child(spec, 'podFailurePolicy'), 'rules')) {
    for (const cond of items(rule, 'onPodConditions')) setDefaultStr(cond, 'status', 'True');
  }
}

/** The Job strategy's generated selector (not a default: only on create, unless manualSelector). */
function generateJobSelector(o: KObject, spec: Obj, template: Obj, uid: string): void {
  const meta = ensure(template, 'metadata');
  const labels = ensure(meta, 'labels');
  const name = o.metadata.name ?? '';
  for (const k of [LEGACY_JOB_NAME, JOB_NAME]) if (labels[k] === undefined) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (labels[k] === undefined) labels[k] = uid;
  const selector = ensure(spec, 'selector');
  const matchLabels = ensure(selector, 'matchLabels');
  if (matchLabels[CONTROLLER_UID] === undefined) matchLabels[CONTROLLER_UID] = uid;
}

function defaultCronJob(o: KObject): void {
  const spec = ensure(o, 'spec');
  setDefaultStr(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  // The generated defaulters only walk into the PodSpec: jobTemplate.spec gets no Job defaults.
  const jobTemplate = ensure(spec, 'jobTemplate');
  defaultEmbeddedMeta(jobTemplate);
  defaultPodTemplate(ensure(ensure(jobTemplate, 'spec'), 'template'));
  ensure(o, 'status');
}

function defaultPod(o: KObject, ctx: DefaultsContext): void {
  defaultPodOnly(o);
  const status = ensure(o, 'status');
  if (ctx.isCreate) setDefaultStr(status, 'phase', 'Pending');
  if (!status['qosClass']) status['qosClass'] = podQosClass(ensure(o, 'spec'));
}

function defaultSecret(o: KObject): void {
  setDefaultStr(o, 'type', 'Opaque');
  const stringData = o['stringData'];
  if (isObj(stringData)) {
    const data = ensure(o, 'data');
    for (const [k, v] of Object.entries(stringData)) {
      if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    }
  }
  // stringData is write-only: never stored nor returned.
  delete o['stringData'];
}

function defaultNamespace(o: KObject): void {
  const name = o.metadata.name;
  if (name) o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  const spec = ensure(o, 'spec');
  if (!Array.isArray(spec['finalizers'])) spec['finalizers'] = ['kubernetes'];
  const status = ensure(o, 'status');
  status['phase'] = o.metadata.deletionTimestamp ? 'Terminating' : 'Active';
}

function defaultPvc(o: KObject): void {
  defaultPvcSpec(ensure(o, 'spec'));
  setDefaultStr(ensure(o, 'status'), 'phase', 'Pending');
}

function defaultPv(o: KObject): void {
  const spec = ensure(o, 'spec');
  setDefaultStr(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefaultStr(spec, 'volumeMode', 'Filesystem');
  setDefaultStr(ensure(o, 'status'), 'phase', 'Pending');
}

function defaultEndpoints(o: KObject): void {
  for (const subset of items(o, 'subsets')) {
    for (const p of items(subset, 'ports')) setDefaultStr(p, 'protocol', 'TCP');
  }
}

function defaultStorageClass(o: KObject): void {
  setDefault(o, 'reclaimPolicy', 'Delete');
  setDefault(o, 'volumeBindingMode', 'Immediate');
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function defaultBinding(o: KObject): void {
  const roleRef = ensure(o, 'roleRef');
  setDefaultStr(roleRef, 'apiGroup', RBAC_GROUP);
  for (const s of items(o, 'subjects')) {
    if (s['apiGroup']) continue;
    // apiGroup is omitempty: the ServiceAccount default "" is simply absent on the wire.
    if (s['kind'] === 'ServiceAccount') delete s['apiGroup'];
    else if (s['kind'] === 'User' || s['kind'] === 'Group') s['apiGroup'] = RBAC_GROUP;
  }
}

function defaultNetworkPolicy(o: KObject): void {
  const spec = ensure(o, 'spec');
  if (!Array.isArray(spec['policyTypes']) || spec['policyTypes'].length === 0) {
    const egress = spec['egress'];
    spec['policyTypes'] = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  for (const rule of [...items(spec, 'ingress'), ...items(spec, 'egress')]) {
    for (const p of items(rule, 'ports')) setDefaultStr(p, 'protocol', 'TCP');
  }
}

function defaultHpa(o: KObject, _ctx: DefaultsContext, gvk: Gvk): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (gvk.version === 'v1') {
    // v1 objects are stored as v2 and read back with the v2 default of 80% CPU.
    setDefault(spec, 'targetCPUUtilizationPercentage', 80);
    statusZeros(o, ['currentReplicas', 'desiredReplicas']);
    return;
  }
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = child(spec, 'behavior');
  if (behavior) {
    behavior['scaleUp'] = fillScalingRules(child(behavior, 'scaleUp'), {
      stabilizationWindowSeconds: 0, selectPolicy: 'Max',
      policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
    });
    behavior['scaleDown'] = fillScalingRules(child(behavior, 'scaleDown'), {
      selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    });
  }
  statusZeros(o, ['desiredReplicas']);
}

/** copyHPAScalingRules: the user's non-nil fields over the defaults. */
function fillScalingRules(given: Obj | undefined, defaults: Obj): Obj {
  if (!given) return defaults;
  const out: Obj = { ...given };
  for (const k of ['stabilizationWindowSeconds', 'selectPolicy', 'policies']) {
    if ((out[k] === undefined || out[k] === null) && defaults[k] !== undefined) out[k] = defaults[k];
  }
  return out;
}

