// Rules of the drift contract on hand-made pairs: what the kubectl-made cases cannot easily show
// (no managedFields, custom resources with a schema, dry-run input, rarer immutable fields,
// ignore-rule edge cases, other field managers).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compareObject } from '../../../src/engine/diff/index.js';
import { semanticsFromOpenApi } from '../../../src/engine/schema/index.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../src/engine/types.js';

const mf = (manager: string, operation: 'Apply' | 'Update', fieldsV1: Record<string, unknown>, subresource?: string): ManagedFieldsEntry =>
  ({ manager, operation, apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1, time: '2026-01-01T10:00:00Z', ...(subresource ? { subresource } : {}) });

const cm = (data: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', ...(extra.metadata ?? {}) }, data });

const verdictKinds = (v: ReturnType<typeof compareObject>) => v.pathKinds ?? {};

test('no managedFields: the last-applied-configuration decides what is ours', () => {
  const live = cm({ A: '1', B: '2', C: '3' }, {
    metadata: { name: 'c', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(cm({ A: '1', B: '2' })) } },
  });
  const v = compareObject({ desired: cm({ A: '1' }), live });
  assert.deepEqual(verdictKinds(v), { 'data.B': 'orphaned' }, v.note);
});

test('client-side-apply fields outside last-applied were set by the server: never drift', () => {
  const last = cm({ A: '1' });
  const live = cm({ A: '1', INJECTED: 'x' }, { metadata: { name: 'c', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(last) } } });
  live.metadata!.managedFields = [mf('kubectl-client-side-apply', 'Update', { 'f:data': { '.': {}, 'f:A': {}, 'f:INJECTED': {} } })];
  assert.equal(compareObject({ desired: cm({ A: '1' }), live }).inSync, true);
  // without the annotation kubectl-client-side-apply is just an interactive kubectl manager
  const bare = cm({ A: '1', EXTRA: 'x' });
  bare.metadata!.managedFields = [mf('kubectl-client-side-apply', 'Update', { 'f:data': { '.': {}, 'f:A': {}, 'f:EXTRA': {} } })];
  assert.deepEqual(verdictKinds(compareObject({ desired: cm({ A: '1' }), live: bare })), { 'data.EXTRA': 'foreign-edit' });
});

test('Argo CD migration annotation names another client-side-apply manager', () => {
  const live = cm({ A: '1', B: '2' }, {
    metadata: {
      name: 'c',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(cm({ A: '1', B: '2' })),
        'argocd.argoproj.io/client-side-apply-migration-manager': 'argocd-csa',
      },
    },
  });
  live.metadata!.managedFields = [mf('argocd-csa', 'Update', { 'f:data': { '.': {}, 'f:A': {}, 'f:B': {} } })];
  assert.deepEqual(verdictKinds(compareObject({ desired: cm({ A: '1' }), live })), { 'data.B': 'orphaned' });
});

test('the engine field manager is configurable', () => {
  const live = cm({ A: '1', B: '2' });
  live.metadata!.managedFields = [mf('argocd-controller', 'Apply', { 'f:data': { 'f:A': {}, 'f:B': {} } })];
  assert.equal(compareObject({ desired: cm({ A: '1' }), live }).inSync, true, 'another tool\'s fields are not ours');
  assert.deepEqual(verdictKinds(compareObject({ desired: cm({ A: '1' }), live, fieldManager: 'argocd-controller' })), { 'data.B': 'orphaned' });
});

test('a field shared with another manager stays: not drift', () => {
  const live = cm({ A: '1', B: '2' });
  live.metadata!.managedFields = [
    mf('plumb', 'Apply', { 'f:data': { 'f:A': {}, 'f:B': {} } }),
    mf('helm', 'Apply', { 'f:data': { 'f:B': {} } }),
  ];
  assert.equal(compareObject({ desired: cm({ A: '1' }), live }).inSync, true);
});

test('a kubectl manager writing through a subresource is not an interactive edit', () => {
  const desired: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } } };
  const live = JSON.parse(JSON.stringify(desired)) as KubeObject;
  (live['spec'] as Record<string, unknown>)['replicas'] = 7;
  live.metadata!.managedFields = [mf('kubectl-patch', 'Update', { 'f:spec': { 'f:replicas': {} } }, 'scale')];
  assert.equal(compareObject({ desired, live }).inSync, true);
});

test('Secret data: null and "" are the same; base64 spelled with a line break is the same bytes', () => {
  const s = (data: Record<string, string | null>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data } as unknown as KubeObject);
  assert.equal(compareObject({ desired: s({ a: null }), live: s({ a: '' }) }).inSync, true);
  const long = Buffer.from('x'.repeat(80)).toString('base64');
  assert.equal(compareObject({ desired: s({ a: `${long.slice(0, 60)}\n${long.slice(60)}` }), live: s({ a: long }) }).inSync, true);
});

