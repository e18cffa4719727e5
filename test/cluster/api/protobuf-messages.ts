// Field tables for the Kubernetes protobuf messages `kubectl create <generator>` sends (field numbers
// from k8s.io/api and apimachinery generated.proto, v0.32). Each entry also carries what the Go JSON
// encoding of the same struct would do, so decoding yields the JSON kubectl would have sent:
// - `keep`: the Go field is a pointer or has no `omitempty`, so a zero value (or an absent list,
//   rendered null) is part of the JSON; otherwise zero scalars are dropped.
// - `inline`: a Go embedded struct whose fields sit in the parent's JSON object.
// Message fields are emitted whenever present on the wire (gogo-protobuf writes non-pointer structs
// always, and encoding/json never omits structs either). Unknown fields are skipped.

export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool';
/** apimachinery types with their own JSON form: Time → RFC 3339 or null, Quantity → string, IntOrString, FieldsV1 → raw JSON */
export type SpecialType = 'time' | 'quantity' | 'intOrString' | 'fieldsV1';
export type Message = { readonly [field: number]: Field };
export interface Field {
  name: string;
  type: ScalarType | SpecialType | (() => Message);
  repeated?: boolean;
  /** map<string, type> */
  map?: boolean;
  keep?: boolean;
  inline?: boolean;
}

type Opts = Pick<Field, 'keep' | 'inline'>;
const KEEP: Opts = { keep: true };
const str = (name: string, o?: Opts): Field => ({ name, type: 'string', ...o });
const i32 = (name: string, o?: Opts): Field => ({ name, type: 'int32', ...o });
const i64 = (name: string, o?: Opts): Field => ({ name, type: 'int64', ...o });
const bool = (name: string, o?: Opts): Field => ({ name, type: 'bool', ...o });
const time = (name: string): Field => ({ name, type: 'time' });
const quantity = (name: string): Field => ({ name, type: 'quantity' });
const intOrString = (name: string): Field => ({ name, type: 'intOrString' });
const msg = (name: string, type: () => Message, o?: Opts): Field => ({ name, type, ...o });
const list = (name: string, type: Field['type'], o?: Opts): Field => ({ name, type, repeated: true, ...o });
const map = (name: string, type: Field['type']): Field => ({ name, type, map: true });
const EMPTY: Message = {};

// ---------- apimachinery meta/v1 ----------

const OwnerReference: Message = {
  5: str('apiVersion', KEEP), 1: str('kind', KEEP), 3: str('name', KEEP), 4: str('uid', KEEP),
  6: bool('controller', KEEP), 7: bool('blockOwnerDeletion', KEEP),
};
const FieldsV1Entry: Message = {
  1: str('manager'), 2: str('operation'), 3: str('apiVersion'), 4: time('time'),
  6: str('fieldsType'), 7: { name: 'fieldsV1', type: 'fieldsV1' }, 8: str('subresource'),
};
export const ObjectMeta: Message = {
  1: str('name'), 2: str('generateName'), 3: str('namespace'), 4: str('selfLink'), 5: str('uid'),
  6: str('resourceVersion'), 7: i64('generation'), 8: time('creationTimestamp'), 9: time('deletionTimestamp'),
  10: i64('deletionGracePeriodSeconds', KEEP), 11: map('labels', 'string'), 12: map('annotations', 'string'),
  13: list('ownerReferences', () => OwnerReference), 14: list('finalizers', 'string'),
  17: list('managedFields', () => FieldsV1Entry),
};
const LabelSelectorRequirement: Message = { 1: str('key', KEEP), 2: str('operator', KEEP), 3: list('values', 'string') };
const LabelSelector: Message = { 1: map('matchLabels', 'string'), 2: list('matchExpressions', () => LabelSelectorRequirement) };

// ---------- core/v1: pods ----------

