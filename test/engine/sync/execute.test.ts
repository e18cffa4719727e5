// syncApp against the simulated test cluster with a copy of the shop repository.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { workspaceStatus } from '../../../src/engine/status/app-status.js';
import { PLUMB_TRACKING_ANNOTATION } from '../../../src/engine/kube/tracking.js';
import { makeKubectl, type Kubectl } from '../../cluster/testing/kubectl.js';
import type { SyncEvent } from '../../../src/engine/sync/execute.js';
import { startSyncEnv, writesIn, type SyncEnv } from './env.js';

let env: SyncEnv;
let kubectl: Kubectl;
before(async () => {
  env = await startSyncEnv();
  kubectl = makeKubectl(env.tc);
});
after(async () => { kubectl.dispose(); await env.close(); });

async function syncStatus(app: string) {
  const r = await workspaceStatus({ repoRoot: env.repo, signal: env.signal, apps: [app], client: env.client });
  return r.apps[0]!;
}

test('redis from nothing: created with the tracking annotation and manager plumb; status Synced', async () => {
  const { plan, report } = await env.sync('redis');
  // infra/namespace.yaml brings the Namespace, applied first (kind order).
  assert.deepEqual(plan.steps.map((s) => `${s.action} ${s.ref.kind}`), ['create Namespace', 'create Service', 'create StatefulSet']);
  assert.equal(report.status, 'Succeeded', JSON.stringify(report.problems));
  assert.deepEqual(report.steps.map((s) => s.result), ['applied', 'applied', 'applied']);
  const sts = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  assert.equal(sts.metadata?.annotations?.[PLUMB_TRACKING_ANNOTATION], 'redis:apps/StatefulSet:infra/redis');
  assert.ok(sts.metadata?.managedFields?.some((m) => m.manager === 'plumb' && m.operation === 'Apply'));
  const st = await syncStatus('redis');
  assert.equal(st.sync, 'Synced', JSON.stringify(st.resources.map((r) => [r.name, r.status, r.drift])));
});

test('drift by kubectl set image → OutOfSync → sync → Synced again', async () => {
  const r = await kubectl.run(['-n', 'infra', 'set', 'image', 'statefulset/redis', 'redis=redis:6']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await syncStatus('redis')).sync, 'OutOfSync');
  const { plan, report } = await env.sync('redis');
  assert.deepEqual(plan.steps.map((s) => s.action), ['unchanged', 'unchanged', 'update']);
  assert.equal(report.status, 'Succeeded');
  const sts = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  const image = (sts.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image;
  assert.equal(image, 'redis:7.2-alpine');
  assert.equal((await syncStatus('redis')).sync, 'Synced');
});

test('an object removed from Git: left (reported) without prune, deleted with prune', async () => {
  env.edit('infra/kustomization.yaml', (s) => s.replace('  - redis-service.yaml\n', ''));
  const kept = await env.sync('redis');
  const svc = kept.report.steps.find((s) => s.ref.kind === 'Service');
  assert.equal(svc?.result, 'skipped');
  assert.match(svc?.message ?? '', /requires pruning/);
  await env.client.get({ group: '', kind: 'Service', namespace: 'infra', name: 'redis' });

  const { report } = await env.sync('redis', { prune: true });
  assert.equal(report.status, 'Succeeded');
  assert.equal(report.steps.find((s) => s.ref.kind === 'Service')?.result, 'pruned');
  await assert.rejects(env.client.get({ group: '', kind: 'Service', namespace: 'infra', name: 'redis' }), /not found/);
  env.edit('infra/kustomization.yaml', (s) => s.replace('resources:\n', 'resources:\n  - redis-service.yaml\n'));
});

test('a prune step without allowPrune is skipped with "needs --prune"', async () => {
  await env.sync('redis'); // the Service was pruned by the test above: bring it back
  env.edit('infra/kustomization.yaml', (s) => s.replace('  - redis-service.yaml\n', ''));
  const plan = await env.plan('redis', true);
  const { syncApp } = await import('../../../src/engine/sync/execute.js');
  const report = await syncApp({ plan, client: env.client, signal: env.signal, appName: 'redis', allowPrune: false, allowRecreate: false });
  assert.equal(report.steps.find((s) => s.ref.kind === 'Service')?.message, 'needs --prune');
  await env.client.get({ group: '', kind: 'Service', namespace: 'infra', name: 'redis' });
  env.edit('infra/kustomization.yaml', (s) => s.replace('resources:\n', 'resources:\n  - redis-service.yaml\n'));
});

