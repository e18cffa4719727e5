import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toTable } from './tables.js';
import type { KObject, ResourceType } from './types.js';

const now = new Date('2025-01-01T10:05:00Z');
const created = '2025-01-01T10:00:00Z';

function rt(group: string, kind: string, custom = false): ResourceType {
  return { group, version: 'v1', kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), namespaced: true, verbs: [], subresources: [], generation: 'none', custom };
}

const names = (t: ReturnType<typeof toTable>) => t.columnDefinitions!.map((c) => (c.priority ? `${c.name}*` : c.name));

test('Deployment table: columns, cells, PartialObjectMetadata rows', () => {
  const d: KObject = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', creationTimestamp: created, labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web', tier: 'fe' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] },
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'side', image: 'envoy' }] } } },
    status: { readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 },
  };
  const t = toTable(rt('apps', 'Deployment'), [d], { now, resourceVersion: '42', continueToken: 'abc' });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, { resourceVersion: '42', continue: 'abc' });
  assert.deepEqual(names(t), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
  assert.equal(t.columnDefinitions![0]!.format, 'name');
  assert.deepEqual(t.rows[0]!.cells, ['web', '2/2', 2, 2, '5m', 'web,side', 'nginx:1.25,envoy', 'app=web,env in (dev,prod),tier=fe']);
  assert.deepEqual(t.rows[0]!.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: d.metadata });
  // A fresh Deployment (status {}) prints 0/2 and zeros.
  const fresh = toTable(rt('apps', 'Deployment'), [{ ...d, status: {} }], { now, resourceVersion: '42', noHeaders: true });
  assert.equal(fresh.columnDefinitions, undefined);
  assert.deepEqual(fresh.rows[0]!.cells.slice(0, 4), ['web', '0/2', 0, 0]);
});

test('Service table: ports, external IPs, selector', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = { loadBalancer: {} }): KObject =>
    ({ metadata: { name: 's', creationTimestamp: created }, spec, status });
  const t = toTable(rt('', 'Service'), [
    svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web' } }),
    svc({ type: 'NodePort', clusterIPs: ['10.96.0.11'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }),
    svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] }),
    svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.13'], ports: [] }, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }] } }),
    svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 6379, protocol: 'TCP' }] }),
    svc({ type: 'ExternalName', externalName: 'db.example.com' }),
  ], { now, resourceVersion: '1' });
  assert.deepEqual(names(t), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']);
  assert.deepEqual(t.rows.map((r) => r.cells.slice(1, 5).concat(r.cells[6])), [
    ['ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', 'app=web'],
    ['NodePort', '10.96.0.11', '<none>', '80:30080/TCP', '<none>'],
    ['LoadBalancer', '10.96.0.12', '<pending>', '443:31443/TCP', '<none>'],
    ['LoadBalancer', '10.96.0.13', '1.2.3.4,lb.example.com', '<none>', '<none>'],
    ['ClusterIP', 'None', '<none>', '6379/TCP', '<none>'],
    ['ExternalName', '<none>', 'db.example.com', '<none>', '<none>'],
  ]);
});

test('ConfigMap, Secret, Namespace tables', () => {
  const cm = toTable(rt('', 'ConfigMap'), [{ metadata: { name: 'c1', creationTimestamp: created }, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }], { now, resourceVersion: '7' });
  assert.deepEqual(names(cm), ['Name', 'Data', 'Age']);
  assert.deepEqual(cm.rows[0]!.cells, ['c1', 3, '5m']);
  const sec = toTable(rt('', 'Secret'), [{ metadata: { name: 's1', creationTimestamp: created }, type: 'Opaque', data: { pw: 'eA==' } }], { now, resourceVersion: '7' });
  assert.deepEqual(sec.rows[0]!.cells, ['s1', 'Opaque', 1, '5m']);
  const ns = toTable(rt('', 'Namespace'), [{ metadata: { name: 'default', creationTimestamp: created }, status: { phase: 'Active' } }], { now, resourceVersion: '7' });
  assert.deepEqual(names(ns), ['Name', 'Status', 'Age']);
  assert.deepEqual(ns.rows[0]!.cells, ['default', 'Active', '5m']);
  assert.deepEqual(toTable(rt('', 'ConfigMap'), [], { now, resourceVersion: '7' }).rows, []);
});

test('kinds without a printer: Name + Created At (RFC3339)', () => {
  const t = toTable(rt('apiextensions.k8s.io', 'CustomResourceDefinition'), [{ metadata: { name: 'applications.argoproj.io', creationTimestamp: created } }], { now, resourceVersion: '9' });
  assert.deepEqual(t.columnDefinitions!.map((c) => [c.name, c.type]), [['Name', 'string'], ['Created At', 'date']]);
  assert.deepEqual(t.rows[0]!.cells, ['applications.argoproj.io', '2025-01-01T10:00:00Z']);
  const role = toTable(rt('rbac.authorization.k8s.io', 'Role'), [{ metadata: { name: 'reporter', creationTimestamp: created } }], { now, resourceVersion: '9' });
  assert.deepEqual(names(role), ['Name', 'Created At']);
});