const LocalObjectReference: Message = { 1: str('name') };
const inlineRef = msg('localObjectReference', () => LocalObjectReference, { inline: true });
const KeyToPath: Message = { 1: str('key', KEEP), 2: str('path', KEEP), 3: i32('mode', KEEP) };
const Volume: Message = {
  1: str('name', KEEP),
  2: msg('volumeSource', () => ({
    1: msg('hostPath', () => ({ 1: str('path', KEEP), 2: str('type', KEEP) })),
    2: msg('emptyDir', () => ({ 1: str('medium'), 2: quantity('sizeLimit') })),
    6: msg('secret', () => ({ 1: str('secretName'), 2: list('items', () => KeyToPath), 3: i32('defaultMode', KEEP), 4: bool('optional', KEEP) })),
    10: msg('persistentVolumeClaim', () => ({ 1: str('claimName', KEEP), 2: bool('readOnly') })),
    19: msg('configMap', () => ({ 1: inlineRef, 2: list('items', () => KeyToPath), 3: i32('defaultMode', KEEP), 4: bool('optional', KEEP) })),
  }), { inline: true }),
};
const KeySelector: Message = { 1: inlineRef, 2: str('key', KEEP), 3: bool('optional', KEEP) };
const EnvVar: Message = {
  1: str('name', KEEP), 2: str('value'),
  3: msg('valueFrom', () => ({
    1: msg('fieldRef', () => ({ 1: str('apiVersion'), 2: str('fieldPath', KEEP) })),
    2: msg('resourceFieldRef', () => ({ 1: str('containerName'), 2: str('resource', KEEP), 3: quantity('divisor') })),
    3: msg('configMapKeyRef', () => KeySelector),
    4: msg('secretKeyRef', () => KeySelector),
  })),
};
const EnvSource: Message = { 1: inlineRef, 2: bool('optional', KEEP) };
const EnvFromSource: Message = { 1: str('prefix'), 2: msg('configMapRef', () => EnvSource), 3: msg('secretRef', () => EnvSource) };
const ContainerPort: Message = { 1: str('name'), 2: i32('hostPort'), 3: i32('containerPort', KEEP), 4: str('protocol'), 5: str('hostIP') };
const ResourceRequirements: Message = { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') };
const VolumeMount: Message = {
  1: str('name', KEEP), 2: bool('readOnly'), 7: str('recursiveReadOnly', KEEP), 3: str('mountPath', KEEP),
  4: str('subPath'), 5: str('mountPropagation', KEEP), 6: str('subPathExpr'),
};
const SeccompProfile: Message = { 1: str('type', KEEP), 2: str('localhostProfile', KEEP) };
const SecurityContext: Message = {
  1: msg('capabilities', () => ({ 1: list('add', 'string'), 2: list('drop', 'string') })),
  2: bool('privileged', KEEP), 4: i64('runAsUser', KEEP), 8: i64('runAsGroup', KEEP), 5: bool('runAsNonRoot', KEEP),
  6: bool('readOnlyRootFilesystem', KEEP), 7: bool('allowPrivilegeEscalation', KEEP), 9: str('procMount', KEEP),
  11: msg('seccompProfile', () => SeccompProfile),
};
const Probe: Message = {
  1: msg('handler', () => ({
    1: msg('exec', () => ({ 1: list('command', 'string') })),
    2: msg('httpGet', () => ({
      1: str('path'), 2: intOrString('port'), 3: str('host'), 4: str('scheme'),
      5: list('httpHeaders', () => ({ 1: str('name', KEEP), 2: str('value', KEEP) })),
    })),
    3: msg('tcpSocket', () => ({ 1: intOrString('port'), 2: str('host') })),
    4: msg('grpc', () => ({ 1: i32('port', KEEP), 2: str('service', KEEP) })),
  }), { inline: true }),
  2: i32('initialDelaySeconds'), 3: i32('timeoutSeconds'), 4: i32('periodSeconds'), 5: i32('successThreshold'),
  6: i32('failureThreshold'), 7: i64('terminationGracePeriodSeconds', KEEP),
};
const Container: Message = {
  1: str('name', KEEP), 2: str('image'), 3: list('command', 'string'), 4: list('args', 'string'), 5: str('workingDir'),
  6: list('ports', () => ContainerPort), 19: list('envFrom', () => EnvFromSource), 7: list('env', () => EnvVar),
  8: msg('resources', () => ResourceRequirements), 24: str('restartPolicy', KEEP), 9: list('volumeMounts', () => VolumeMount),
  10: msg('livenessProbe', () => Probe), 11: msg('readinessProbe', () => Probe), 22: msg('startupProbe', () => Probe),
  13: str('terminationMessagePath'), 20: str('terminationMessagePolicy'), 14: str('imagePullPolicy'),
  15: msg('securityContext', () => SecurityContext), 16: bool('stdin'), 17: bool('stdinOnce'), 18: bool('tty'),
};
const Toleration: Message = { 1: str('key'), 2: str('operator'), 3: str('value'), 4: str('effect'), 5: i64('tolerationSeconds', KEEP) };
const PodSpec: Message = {
  1: list('volumes', () => Volume), 20: list('initContainers', () => Container), 2: list('containers', () => Container),
  3: str('restartPolicy'), 4: i64('terminationGracePeriodSeconds', KEEP), 5: i64('activeDeadlineSeconds', KEEP),
  6: str('dnsPolicy'), 7: map('nodeSelector', 'string'), 8: str('serviceAccountName'), 9: str('serviceAccount'),
  21: bool('automountServiceAccountToken', KEEP), 10: str('nodeName'), 11: bool('hostNetwork'), 12: bool('hostPID'),
  13: bool('hostIPC'), 27: bool('shareProcessNamespace', KEEP),
  14: msg('securityContext', () => ({
    2: i64('runAsUser', KEEP), 6: i64('runAsGroup', KEEP), 3: bool('runAsNonRoot', KEEP), 4: list('supplementalGroups', 'int64'),
    12: str('supplementalGroupsPolicy', KEEP), 5: i64('fsGroup', KEEP), 9: str('fsGroupChangePolicy', KEEP),
    10: msg('seccompProfile', () => SeccompProfile), 13: str('seLinuxChangePolicy', KEEP),
  })),
  15: list('imagePullSecrets', () => LocalObjectReference), 16: str('hostname'), 17: str('subdomain'),
  19: str('schedulerName'), 22: list('tolerations', () => Toleration),
  23: list('hostAliases', () => ({ 1: str('ip'), 2: list('hostnames', 'string') })),
  24: str('priorityClassName'), 25: i32('priority', KEEP), 29: str('runtimeClassName', KEEP),
  30: bool('enableServiceLinks', KEEP), 31: str('preemptionPolicy', KEEP), 35: bool('setHostnameAsFQDN', KEEP),
  37: bool('hostUsers', KEEP),
};
const PodTemplateSpec: Message = { 1: msg('metadata', () => ObjectMeta), 2: msg('spec', () => PodSpec) };

// ---------- core/v1: other kinds ----------

const Namespace: Message = {
  1: msg('metadata', () => ObjectMeta), 2: msg('spec', () => ({ 1: list('finalizers', 'string') })),
  3: msg('status', () => ({ 1: str('phase') })),
};
const ConfigMap: Message = {
  1: msg('metadata', () => ObjectMeta), 4: bool('immutable', KEEP), 2: map('data', 'string'), 3: map('binaryData', 'bytes'),
};
const Secret: Message = {
  1: msg('metadata', () => ObjectMeta), 5: bool('immutable', KEEP), 2: map('data', 'bytes'), 4: map('stringData', 'string'),
  3: str('type'),
};
const ObjectReference: Message = {
  1: str('kind'), 2: str('namespace'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: str('resourceVersion'), 7: str('fieldPath'),
};
const ServiceAccount: Message = {
  1: msg('metadata', () => ObjectMeta), 2: list('secrets', () => ObjectReference),
  3: list('imagePullSecrets', () => LocalObjectReference), 4: bool('automountServiceAccountToken', KEEP),
};
const ServicePort: Message = {
  1: str('name'), 2: str('protocol'), 6: str('appProtocol', KEEP), 3: i32('port', KEEP), 4: intOrString('targetPort'), 5: i32('nodePort'),
};
const Service: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: list('ports', () => ServicePort), 2: map('selector', 'string'), 3: str('clusterIP'), 18: list('clusterIPs', 'string'),
    4: str('type'), 5: list('externalIPs', 'string'), 7: str('sessionAffinity'), 8: str('loadBalancerIP'),
    9: list('loadBalancerSourceRanges', 'string'), 10: str('externalName'), 11: str('externalTrafficPolicy'),
    12: i32('healthCheckNodePort'), 13: bool('publishNotReadyAddresses'), 19: list('ipFamilies', 'string'),
    17: str('ipFamilyPolicy', KEEP), 20: bool('allocateLoadBalancerNodePorts', KEEP), 21: str('loadBalancerClass', KEEP),
    22: str('internalTrafficPolicy', KEEP), 23: str('trafficDistribution', KEEP),
  })),
  3: msg('status', () => ({ 1: msg('loadBalancer', () => EMPTY) })),
};
const ResourceQuota: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: map('hard', 'quantity'), 2: list('scopes', 'string'),
    3: msg('scopeSelector', () => ({ 1: list('matchExpressions', () => ({ 1: str('scopeName', KEEP), 2: str('operator', KEEP), 3: list('values', 'string') })) })),
  })),
  3: msg('status', () => EMPTY),
};
const Pod: Message = { 1: msg('metadata', () => ObjectMeta), 2: msg('spec', () => PodSpec), 3: msg('status', () => EMPTY) };

