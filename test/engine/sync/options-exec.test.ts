// Sync options executed against the test server (the plan-level rules are in plan.test.ts):
// Replace, Validate=false, ApplyOutOfSyncOnly, PruneLast, CreateNamespace, RespectIgnoreDifferences
// and ServerSideApply, each seen in what the API server received and what it now holds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { syncApp } from '../../../src/engine/sync/execute.js';
import { planSync } from '../../../src/engine/sync/plan.js';
import { planInputOf, prepareSync } from '../../../src/engine/sync/prepare.js';
import { makeKubectl, type Kubectl } from '../../cluster/testing/kubectl.js';
import { startSyncEnv, writesIn, type SyncEnv } from './env.js';

let env: SyncEnv;
let kubectl: Kubectl;
before(async () => {
  env = await startSyncEnv();
  kubectl = makeKubectl(env.tc);
  env.edit('.plumb.yaml', (s) => s.replace('apps:\n', `apps:
  - name: opts
    path: opts
    namespace: opts
    ignore:
      - group: apps
        kind: Deployment
        jsonPointers: [/spec/replicas]
`));
  env.write('opts/settings.yaml', configMap('settings', { mode: 'a' }));
});
after(async () => { kubectl.dispose(); await env.close(); });

function configMap(name: string, data: Record<string, string>, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"\n`).join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ann ? `  annotations:\n${ann}` : ''}data:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"\n`).join('')}`;
}

