// Every built-in kind of the issue through real kubectl: apply from one multi-document file, the
// `kubectl get` table of spec §2.5, a server default (§3.3/§3.4) read back with -o jsonpath,
// re-apply `unchanged`, `diff` clean, delete; plus `get all`, `api-resources` and NodePort
// allocation conflicts. The simulator is off so status columns are deterministic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  describeLog, expectCode, expectLine, parseTable, parseTables, setup, show, type Env,
} from './helpers.js';

const AGE = /^\d+s$/;
const RFC3339 = /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** the service CIDR 10.96.0.0/12 */
const CLUSTER_IP = /^10\.(9[6-9]|10\d|11[01])\.\d{1,3}\.\d{1,3}$/;

interface KindCase {
  kind: string;
  apiVersion: string;
  /** kubectl's name for the resource, as it prints it: `deployment.apps` */
  ref: string;
  name: string;
  namespaced: boolean;
  header: string[];
  /** expected cells by column (the name column is checked for every kind that has one) */
  row: Record<string, string | RegExp>;
  /** a server-filled field; kinds the server does not default get server-set metadata instead */
  jsonpath: string;
  want: string | RegExp;
}

const createdAt = { 'CREATED AT': RFC3339 };

const CASES: KindCase[] = [
  { kind: 'Namespace', apiVersion: 'v1', ref: 'namespace', name: 'kinds', namespaced: false,
    header: ['NAME', 'STATUS', 'AGE'], row: { STATUS: 'Active', AGE },
    jsonpath: '{.metadata.labels.kubernetes\\.io/metadata\\.name} {.spec.finalizers[0]}', want: 'kinds kubernetes' },
  { kind: 'ConfigMap', apiVersion: 'v1', ref: 'configmap', name: 'cm1', namespaced: true,
    header: ['NAME', 'DATA', 'AGE'], row: { DATA: '2', AGE },
    jsonpath: '{.metadata.uid}', want: UID },
  { kind: 'Secret', apiVersion: 'v1', ref: 'secret', name: 's1', namespaced: true,
    header: ['NAME', 'TYPE', 'DATA', 'AGE'], row: { TYPE: 'Opaque', DATA: '1', AGE },
    jsonpath: '{.type}', want: 'Opaque' },
  { kind: 'ServiceAccount', apiVersion: 'v1', ref: 'serviceaccount', name: 'sa1', namespaced: true,
    header: ['NAME', 'SECRETS', 'AGE'], row: { SECRETS: '0', AGE },
    jsonpath: '{.metadata.creationTimestamp}', want: RFC3339 },
  { kind: 'Service', apiVersion: 'v1', ref: 'service', name: 'cip', namespaced: true,
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: { TYPE: 'ClusterIP', 'CLUSTER-IP': CLUSTER_IP, 'EXTERNAL-IP': '<none>', 'PORT(S)': '80/TCP', AGE },
    jsonpath: '{.spec.sessionAffinity} {.spec.internalTrafficPolicy} {.spec.ports[0].protocol} {.spec.ports[0].targetPort} {.spec.ipFamilyPolicy} {.spec.ipFamilies[0]}',
    want: 'None Cluster TCP 80 SingleStack IPv4' },
  { kind: 'Service', apiVersion: 'v1', ref: 'service', name: 'np', namespaced: true,
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: { TYPE: 'NodePort', 'CLUSTER-IP': CLUSTER_IP, 'EXTERNAL-IP': '<none>', 'PORT(S)': '80:30080/TCP', AGE },
    jsonpath: '{.spec.externalTrafficPolicy} {.spec.ports[0].nodePort}', want: 'Cluster 30080' },
  { kind: 'Service', apiVersion: 'v1', ref: 'service', name: 'lb', namespaced: true,
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: { TYPE: 'LoadBalancer', 'CLUSTER-IP': CLUSTER_IP, 'EXTERNAL-IP': '<pending>', 'PORT(S)': /^443:(3[0-1]\d{3}|32[0-7]\d\d)\/TCP$/, AGE },
    jsonpath: '{.spec.allocateLoadBalancerNodePorts} {.spec.externalTrafficPolicy}', want: 'true Cluster' },
  { kind: 'Service', apiVersion: 'v1', ref: 'service', name: 'ext', namespaced: true,
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: { TYPE: 'ExternalName', 'CLUSTER-IP': '<none>', 'EXTERNAL-IP': 'db.example.com', 'PORT(S)': '<none>', AGE },
    // No IP fields and no internalTrafficPolicy for ExternalName; sessionAffinity is still defaulted.
    jsonpath: '{.spec.sessionAffinity}|{.spec.clusterIP}|{.spec.internalTrafficPolicy}', want: 'None||' },
  { kind: 'Service', apiVersion: 'v1', ref: 'service', name: 'hl', namespaced: true,
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: { TYPE: 'ClusterIP', 'CLUSTER-IP': 'None', 'EXTERNAL-IP': '<none>', 'PORT(S)': '5432/TCP', AGE },
    jsonpath: '{.spec.clusterIPs[0]} {.spec.ipFamilyPolicy} {.spec.ipFamilies[0]}', want: 'None SingleStack IPv4' },
  { kind: 'Endpoints', apiVersion: 'v1', ref: 'endpoints', name: 'ep1', namespaced: true,
    header: ['NAME', 'ENDPOINTS', 'AGE'], row: { ENDPOINTS: '10.1.2.3:5432', AGE },
    jsonpath: '{.metadata.uid}', want: UID },
  { kind: 'Pod', apiVersion: 'v1', ref: 'pod', name: 'p1', namespaced: true,
    header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], row: { READY: '0/1', STATUS: 'Pending', RESTARTS: '0', AGE },
    jsonpath: '{.spec.restartPolicy} {.spec.dnsPolicy} {.spec.enableServiceLinks} {.spec.containers[0].imagePullPolicy} {.spec.containers[0].terminationMessagePath}',
    want: 'Always ClusterFirst true IfNotPresent /dev/termination-log' },
  { kind: 'Deployment', apiVersion: 'apps/v1', ref: 'deployment.apps', name: 'web', namespaced: true,
    header: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], row: { READY: '0/2', 'UP-TO-DATE': '0', AVAILABLE: '0', AGE },
    jsonpath: '{.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds}',
    want: 'RollingUpdate 25% 10 600' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', ref: 'replicaset.apps', name: 'rs1', namespaced: true,
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], row: { DESIRED: '1', CURRENT: '0', READY: '0', AGE },
    jsonpath: '{.spec.replicas} {.spec.template.spec.schedulerName}', want: '1 default-scheduler' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', ref: 'statefulset.apps', name: 'db', namespaced: true,
    header: ['NAME', 'READY', 'AGE'], row: { READY: '0/1', AGE },
    jsonpath: '{.spec.podManagementPolicy} {.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.partition} {.spec.persistentVolumeClaimRetentionPolicy.whenDeleted}',
    want: 'OrderedReady RollingUpdate 0 Retain' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', ref: 'daemonset.apps', name: 'agent', namespaced: true,
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    row: { DESIRED: '0', CURRENT: '0', READY: '0', 'UP-TO-DATE': '0', AVAILABLE: '0', 'NODE SELECTOR': '<none>', AGE },
    jsonpath: '{.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.maxUnavailable} {.spec.updateStrategy.rollingUpdate.maxSurge}',
    want: 'RollingUpdate 1 0' },
  { kind: 'Job', apiVersion: 'batch/v1', ref: 'job.batch', name: 'migrate', namespaced: true,
    header: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], row: { STATUS: 'Running', COMPLETIONS: '0/1', DURATION: '', AGE },
    jsonpath: '{.spec.backoffLimit} {.spec.completionMode} {.spec.parallelism} {.spec.template.metadata.labels.batch\\.kubernetes\\.io/job-name}',
    want: '6 NonIndexed 1 migrate' },
  { kind: 'CronJob', apiVersion: 'batch/v1', ref: 'cronjob.batch', name: 'nightly', namespaced: true,
    header: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    row: { SCHEDULE: '0 3 * * *', TIMEZONE: '<none>', SUSPEND: 'False', ACTIVE: '0', 'LAST SCHEDULE': '<none>', AGE },
    // jobTemplate.spec gets no Job defaults (§3.3): backoffLimit stays unset.
    jsonpath: '{.spec.concurrencyPolicy} {.spec.successfulJobsHistoryLimit} {.spec.failedJobsHistoryLimit} {.spec.suspend}|{.spec.jobTemplate.spec.backoffLimit}',
    want: 'Allow 3 1 false|' },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', ref: 'persistentvolumeclaim', name: 'data', namespaced: true,
    header: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    row: { STATUS: 'Pending', VOLUME: '', CAPACITY: '', 'ACCESS MODES': '', STORAGECLASS: '', VOLUMEATTRIBUTESCLASS: '<unset>', AGE },
    jsonpath: '{.spec.volumeMode} {.status.phase}', want: 'Filesystem Pending' },
  { kind: 'PersistentVolume', apiVersion: 'v1', ref: 'persistentvolume', name: 'kinds-pv1', namespaced: false,
    header: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    row: { CAPACITY: '5Gi', 'ACCESS MODES': 'RWO', 'RECLAIM POLICY': 'Retain', STATUS: 'Pending', CLAIM: '', STORAGECLASS: '', VOLUMEATTRIBUTESCLASS: '<unset>', REASON: '', AGE },
    jsonpath: '{.spec.persistentVolumeReclaimPolicy} {.spec.volumeMode}', want: 'Retain Filesystem' },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', ref: 'storageclass.storage.k8s.io', name: 'kinds-fast', namespaced: false,
    header: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    row: { PROVISIONER: 'example.com/fast', RECLAIMPOLICY: 'Delete', VOLUMEBINDINGMODE: 'Immediate', ALLOWVOLUMEEXPANSION: 'false', AGE },
    jsonpath: '{.reclaimPolicy} {.volumeBindingMode}', want: 'Delete Immediate' },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', ref: 'ingress.networking.k8s.io', name: 'web', namespaced: true,
    header: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    row: { CLASS: '<none>', HOSTS: 'shop.example.com', ADDRESS: '', PORTS: '80', AGE },
    jsonpath: '{.status.loadBalancer}', want: '{}' },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', ref: 'networkpolicy.networking.k8s.io', name: 'deny', namespaced: true,
    header: ['NAME', 'POD-SELECTOR', 'AGE'], row: { 'POD-SELECTOR': 'app=web', AGE },
    jsonpath: '{.spec.policyTypes}', want: '["Ingress"]' },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', ref: 'horizontalpodautoscaler.autoscaling', name: 'web', namespaced: true,
    header: ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
    row: { REFERENCE: 'Deployment/web', TARGETS: 'cpu: <unknown>/80%', MINPODS: '1', MAXPODS: '5', REPLICAS: '0', AGE },
    jsonpath: '{.spec.minReplicas} {.spec.metrics[0].type} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageUtilization}',
    want: '1 Resource cpu 80' },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', ref: 'role.rbac.authorization.k8s.io', name: 'reader', namespaced: true,
    header: ['NAME', 'CREATED AT'], row: createdAt, jsonpath: '{.metadata.uid}', want: UID },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', ref: 'rolebinding.rbac.authorization.k8s.io', name: 'reader', namespaced: true,
    header: ['NAME', 'ROLE', 'AGE'], row: { ROLE: 'Role/reader', AGE },
    // ServiceAccount subjects default to apiGroup "" (omitted on the wire).
    jsonpath: '{.roleRef.apiGroup}|{.subjects[0].apiGroup}', want: 'rbac.authorization.k8s.io|' },
  { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', ref: 'clusterrole.rbac.authorization.k8s.io', name: 'kinds-viewer', namespaced: false,
    header: ['NAME', 'CREATED AT'], row: createdAt, jsonpath: '{.metadata.uid}', want: UID },
  { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', ref: 'clusterrolebinding.rbac.authorization.k8s.io', name: 'kinds-viewer', namespaced: false,
    header: ['NAME', 'ROLE', 'AGE'], row: { ROLE: 'ClusterRole/kinds-viewer', AGE },
    jsonpath: '{.roleRef.apiGroup}', want: 'rbac.authorization.k8s.io' },
  { kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', ref: 'customresourcedefinition.apiextensions.k8s.io', name: 'widgets.example.com', namespaced: false,
    header: ['NAME', 'CREATED AT'], row: createdAt,
    jsonpath: '{.spec.conversion.strategy} {.spec.names.singular} {.spec.names.listKind} {.status.acceptedNames.kind}', want: 'None widget WidgetList Widget' },
  { kind: 'Event', apiVersion: 'v1', ref: 'event', name: 'web.17a0c3e5d1', namespaced: true,
    header: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    row: { 'LAST SEEN': /^(\d+[smhdy])+$/, TYPE: 'Normal', REASON: 'ScalingReplicaSet', OBJECT: 'deployment/web', MESSAGE: 'Scaled up replica set web-7d4b9c to 2' },
    jsonpath: '{.metadata.creationTimestamp}', want: RFC3339 },
  { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', ref: 'lease.coordination.k8s.io', name: 'leader', namespaced: true,
    header: ['NAME', 'HOLDER', 'AGE'], row: { HOLDER: 'node-a', AGE },
    jsonpath: '{.metadata.uid}', want: UID },
];