// ---------- apps/v1, batch/v1 ----------

const Deployment: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: i32('replicas', KEEP), 2: msg('selector', () => LabelSelector), 3: msg('template', () => PodTemplateSpec),
    4: msg('strategy', () => ({ 1: str('type'), 2: msg('rollingUpdate', () => ({ 1: intOrString('maxUnavailable'), 2: intOrString('maxSurge') })) })),
    5: i32('minReadySeconds'), 6: i32('revisionHistoryLimit', KEEP), 7: bool('paused'), 9: i32('progressDeadlineSeconds', KEEP),
  })),
  3: msg('status', () => EMPTY),
};
const JobSpec: Message = {
  1: i32('parallelism', KEEP), 2: i32('completions', KEEP), 3: i64('activeDeadlineSeconds', KEEP), 7: i32('backoffLimit', KEEP),
  12: i32('backoffLimitPerIndex', KEEP), 13: i32('maxFailedIndexes', KEEP), 4: msg('selector', () => LabelSelector),
  5: bool('manualSelector', KEEP), 6: msg('template', () => PodTemplateSpec), 8: i32('ttlSecondsAfterFinished', KEEP),
  9: str('completionMode', KEEP), 10: bool('suspend', KEEP), 14: str('podReplacementPolicy', KEEP), 15: str('managedBy', KEEP),
};
const Job: Message = { 1: msg('metadata', () => ObjectMeta), 2: msg('spec', () => JobSpec), 3: msg('status', () => EMPTY) };
const CronJob: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: str('schedule', KEEP), 8: str('timeZone', KEEP), 2: i64('startingDeadlineSeconds', KEEP), 3: str('concurrencyPolicy'),
    4: bool('suspend', KEEP), 5: msg('jobTemplate', () => ({ 1: msg('metadata', () => ObjectMeta), 2: msg('spec', () => JobSpec) })),
    6: i32('successfulJobsHistoryLimit', KEEP), 7: i32('failedJobsHistoryLimit', KEEP),
  })),
  3: msg('status', () => EMPTY),
};