const deployment = (image: string, replicas = 1) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ${image}
`;

async function sync(syncOptions: string[], o: { prune?: boolean } = {}) {
  const prepared = await prepareSync({ repoRoot: env.repo, client: env.client, signal: env.signal, apps: ['opts'] });
  const p = prepared.apps[0];
  assert.ok(p, JSON.stringify(prepared.problems));
  const plan = planSync(planInputOf(p, { prune: o.prune ?? false, syncOptions }));
  const mark = env.tc.requestLog.length;
  const report = await syncApp({ plan, client: env.client, signal: env.signal, appName: 'opts', allowPrune: o.prune ?? false, allowRecreate: false, waveTimeoutMs: 20_000 });
  assert.equal(report.status, 'Succeeded', JSON.stringify(report.problems));
  return { plan, report, writes: writesIn(env.tc.requestLog.slice(mark)).map((e) => `${e.method} ${e.path.split('?')[0]}${e.contentType?.includes('apply-patch') ? ' (apply)' : ''}`) };
}

const get = (kind: string, name: string, group = '', namespace: string | undefined = 'opts') => env.client.get({ group, kind, namespace, name });

test('CreateNamespace=true creates the destination namespace before the app\'s objects; without it the sync fails on the missing namespace', async () => {
  const prepared = await prepareSync({ repoRoot: env.repo, client: env.client, signal: env.signal, apps: ['opts'] });
  const plain = planSync(planInputOf(prepared.apps[0]!, { syncOptions: [] }));
  const failed = await syncApp({ plan: plain, client: env.client, signal: env.signal, appName: 'opts', allowPrune: false, allowRecreate: false, waveTimeoutMs: 5_000 });
  assert.equal(failed.status, 'Failed');
  assert.match(failed.problems[0]?.message ?? '', /namespaces "opts" not found/);
  const r = await sync(['CreateNamespace=true']);
  assert.deepEqual(r.writes, ['PATCH /api/v1/namespaces/opts (apply)', 'PATCH /api/v1/namespaces/opts/configmaps/settings (apply)']);
  assert.equal((await get('Namespace', 'opts', '', undefined)).metadata?.name, 'opts');
});

test('ServerSideApply=true (Plumb\'s only apply mode): the object is owned by manager plumb through an Apply operation', async () => {
  await sync(['ServerSideApply=true']);
  const cm = await get('ConfigMap', 'settings');
  assert.ok(cm.metadata?.managedFields?.some((m) => m.manager === 'plumb' && m.operation === 'Apply'), JSON.stringify(cm.metadata?.managedFields));
});

test('Replace=true: an absent object is created (POST), an existing one replaced (PUT): fields others added are gone', async () => {
  env.write('opts/extra.yaml', configMap('extra', { x: '1' }));
  const created = await sync(['Replace=true']);
  assert.deepEqual(created.writes, ['POST /api/v1/namespaces/opts/configmaps']);
  // kubectl adds a label Git does not have; Git changes a value.
  assert.equal((await kubectl.run(['-n', 'opts', 'label', 'cm', 'extra', 'team=ops'])).code, 0);
  env.write('opts/extra.yaml', configMap('extra', { x: '2' }));
  const replaced = await sync(['Replace=true']);
  assert.deepEqual(replaced.writes, ['PUT /api/v1/namespaces/opts/configmaps/extra']);
  const live = await get('ConfigMap', 'extra');
  assert.deepEqual(live['data'], { x: '2' });
  assert.equal(live.metadata?.labels?.['team'], undefined, 'replace drops what Git does not declare');
  assert.ok(live.metadata?.managedFields?.some((m) => m.manager === 'plumb' && m.operation === 'Update'));
});

test('ApplyOutOfSyncOnly=true: only the drifted object is written', async () => {
  env.write('opts/extra.yaml', configMap('extra', { x: '4' }));
  await sync([]); // back to server-side apply
  env.write('opts/extra.yaml', configMap('extra', { x: '5' }));
  const r = await sync(['ApplyOutOfSyncOnly=true']);
  assert.deepEqual(r.writes, ['PATCH /api/v1/namespaces/opts/configmaps/extra (apply)']);
  assert.equal(r.plan.steps.find((s) => s.ref.name === 'settings')?.reason, 'in sync (ApplyOutOfSyncOnly)');
});

test('Validate=false writes with fieldValidation=Ignore: an unknown field is dropped instead of failing the sync', async () => {
  env.write('opts/typo.yaml', `${configMap('typo', { a: '1' })}datta:\n  b: "2"\n`);
  const prepared = await prepareSync({ repoRoot: env.repo, client: env.client, signal: env.signal, apps: ['opts'] });
  const strict = planSync(planInputOf(prepared.apps[0]!, { syncOptions: [] }));
  const failed = await syncApp({ plan: strict, client: env.client, signal: env.signal, appName: 'opts', allowPrune: false, allowRecreate: false });
  assert.equal(failed.status, 'Failed');
  assert.match(failed.problems[0]?.message ?? '', /datta/);
  const r = await sync(['Validate=false']);
  assert.ok(r.writes.includes('PATCH /api/v1/namespaces/opts/configmaps/typo (apply)'), r.writes.join('\n'));
  assert.ok(env.tc.requestLog.some((e) => e.path.includes('/configmaps/typo') && e.path.includes('fieldValidation=Ignore')));
  assert.deepEqual((await get('ConfigMap', 'typo'))['data'], { a: '1' });
  env.write('opts/typo.yaml', configMap('typo', { a: '1' }));
});

test('PruneLast=true: the prune runs after every wave has been applied', async () => {
  env.write('opts/later.yaml', configMap('later', { a: '1' }, { 'argocd.argoproj.io/sync-wave': '5' }));
  const { rmSync } = await import('node:fs');
  rmSync(`${env.repo}/opts/extra.yaml`);
  const last = await sync(['PruneLast=true'], { prune: true });
  assert.deepEqual(last.writes.slice(-2), ['PATCH /api/v1/namespaces/opts/configmaps/later (apply)', 'DELETE /api/v1/namespaces/opts/configmaps/extra']);
  // Without it the prune of a wave-0 object runs in wave 0, before the wave-5 apply.
  env.write('opts/extra.yaml', configMap('extra', { x: '6' }));
  await sync([]);
  rmSync(`${env.repo}/opts/extra.yaml`);
  env.write('opts/later.yaml', configMap('later', { a: '2' }, { 'argocd.argoproj.io/sync-wave': '5' }));
  const inWave = await sync([], { prune: true });
  assert.ok(inWave.writes.indexOf('DELETE /api/v1/namespaces/opts/configmaps/extra') < inWave.writes.indexOf('PATCH /api/v1/namespaces/opts/configmaps/later (apply)'), inWave.writes.join('\n'));
});

test('RespectIgnoreDifferences=true keeps the live value of an ignored field (replicas an HPA set); without it Git\'s value is written', async () => {
  env.write('opts/api.yaml', deployment('nginx:1.27'));
  await sync([]);
  assert.equal((await kubectl.run(['-n', 'opts', 'scale', 'deploy/api', '--replicas=3'])).code, 0);
  env.write('opts/api.yaml', deployment('nginx:1.28'));
  await sync(['RespectIgnoreDifferences=true']);
  const kept = await get('Deployment', 'api', 'apps');
  assert.equal((kept['spec'] as { replicas: number }).replicas, 3);
  assert.equal((kept['spec'] as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image, 'nginx:1.28');
  env.write('opts/api.yaml', deployment('nginx:1.29'));
  await sync([]);
  assert.equal(((await get('Deployment', 'api', 'apps'))['spec'] as { replicas: number }).replicas, 1);
});