const deploy = (mut: (spec: Record<string, any>) => void = () => {}): KubeObject => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const spec: Record<string, any> = { // eslint-disable-line @typescript-eslint/no-explicit-any
    selector: { matchLabels: { app: 'w' } },
    template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'w', image: 'w:1' }] } },
  };
  mut(spec);
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'ns' }, spec };
};

test('IntOrString keeps its type; a declared zero that the server omits is equal', () => {
  const live = deploy((s) => { s.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } }; });
  const v = compareObject({ desired: deploy((s) => { s.strategy = { rollingUpdate: { maxSurge: '1' } }; }), live });
  assert.deepEqual(verdictKinds(v), { 'spec.strategy.rollingUpdate.maxSurge': 'conflict' });
  const probe = (p: Record<string, unknown>) => deploy((s) => { s.template.spec.containers[0].readinessProbe = { tcpSocket: { port: 80 }, ...p }; });
  assert.equal(compareObject({ desired: probe({ initialDelaySeconds: 0 }), live: probe({ periodSeconds: 10 }) }).inSync, true);
});

test('atomic selector: a key added live makes the whole declared selector differ (and it is immutable)', () => {
  const live = deploy((s) => { s.selector.matchLabels.extra = 'x'; });
  live.metadata!.managedFields = [mf('kubectl-edit', 'Update', { 'f:spec': { 'f:selector': {} } })];
  const w = compareObject({ desired: deploy(), live });
  assert.deepEqual(verdictKinds(w), { 'spec.selector': 'conflict' }, w.note);
  assert.equal(w.syncStrategy, 'recreate');
  assert.match(w.note, /kubectl-edit/);
});

test('an atomic map Git does not declare is left to its owner', () => {
  const live = deploy((s) => { s.template.spec.nodeSelector = { pool: 'a' }; });
  live.metadata!.managedFields = [mf('scheduler-webhook', 'Update', { 'f:spec': { 'f:template': { 'f:spec': { 'f:nodeSelector': {} } } } })];
  assert.equal(compareObject({ desired: deploy(), live }).inSync, true);
  live.metadata!.managedFields = [mf('kubectl-edit', 'Update', { 'f:spec': { 'f:template': { 'f:spec': { 'f:nodeSelector': {} } } } })];
  assert.deepEqual(verdictKinds(compareObject({ desired: deploy(), live })), { 'spec.template.spec.nodeSelector': 'foreign-edit' });
});

test('immutable: Service type to ExternalName, PVC shrink, suspended Job scheduling fields', () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });
  const v = compareObject({ desired: svc({ type: 'ExternalName', externalName: 'db.example.com' }), live: svc({ type: 'ClusterIP', clusterIP: '10.96.0.9', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }) });
  assert.equal(v.syncStrategy, 'recreate', v.note);
  const claim = (storage: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } });
  assert.equal(compareObject({ desired: claim('1Gi'), live: claim('2Gi') }).syncStrategy, 'recreate');
  assert.equal(compareObject({ desired: claim('3Gi'), live: claim('2Gi') }).syncStrategy, undefined);
  const job = (nodeSelector: Record<string, string>, image = 'm:1'): KubeObject => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
    spec: { suspend: true, template: { spec: { restartPolicy: 'Never', nodeSelector, containers: [{ name: 'm', image }] } } },
  });
  const moved = compareObject({ desired: job({ pool: 'b' }), live: job({ pool: 'a' }) });
  assert.equal(moved.inSync, false);
  assert.equal(moved.syncStrategy, undefined, 'a suspended Job that never started may change scheduling fields');
  assert.equal(compareObject({ desired: job({ pool: 'a' }, 'm:2'), live: job({ pool: 'a' }) }).syncStrategy, 'recreate');
});