// ---------- rbac/v1, scheduling/v1, networking/v1 ----------

const PolicyRule: Message = {
  1: list('verbs', 'string', KEEP), 2: list('apiGroups', 'string'), 3: list('resources', 'string'),
  4: list('resourceNames', 'string'), 5: list('nonResourceURLs', 'string'),
};
const Subject: Message = { 1: str('kind', KEEP), 2: str('apiGroup'), 3: str('name', KEEP), 4: str('namespace') };
const RoleRef: Message = { 1: str('apiGroup', KEEP), 2: str('kind', KEEP), 3: str('name', KEEP) };
const Role: Message = { 1: msg('metadata', () => ObjectMeta), 2: list('rules', () => PolicyRule, KEEP) };
const ClusterRole: Message = {
  ...Role, 3: msg('aggregationRule', () => ({ 1: list('clusterRoleSelectors', () => LabelSelector) })),
};
const RoleBinding: Message = { 1: msg('metadata', () => ObjectMeta), 2: list('subjects', () => Subject), 3: msg('roleRef', () => RoleRef) };
const PriorityClass: Message = {
  1: msg('metadata', () => ObjectMeta), 2: i32('value', KEEP), 3: bool('globalDefault'), 4: str('description'),
  5: str('preemptionPolicy', KEEP),
};
const IngressBackend: Message = {
  4: msg('service', () => ({ 1: str('name', KEEP), 2: msg('port', () => ({ 1: str('name'), 2: i32('number') })) })),
  3: msg('resource', () => ({ 1: str('apiGroup', KEEP), 2: str('kind', KEEP), 3: str('name', KEEP) })),
};
const Ingress: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    4: str('ingressClassName', KEEP), 1: msg('defaultBackend', () => IngressBackend),
    2: list('tls', () => ({ 1: list('hosts', 'string'), 2: str('secretName') })),
    3: list('rules', () => ({
      1: str('host'),
      2: msg('ingressRuleValue', () => ({
        1: msg('http', () => ({ 1: list('paths', () => ({ 1: str('path'), 3: str('pathType', KEEP), 2: msg('backend', () => IngressBackend) }), KEEP) })),
      }), { inline: true }),
    })),
  })),
  3: msg('status', () => ({ 1: msg('loadBalancer', () => EMPTY) })),
};