const PODSPEC = `    spec:
      containers:
      - name: app
        image: nginx:1.25`;

/** One document per case, in CASES order (the Namespace first, so kubectl creates it first). */
const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: kinds
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
  namespace: kinds
data:
  a: "1"
binaryData:
  b: AAEC
---
apiVersion: v1
kind: Secret
metadata:
  name: s1
  namespace: kinds
data:
  pw: aHVudGVyMg==
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa1
  namespace: kinds
---
apiVersion: v1
kind: Service
metadata:
  name: cip
  namespace: kinds
spec:
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: np
  namespace: kinds
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: kinds
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
  - port: 443
---
apiVersion: v1
kind: Service
metadata:
  name: ext
  namespace: kinds
spec:
  type: ExternalName
  externalName: db.example.com
---
apiVersion: v1
kind: Service
metadata:
  name: hl
  namespace: kinds
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - port: 5432
---
apiVersion: v1
kind: Endpoints
metadata:
  name: ep1
  namespace: kinds
subsets:
- addresses:
  - ip: 10.1.2.3
  ports:
  - port: 5432
    protocol: TCP
---
apiVersion: v1
kind: Pod
metadata:
  name: p1
  namespace: kinds
spec:
  containers:
  - name: app
    image: busybox:1.36
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: kinds
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
${PODSPEC}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs1
  namespace: kinds