test('dry-run input: webhook additions are not drift, a mutated declared field is', () => {
  const desired = deploy();
  const live = deploy((s) => { s.replicas = 1; });
  live.metadata!.managedFields = [mf('plumb', 'Apply', { 'f:spec': { 'f:selector': {}, 'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"w"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } })];
  const dryRun = deploy((s) => {
    s.replicas = 1;
    s.template.metadata.annotations = { 'injector/ts': 'now' };
    s.template.spec.containers[0].image = 'w@sha256:abc';
  });
  const v = compareObject({ desired, live, dryRun });
  assert.deepEqual(verdictKinds(v), { 'spec.template.spec.containers[name=w].image': 'conflict' }, v.note);
  assert.ok(!/estimated/i.test(v.note));
  assert.ok(/estimated/i.test(compareObject({ desired, live }).note));
});

test('custom resource with a schema: keyed items, sets, atomic lists; order ignored outside pod templates', () => {
  const sem = semanticsFromOpenApi({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          steps: { type: 'array', items: { type: 'object' } },
          analysis: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object' } },
          hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          paused: { type: 'boolean', default: false },
        },
      },
    },
  }, { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout' });
  const ro = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec });
  const base = { steps: [{ setWeight: 20 }, { pause: {} }], analysis: [{ name: 'a', t: 1 }, { name: 'b', t: 2 }], hosts: ['x', 'y'], paused: false };
  assert.equal(compareObject({ desired: ro({ ...base, analysis: [{ name: 'b', t: 2 }, { name: 'a', t: 1 }], hosts: ['y', 'x'] }), live: ro(base), schema: sem }).inSync, true);
  const v = compareObject({ desired: ro({ ...base, steps: [{ setWeight: 50 }, { pause: {} }], analysis: [...base.analysis, { name: 'c', t: 3 }] }), live: ro(base), schema: sem });
  assert.deepEqual(verdictKinds(v), { 'spec.steps': 'conflict', 'spec.analysis[name=c]': 'missing' });
  // the CRD default fills what the live object was defaulted with
  assert.equal(compareObject({ desired: ro({ steps: base.steps }), live: ro({ steps: base.steps, paused: false }), schema: sem }).inSync, true);
});

test('ignoreDifferences: glob group, whole-object pointer, bad expressions reported', () => {
  const live = cm({ A: '2' });
  const desired = cm({ A: '1' });
  assert.equal(compareObject({ desired, live, context: { ignoreDifferences: [{ group: '*', kind: 'Config*', jsonPointers: ['/data/A'] }] } }).inSync, true);
  assert.equal(compareObject({ desired, live, context: { ignoreDifferences: [{ group: 'apps', kind: 'ConfigMap', jsonPointers: ['/data/A'] }] } }).inSync, false);
  assert.equal(compareObject({ desired, live, context: { ignoreDifferences: [{ kind: 'ConfigMap', jsonPointers: [''] }] } }).inSync, true);
  const v = compareObject({ desired, live, context: { ignoreDifferences: [{ kind: 'ConfigMap', jqPathExpressions: ['.data | frobnicate'] }] } });
  assert.equal(v.inSync, false);
  assert.match(v.note, /frobnicate/);
});

test('object level: Prune=confirm may still be pruned; context is echoed; nothing on either side', () => {
  const live = cm({ A: '1' }, { metadata: { name: 'c', namespace: 'ns', annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=confirm' } } });
  const context = { inventory: ['/ConfigMap/ns/c'] };
  const v = compareObject({ live, context });
  assert.equal(v.objectDrift, 'extraneous');
  assert.equal(v.pruneCandidate, true);
  assert.deepEqual(v.context, context);
  const none = compareObject({});
  assert.equal(none.inSync, true);
  assert.deepEqual(none.driftPaths, []);
});

test('Secret masking: notes never carry values, even for conflicts', () => {
  const s = (v: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { token: Buffer.from(v).toString('base64') } } as KubeObject);
  const v = compareObject({ desired: s('hunter2'), live: s('letmein') });
  assert.deepEqual(v.driftPaths, ['data.token']);
  for (const leak of ['hunter2', 'letmein', Buffer.from('hunter2').toString('base64'), Buffer.from('letmein').toString('base64')]) assert.ok(!v.note.includes(leak));
});

test('custom resource without a schema: CRD defaults inside list items are not drift, changed values are', () => {
  const route = (backend: Record<string, unknown>): KubeObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [backend] }] },
  });
  const live = route({ group: '', kind: 'Service', name: 'web', port: 80, weight: 1 });
  (live['spec'] as { parentRefs: Array<Record<string, unknown>> }).parentRefs[0] = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' };
  live.metadata!.managedFields = [mf('plumb', 'Apply', { 'f:spec': { 'f:parentRefs': {}, 'f:rules': {} } })];
  assert.equal(compareObject({ desired: route({ name: 'web', port: 80 }), live }).inSync, true);
  const v = compareObject({ desired: route({ name: 'web', port: 8080 }), live });
  assert.deepEqual(v.pathKinds, { 'spec.rules': 'conflict' });
});

test('Service: clusterIP "" and nodePort 0 in Git ask for an allocation and keep the allocated values', () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });
  const live = svc({ type: 'NodePort', clusterIP: '10.96.0.7', clusterIPs: ['10.96.0.7'], ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31080 }], selector: { a: 'b' } });
  assert.equal(compareObject({ desired: svc({ type: 'NodePort', clusterIP: '', ports: [{ port: 80, nodePort: 0 }], selector: { a: 'b' } }), live }).inSync, true);
});