// ---------- policy/v1, authentication/v1 ----------

const PodDisruptionBudget: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: intOrString('minAvailable'), 2: msg('selector', () => LabelSelector), 3: intOrString('maxUnavailable'),
    4: str('unhealthyPodEvictionPolicy', KEEP),
  })),
  3: msg('status', () => ({
    1: i64('observedGeneration'), 2: map('disruptedPods', 'time'), 3: i32('disruptionsAllowed', KEEP),
    4: i32('currentHealthy', KEEP), 5: i32('desiredHealthy', KEEP), 6: i32('expectedPods', KEEP),
  })),
};
/** `kubectl create token` POSTs this to serviceaccounts/<name>/token. */
const TokenRequest: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: list('audiences', 'string', KEEP), 4: i64('expirationSeconds', KEEP),
    3: msg('boundObjectRef', () => ({ 1: str('kind'), 2: str('apiVersion'), 3: str('name'), 4: str('uid') })),
  })),
  3: msg('status', () => ({ 1: str('token', KEEP), 2: time('expirationTimestamp') })),
};

// ---------- access reviews (kubectl auth can-i / whoami) ----------

const ResourceAttributes: Message = {
  1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name'),
};
const NonResourceAttributes: Message = { 1: str('path'), 2: str('verb') };
const SelfSubjectAccessReview: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({ 1: msg('resourceAttributes', () => ResourceAttributes), 2: msg('nonResourceAttributes', () => NonResourceAttributes) })),
};
const SubjectAccessReview: Message = {
  1: msg('metadata', () => ObjectMeta),
  2: msg('spec', () => ({
    1: msg('resourceAttributes', () => ResourceAttributes), 2: msg('nonResourceAttributes', () => NonResourceAttributes),
    3: str('user'), 4: list('groups', 'string'), 6: str('uid'),
  })),
};
const SelfSubjectRulesReview: Message = { 1: msg('metadata', () => ObjectMeta), 2: msg('spec', () => ({ 1: str('namespace') })) };
const SelfSubjectReview: Message = { 1: msg('metadata', () => ObjectMeta) };

/** Top-level kinds by `apiVersion/kind`, as named in the runtime.Unknown envelope. */
export const KINDS: Readonly<Record<string, Message>> = {
  'v1/Namespace': Namespace, 'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service, 'v1/ResourceQuota': ResourceQuota, 'v1/Pod': Pod,
  'apps/v1/Deployment': Deployment, 'batch/v1/Job': Job, 'batch/v1/CronJob': CronJob,
  'rbac.authorization.k8s.io/v1/Role': Role, 'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding, 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': RoleBinding,
  'scheduling.k8s.io/v1/PriorityClass': PriorityClass, 'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget, 'authentication.k8s.io/v1/TokenRequest': TokenRequest,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': SelfSubjectAccessReview,
  'authorization.k8s.io/v1/SubjectAccessReview': SubjectAccessReview,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': SelfSubjectRulesReview,
  'authentication.k8s.io/v1/SelfSubjectReview': SelfSubjectReview,
};