spec:
  selector:
    matchLabels: {app: rs1}
  template:
    metadata:
      labels: {app: rs1}
${PODSPEC}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: kinds
spec:
  serviceName: hl
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
${PODSPEC}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kinds
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
${PODSPEC}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: kinds
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: busybox:1.36
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: kinds
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: busybox:1.36
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: kinds
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: kinds-pv1
spec:
  capacity:
    storage: 5Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /data/pv1
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: kinds-fast
provisioner: example.com/fast
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: kinds
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: cip
            port:
              number: 80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: kinds
spec:
  podSelector:
    matchLabels: {app: web}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: kinds
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  maxReplicas: 5
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: kinds
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: kinds
roleRef:
  kind: Role
  name: reader
subjects:
- kind: ServiceAccount
  name: sa1
  namespace: kinds
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kinds-viewer
rules:
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kinds-viewer
roleRef:
  kind: ClusterRole
  name: kinds-viewer
subjects:
# apiGroup spelled out: the server defaults it for User subjects, and kubectl's three-way patch
# would then re-send the (atomic) list on every apply, as against a real cluster.
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: jane
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    kind: Widget
    plural: widgets
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size:
                type: integer
---
apiVersion: v1
kind: Event
metadata:
  name: web.17a0c3e5d1
  namespace: kinds