test('custom resources: default Age column, additionalPrinterColumns via JSONPath', () => {
  const app: KObject = {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root', namespace: 'argocd', creationTimestamp: created, labels: { 'app.kubernetes.io/name': 'x' } },
    spec: { source: { targetRevision: 'HEAD' }, replicas: 3, ratio: 0.5 },
    status: { sync: { status: 'Synced' }, health: { status: 'Healthy' }, conditions: [{ type: 'A', lastTransitionTime: '2025-01-01T10:04:00Z' }], ok: true },
  };
  const plain = toTable(rt('argoproj.io', 'Application', true), [app], { now, resourceVersion: '3' });
  assert.deepEqual(plain.columnDefinitions!.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  assert.deepEqual(plain.rows[0]!.cells, ['root', '5m']);
  assert.equal(plain.rows[0]!.object.kind, 'PartialObjectMetadata');

  const t = toTable(rt('argoproj.io', 'Application', true), [app], {
    now, resourceVersion: '3', crdColumns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      { name: 'Health Status', type: 'string', jsonPath: '.status.health.status', description: 'health' },
      { name: 'Revision', type: 'string', jsonPath: '.spec.source.targetRevision', priority: 10 },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
      { name: 'OK', type: 'boolean', jsonPath: '.status.ok' },
      { name: 'Changed', type: 'date', jsonPath: '.status.conditions[0].lastTransitionTime' },
      { name: 'Label', type: 'string', jsonPath: ".metadata.labels['app.kubernetes.io/name']" },
      { name: 'Sync', type: 'string', jsonPath: '.status.sync' },
      { name: 'Missing', type: 'string', jsonPath: '.status.nope.deeper' },
      { name: 'Wrong', type: 'integer', jsonPath: '.status.sync.status' },
    ],
  });
  assert.equal(t.columnDefinitions![1]!.description, 'Custom resource definition column (in JSONPath format): .status.sync.status');
  assert.equal(t.columnDefinitions![2]!.description, 'health');
  assert.equal(t.columnDefinitions![3]!.priority, 10);
  assert.deepEqual(t.rows[0]!.cells, ['root', 'Synced', 'Healthy', 'HEAD', 3, 0.5, true, '60s', 'x', '{"status":"Synced"}', null, null]);
});

test('other printers: StatefulSet, Job, CronJob, PVC, RoleBinding, Pod, HPA, Ingress', () => {
  const meta = { name: 'x', creationTimestamp: created };
  const row = (group: string, kind: string, o: Partial<KObject>) => toTable(rt(group, kind), [{ metadata: meta, ...o }], { now, resourceVersion: '1' }).rows[0]!.cells;
  assert.deepEqual(row('apps', 'StatefulSet', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'r', image: 'redis' }] } } }, status: { readyReplicas: 1 } }), ['x', '1/3', '5m', 'r', 'redis']);
  assert.deepEqual(row('batch', 'Job', { spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: { spec: { containers: [] } } },
    status: { succeeded: 1, startTime: '2025-01-01T10:00:00Z', completionTime: '2025-01-01T10:00:12Z', conditions: [{ type: 'Complete', status: 'True' }] } }),
  ['x', 'Complete', '1/1', '12s', '5m', '', '', 'batch.kubernetes.io/controller-uid=u']);
  assert.deepEqual(row('batch', 'CronJob', { spec: { schedule: '0 2 * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } }, status: {} }),
    ['x', '0 2 * * *', '<none>', 'False', 0, '<none>', '5m', 'c', 'i', '<none>']);
  assert.deepEqual(row('', 'PersistentVolumeClaim', { spec: { volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } }),
    ['x', 'Pending', '', '', '', '', '<unset>', '5m', 'Filesystem']);
  assert.deepEqual(row('rbac.authorization.k8s.io', 'RoleBinding', { roleRef: { kind: 'Role', name: 'reporter' }, subjects: [{ kind: 'ServiceAccount', name: 'reporter', namespace: 'platform' }, { kind: 'User', name: 'jane' }] }),
    ['x', 'Role/reporter', '5m', 'jane', '', 'platform/reporter']);
  assert.deepEqual(row('', 'Pod', { spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }],
    containerStatuses: [{ name: 'a', ready: true, restartCount: 1, state: { running: {} } }, { name: 'b', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } }),
  ['x', '1/2', 'CrashLoopBackOff', 3, '5m', '10.0.0.5', '<none>', '<none>', '<none>']);
  assert.deepEqual(row('autoscaling', 'HorizontalPodAutoscaler', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2 } }),
  ['x', 'Deployment/web', 'cpu: <unknown>/80%', '1', 5, 2, '5m']);
  assert.deepEqual(row('networking.k8s.io', 'Ingress', { spec: { rules: [{ host: 'a.example.com' }, {}], tls: [{}] }, status: { loadBalancer: {} } }),
    ['x', '<none>', 'a.example.com', '', '80, 443', '5m']);
});