const deployment = (name: string, wave: number, image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"
spec:
  replicas: 1${extra}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: ${image}
`;
const configMap = (name: string, wave: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"
data:
  k: v
`;

test('waves: the wave -1 Deployment is applied and healthy before the wave 1 ConfigMap is applied', async () => {
  env.addApp('waves', 'waves', 'waves');
  await env.namespace('waves');
  env.write('waves/first.yaml', deployment('first', -1, 'nginx:1.27'));
  env.write('waves/second.yaml', configMap('second', 1));
  const mark = env.tc.requestLog.length;
  const events: SyncEvent[] = [];
  const { report } = await env.sync('waves', { events });
  assert.equal(report.status, 'Succeeded', JSON.stringify(report.problems));
  const writes = writesIn(env.tc.requestLog.slice(mark));
  const iFirst = writes.findIndex((w) => /deployments\/first/.test(w.path));
  const iSecond = writes.findIndex((w) => /configmaps\/second/.test(w.path));
  assert.ok(iFirst >= 0 && iSecond > iFirst, 'first is written before second');
  // Between the two writes the executor polled the Deployment (the health gate).
  const log = env.tc.requestLog.slice(mark);
  const a = log.indexOf(writes[iFirst]!); const b = log.indexOf(writes[iSecond]!);
  assert.ok(log.slice(a, b).some((e) => e.method === 'GET' && /deployments\/first/.test(e.path)), 'health polled between the waves');
  assert.ok(events.some((e) => e.type === 'wave-wait' && e.wave === -1), 'a wave-wait event after wave -1');
  const waveStarts = events.filter((e) => e.type === 'wave-start').map((e) => (e as { wave: number }).wave);
  assert.deepEqual(waveStarts, [-1, 1]);
  // The Deployment reached Available before the ConfigMap existed.
  const dep = await env.client.get({ group: 'apps', kind: 'Deployment', namespace: 'waves', name: 'first' });
  const cm = await env.client.get({ group: '', kind: 'ConfigMap', namespace: 'waves', name: 'second' });
  const avail = (dep.status as { conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> }).conditions
    ?.find((c) => c.type === 'Available' && c.status === 'True');
  assert.ok(avail?.lastTransitionTime, 'Deployment Available');
  assert.ok(Date.parse(avail.lastTransitionTime) <= Date.parse(cm.metadata?.creationTimestamp as string));
});

test('a Degraded object (broken image, progressDeadlineSeconds 2) fails the sync and the next wave is not applied', async () => {
  env.addApp('broken', 'broken', 'broken');
  await env.namespace('broken');
  env.write('broken/bad.yaml', deployment('bad', -1, 'nginx:broken', '\n  progressDeadlineSeconds: 2'));
  env.write('broken/later.yaml', configMap('later', 1));
  const mark = env.tc.requestLog.length;
  const { report } = await env.sync('broken');
  assert.equal(report.status, 'Failed');
  assert.match(report.problems.map((p) => p.message).join('\n'), /Deployment broken\/bad is Degraded/);
  assert.ok(!writesIn(env.tc.requestLog.slice(mark)).some((w) => /configmaps\/later/.test(w.path)), 'wave 1 not applied');
  assert.ok(!report.steps.some((s) => s.ref.name === 'later'));
});

test('cancellation before the first step: Cancelled, nothing written', async () => {
  const plan = await env.plan('waves');
  const { syncApp } = await import('../../../src/engine/sync/execute.js');
  const ac = new AbortController();
  ac.abort();
  const mark = env.tc.requestLog.length;
  const report = await syncApp({ plan, client: env.client, signal: ac.signal, appName: 'waves', allowPrune: false, allowRecreate: false });
  assert.equal(report.status, 'Cancelled');
  assert.deepEqual(report.steps, []);
  assert.deepEqual(writesIn(env.tc.requestLog.slice(mark)), []);
});

test('a rejected object (422) is reported with the server message and stops the sync', async () => {
  env.addApp('invalid', 'invalid', 'invalid');
  await env.namespace('invalid');
  env.write('invalid/a.yaml', configMap('a-first', 0).replace('data:\n  k: v\n', 'data:\n  k: 5\n'));
  env.write('invalid/b.yaml', configMap('b-second', 0));
  const { report } = await env.sync('invalid');
  assert.equal(report.status, 'Failed');
  const failed = report.steps.find((s) => s.result === 'failed');
  assert.equal(failed?.ref.name, 'a-first', JSON.stringify(report.steps));
  assert.match(failed?.message ?? '', /string|Invalid|invalid/);
  assert.ok(!report.steps.some((s) => s.ref.name === 'b-second'), 'no step after the failure');
});

const hookJob = (name: string, hook: string, policy: string, image = 'busybox:1.36') => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  annotations:
    argocd.argoproj.io/hook: ${hook}
    argocd.argoproj.io/hook-delete-policy: ${policy}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: ${image}
`;

test('a PreSync hook Job runs to completion before the Sync phase and is deleted (HookSucceeded)', async () => {
  env.addApp('hooks', 'hooks', 'hooks');
  await env.namespace('hooks');
  env.write('hooks/migrate.yaml', hookJob('migrate', 'PreSync', 'HookSucceeded'));
  env.write('hooks/app.yaml', configMap('app', 0));
  const mark = env.tc.requestLog.length;
  const { plan, report } = await env.sync('hooks');
  assert.deepEqual(plan.steps.map((s) => `${s.phase} ${s.ref.name}`), ['PreSync migrate', 'Sync app']);
  assert.equal(report.status, 'Succeeded', JSON.stringify(report.problems));
  assert.match(report.steps[0]!.message ?? '', /completed, deleted/);
  const writes = writesIn(env.tc.requestLog.slice(mark)).map((w) => `${w.method} ${w.path.split('?')[0]}`);
  const iJob = writes.findIndex((w) => /^PATCH .*jobs\/migrate$/.test(w));
  const iDel = writes.findIndex((w) => /^DELETE .*jobs\/migrate$/.test(w));
  const iCm = writes.findIndex((w) => /configmaps\/app$/.test(w));
  assert.ok(iJob >= 0 && iJob < iDel && iDel < iCm, writes.join('\n'));
});

test('a failing hook fails the sync and runs the SyncFail hook', async () => {
  env.addApp('hookfail', 'hookfail', 'hookfail');
  await env.namespace('hookfail');
  env.write('hookfail/migrate.yaml', hookJob('migrate', 'PreSync', 'BeforeHookCreation', 'busybox:broken'));
  env.write('hookfail/notify.yaml', hookJob('notify', 'SyncFail', 'BeforeHookCreation'));
  env.write('hookfail/app.yaml', configMap('app', 0));
  const { report } = await env.sync('hookfail');
  assert.equal(report.status, 'Failed');
  assert.deepEqual(report.steps.map((s) => `${s.ref.name} ${s.result}`), ['migrate failed', 'notify applied'], JSON.stringify(report.steps));
  await env.client.get({ group: 'batch', kind: 'Job', namespace: 'hookfail', name: 'notify' });
  await assert.rejects(env.client.get({ group: '', kind: 'ConfigMap', namespace: 'hookfail', name: 'app' }), /not found/);
});

test('a 403 is reported with the object and stops the sync', async () => {
  const { createKubeClient } = await import('../../../src/engine/kube/client.js');
  const { loadKubeconfig } = await import('../../../src/engine/kube/kubeconfig.js');
  const file = `${env.kubeconfig}-restricted`;
  env.tc.writeKubeconfig(file, { user: 'restricted' });
  const kc = await loadKubeconfig({ env: { HOME: env.repo }, explicitPath: file });
  const restricted = createKubeClient(kc.config!);
  try {
    env.addApp('denied', 'denied', 'denied');
    await env.namespace('denied');
    env.write('denied/a.yaml', configMap('a', 0));
    env.write('denied/b.yaml', configMap('b', 0));
    const plan = await env.plan('denied');
    const { syncApp } = await import('../../../src/engine/sync/execute.js');
    const report = await syncApp({ plan, client: restricted, signal: env.signal, appName: 'denied', allowPrune: false, allowRecreate: false });
    assert.equal(report.status, 'Failed');
    assert.equal(report.steps.length, 1, 'stops at the first failure');
    const failed = report.steps.find((s) => s.result === 'failed');
    assert.ok(failed, JSON.stringify(report.steps));
    assert.match(failed.message ?? '', /forbidden/);
    assert.equal(report.problems[0]?.object?.name, failed.ref.name);
  } finally {
    restricted.close();
  }
});

test('recreate (immutable selector changed): skipped without consent, delete + create with it', async () => {
  env.addApp('immutable', 'immutable', 'immutable');
  await env.namespace('immutable');
  env.write('immutable/d.yaml', deployment('web', 0, 'nginx:1.27'));
  assert.equal((await env.sync('immutable')).report.status, 'Succeeded');
  const before = await env.client.get({ group: 'apps', kind: 'Deployment', namespace: 'immutable', name: 'web' });
  env.edit('immutable/d.yaml', (s) => s.replaceAll('{app: web}', '{app: web2}'));
  const refused = await env.sync('immutable');
  assert.deepEqual(refused.plan.steps.map((s) => s.action), ['recreate'], JSON.stringify(refused.plan.steps.map((s) => [s.action, s.reason])));
  assert.equal(refused.report.steps[0]?.result, 'skipped');
  const { report } = await env.sync('immutable', { recreate: true });
  assert.equal(report.status, 'Succeeded', JSON.stringify(report.problems));
  assert.equal(report.steps[0]?.result, 'recreated');
  const after = await env.client.get({ group: 'apps', kind: 'Deployment', namespace: 'immutable', name: 'web' });
  assert.notEqual(after.metadata?.uid, before.metadata?.uid);
  assert.deepEqual((after.spec as { selector: unknown }).selector, { matchLabels: { app: 'web2' } });
});