involvedObject:
  apiVersion: apps/v1
  kind: Deployment
  name: web
  namespace: kinds
reason: ScalingReplicaSet
message: Scaled up replica set web-7d4b9c to 2
type: Normal
source:
  component: deployment-controller
count: 1
firstTimestamp: "2024-01-01T00:00:00Z"
lastTimestamp: "2024-01-01T00:00:00Z"
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: leader
  namespace: kinds
spec:
  holderIdentity: node-a
  leaseDurationSeconds: 15
`;

const NODEPORT_CONFLICT = `apiVersion: v1
kind: Service
metadata:
  name: np2
  namespace: kinds
spec:
  type: NodePort
  ports:
  - port: 81
    nodePort: 30080
`;

/**
 * Defaults inside lists that strategic merge patch replaces whole (no merge key). kubectl's
 * three-way patch sees the live list differ from the file and re-sends it on every apply, as
 * against a real cluster (e.g. kubernetes/kubernetes#87736 for the similar Secret stringData).
 */
const ATOMIC_LISTS = `apiVersion: v1
kind: Endpoints
metadata:
  name: ep2
  namespace: kinds
subsets:
- addresses:
  - ip: 10.1.2.4
  ports:
  - port: 6379
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-in
  namespace: kinds
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 80
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: jane
  namespace: kinds
roleRef:
  kind: Role
  name: reader
subjects:
- kind: User
  name: jane
`;

const slash = (c: KindCase) => `${c.ref}/${c.name}`;

function matches(actual: string | undefined, want: string | RegExp): boolean {
  return actual !== undefined && (typeof want === 'string' ? actual === want : want.test(actual));
}

/** Run `f` over `items` with at most `n` at a time (kubectl start-up dominates; keep 2 cores busy). */
async function pool<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => { for (let i = next++; i < items.length; i = next++) out[i] = await f(items[i]!); };
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

describe('every built-in kind through kubectl', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    env.write('kinds.yaml', MANIFEST);
    env.write('np2.yaml', NODEPORT_CONFLICT);
  });
  after(async () => { await env?.close(); });

  it('kubectl apply -f of one multi-document file creates every kind', async () => {
    assert.equal(MANIFEST.split('\n---\n').length, CASES.length, 'one document per case');
    const r = await env.kubectl('apply', '-f', 'kinds.yaml');
    expectCode(r, 0);
    assert.deepEqual(r.stdout.trim().split('\n'), CASES.map((c) => `${slash(c)} created`), show(r));
  });

  it('kubectl get <kind> <name> prints the §2.5 table of each kind', async () => {
    const results = await pool(CASES, 2, (c) => env.kubectl('get', c.ref, c.name, '-n', 'kinds'));
    const problems: string[] = [];
    CASES.forEach((c, i) => {
      const r = results[i]!;
      if (r.code !== 0) { problems.push(`${slash(c)}: ${show(r)}`); return; }
      const t = parseTable(r.stdout);
      if (JSON.stringify(t.columns) !== JSON.stringify(c.header)) problems.push(`${slash(c)}: header ${JSON.stringify(t.columns)}, want ${JSON.stringify(c.header)}`);
      if (t.rows.length !== 1) { problems.push(`${slash(c)}: ${t.rows.length} rows\n${r.stdout}`); return; }
      const row = t.rows[0]!;
      const want: Record<string, string | RegExp> = c.header[0] === 'NAME' ? { NAME: c.name, ...c.row } : c.row;
      for (const [col, w] of Object.entries(want)) {
        if (!matches(row[col], w)) problems.push(`${slash(c)}: ${col} is ${JSON.stringify(row[col])}, want ${w}\n${r.stdout}`);
      }
    });
    assert.deepEqual(problems, []);
  });

  it('each kind carries its server defaults (read with -o jsonpath)', async () => {
    const results = await pool(CASES, 2, (c) => env.kubectl('get', c.ref, c.name, '-n', 'kinds', '-o', `jsonpath=${c.jsonpath}`));
    const problems: string[] = [];
    CASES.forEach((c, i) => {
      const r = results[i]!;
      if (r.code !== 0 || !matches(r.stdout, c.want)) problems.push(`${slash(c)} ${c.jsonpath}: got ${JSON.stringify(r.stdout)} (exit ${r.code} ${r.stderr.trim()}), want ${c.want}`);
    });
    assert.deepEqual(problems, []);
  });

  it('re-applying the same file prints unchanged for every object and sends no PATCH', async () => {
    const m = env.mark();
    const r = await env.kubectl('apply', '-f', 'kinds.yaml');
    expectCode(r, 0);
    assert.deepEqual(r.stdout.trim().split('\n'), CASES.map((c) => `${slash(c)} unchanged`), show(r));
    const writes = env.since(m).filter((e) => e.method !== 'GET');
    assert.deepEqual(writes, [], `writes on an unchanged apply:\n${describeLog(writes)}`);
  });

  it('kubectl diff of the applied file exits 0 with no output', async () => {
    const r = await env.kubectl('diff', '-f', 'kinds.yaml');
    expectCode(r, 0, 'diff of unchanged objects');
    assert.equal(r.stdout, '');
  });

  it('defaults inside atomic lists are filled; re-apply re-sends the list but writes nothing', async () => {
    env.write('atomic.yaml', ATOMIC_LISTS);
    const c = await env.kubectl('apply', '-f', 'atomic.yaml');
    expectCode(c, 0);
    assert.deepEqual(c.stdout.trim().split('\n'), [
      'endpoints/ep2 created', 'networkpolicy.networking.k8s.io/web-in created', 'rolebinding.rbac.authorization.k8s.io/jane created',
    ], show(c));
    const reads: Array<[string, string, string]> = [
      ['endpoints/ep2', '{.subsets[0].ports[0].protocol}', 'TCP'],
      ['networkpolicy/web-in', '{.spec.ingress[0].ports[0].protocol}', 'TCP'],
      ['rolebinding/jane', '{.subjects[0].apiGroup}', 'rbac.authorization.k8s.io'],
    ];
    const rvs: string[] = [];
    for (const [obj, path, want] of reads) {
      const g = await env.kubectl('get', obj, '-n', 'kinds', '-o', `jsonpath=${path} {.metadata.resourceVersion}`);
      expectCode(g, 0);
      const [got, rv] = g.stdout.split(' ');
      assert.equal(got, want, `${obj} ${path}`);
      rvs.push(rv!);
    }
    const m = env.mark();
    const again = await env.kubectl('apply', '-f', 'atomic.yaml');
    expectCode(again, 0);
    assert.deepEqual(again.stdout.trim().split('\n'), [
      'endpoints/ep2 configured', 'networkpolicy.networking.k8s.io/web-in configured', 'rolebinding.rbac.authorization.k8s.io/jane configured',
    ], show(again));
    assert.equal(env.since(m).filter((e) => e.method === 'PATCH' && e.status === 200).length, 3, describeLog(env.since(m)));
    // The patched object equals the stored one once defaulted: a no-op write keeps the resourceVersion.
    for (const [i, [obj]] of reads.entries()) {
      const g = await env.kubectl('get', obj, '-n', 'kinds', '-o', 'jsonpath={.metadata.resourceVersion}');
      assert.equal(g.stdout, rvs[i], `${obj} resourceVersion after a no-op apply`);
    }
    const d = await env.kubectl('delete', '-f', 'atomic.yaml');
    expectCode(d, 0);
  });

  it('a NodePort already allocated is refused with 422', async () => {
    const m = env.mark();
    const r = await env.kubectl('apply', '-f', 'np2.yaml');
    expectCode(r, 1);
    expectLine(r.stderr, 'The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const post = env.since(m).find((e) => e.method === 'POST' && e.path.startsWith('/api/v1/namespaces/kinds/services'));
    assert.equal(post?.status, 422, describeLog(env.since(m)));
    const g = await env.kubectl('get', 'service', 'np2', '-n', 'kinds');
    expectCode(g, 1);
    expectLine(g.stderr, 'Error from server (NotFound): services "np2" not found');
  });

  it('kubectl get all -n kinds lists the workloads and services in discovery order', async () => {
    const r = await env.kubectl('get', 'all', '-n', 'kinds');
    expectCode(r, 0);
    const tables = parseTables(r.stdout);
    const names = tables.map((t) => t.rows.map((row) => row['NAME']));
    // kube-apiserver lists resources alphabetically within a group version, groups in its own
    // order, so `get all` shows pods before services, then apps, autoscaling, batch.
    assert.deepEqual(names, [
      ['pod/p1'],
      ['service/cip', 'service/ext', 'service/hl', 'service/lb', 'service/np'],
      ['daemonset.apps/agent'],
      ['deployment.apps/web'],
      ['replicaset.apps/rs1'],
      ['statefulset.apps/db'],
      ['horizontalpodautoscaler.autoscaling/web'],
      ['cronjob.batch/nightly'],
      ['job.batch/migrate'],
    ], r.stdout);
    assert.deepEqual(tables[1]!.columns, ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
  });

  it('kubectl api-resources lists every kind with its group version and scope', async () => {
    const r = await env.kubectl('api-resources');
    expectCode(r, 0);
    const t = parseTable(r.stdout);
    assert.deepEqual(t.columns, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const problems: string[] = [];
    for (const c of CASES) {
      const row = t.rows.find((x) => x['KIND'] === c.kind);
      if (!row) { problems.push(`no row for ${c.kind}`); continue; }
      if (row['APIVERSION'] !== c.apiVersion || row['NAMESPACED'] !== String(c.namespaced)) {
        problems.push(`${c.kind}: ${JSON.stringify(row)}`);
      }
    }
    for (const kind of ['ControllerRevision', 'IngressClass', 'PodDisruptionBudget', 'Widget']) {
      if (!t.rows.some((x) => x['KIND'] === kind)) problems.push(`no row for ${kind}`);
    }
    assert.deepEqual(problems, []);
    const deploy = t.rows.find((x) => x['NAME'] === 'deployments');
    assert.deepEqual(deploy, { NAME: 'deployments', SHORTNAMES: 'deploy', APIVERSION: 'apps/v1', NAMESPACED: 'true', KIND: 'Deployment' });
  });

  it('kubectl delete removes every object', async () => {
    const objects = CASES.filter((c) => c.kind !== 'Namespace').reverse();
    // kubectl throttles itself after ~10 requests (QPS 5): three calls keep each under that.
    const chunks = [0, 1, 2].map((k) => objects.filter((_, i) => i % 3 === k));
    const results = await Promise.all(chunks.map((chunk) => env.kubectl('delete', '-n', 'kinds', ...chunk.map(slash))));
    results.forEach((r, k) => {
      expectCode(r, 0);
      assert.deepEqual(r.stdout.trim().split('\n'), chunks[k]!.map((c) => `${c.ref} "${c.name}" deleted`), show(r));
    });
    const gone = await env.kubectl('get', '-n', 'kinds', ...objects.map(slash), '--ignore-not-found', '-o', 'name');
    expectCode(gone, 0);
    assert.equal(gone.stdout, '', 'objects left after delete');
    const ns = await env.kubectl('delete', 'namespace', 'kinds');
    expectCode(ns, 0);
    expectLine(ns.stdout, 'namespace "kinds" deleted');
    const g = await env.kubectl('get', 'namespace', 'kinds');
    expectCode(g, 1);
    expectLine(g.stderr, 'Error from server (NotFound): namespaces "kinds" not found');
  });
});
