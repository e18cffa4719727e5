// `plumb sync` end to end through main(), against the simulated test cluster.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import type { CliIO } from '../../../src/cli/command.js';
import { startSyncEnv, writesIn, type SyncEnv } from './env.js';
import type { KubeObject } from '../../../src/engine/types.js';

let env: SyncEnv;
before(async () => {
  env = await startSyncEnv();
  await env.namespace('infra');
});
after(async () => { await env.close(); });

async function plumb(...argv: string[]): Promise<{ code: number; out: string; err: string; writes: number }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: env.repo,
    env: { HOME: env.repo, KUBECONFIG: env.kubeconfig }, signal: new AbortController().signal,
  };
  const mark = env.tc.requestLog.length;
  const code = await main(argv, io);
  return { code, out, err, writes: writesIn(env.tc.requestLog.slice(mark)).length };
}

const serviceExists = async () => {
  try { await env.client.get({ group: '', kind: 'Service', namespace: 'infra', name: 'redis' }); return true; } catch { return false; }
};

test('--dry-run prints the plan and writes nothing', async () => {
  assert.ok(process.stdin.isTTY !== true, 'these tests expect a non-TTY stdin');
  const r = await plumb('sync', 'redis', '--dry-run');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Sync plan for redis/);
  assert.match(r.out, /create\s+apps\/StatefulSet\/infra\/redis/);
  assert.equal(r.writes, 0);
});

test('a non-TTY without --yes exits 2 with "pass --yes to apply" and writes nothing', async () => {
  const r = await plumb('sync', 'redis');
  assert.equal(r.code, 2);
  assert.match(r.err, /pass --yes to apply/);
  assert.equal(r.writes, 0);
  assert.equal(await serviceExists(), false);
});

test('--yes applies with progress lines; status is Synced afterwards', async () => {
  const r = await plumb('sync', 'redis', '--yes');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\[redis\]\s+applied\s+StatefulSet\.apps\/infra\/redis/);
  assert.match(r.out, /\[redis\] sync Succeeded/);
  const s = await plumb('status', 'redis', '--json');
  assert.equal((JSON.parse(s.out) as { apps: Array<{ sync: string }> }).apps[0]!.sync, 'Synced');
});

test('an object that left Git: kept without --prune, deleted with --prune --yes', async () => {
  env.edit('infra/kustomization.yaml', (s) => s.replace('  - redis-service.yaml\n', ''));
  const kept = await plumb('sync', 'redis', '--yes');
  assert.equal(kept.code, 0, kept.err);
  assert.match(kept.out, /skip\s+Service\/infra\/redis\s+ignored \(requires pruning\)/);
  assert.equal(await serviceExists(), true);
  const pruned = await plumb('sync', 'redis', '--prune', '--yes', '--json');
  assert.equal(pruned.code, 0, pruned.err);
  const j = JSON.parse(pruned.out) as { reports: Array<{ status: string; steps: Array<{ result: string; ref: { kind: string } }> }> };
  assert.equal(j.reports[0]!.status, 'Succeeded');
  assert.equal(j.reports[0]!.steps.find((s) => s.ref.kind === 'Service')?.result, 'pruned');
  assert.equal(await serviceExists(), false);
  env.edit('infra/kustomization.yaml', (s) => s.replace('resources:\n', 'resources:\n  - redis-service.yaml\n'));
});

test('a failed sync (Degraded first wave) exits 1', async () => {
  env.addApp('broken', 'broken', 'broken');
  await env.namespace('broken');
  env.write('broken/bad.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad, annotations: {argocd.argoproj.io/sync-wave: "-1"}}
spec:
  replicas: 1
  progressDeadlineSeconds: 2
  selector: {matchLabels: {app: bad}}
  template:
    metadata: {labels: {app: bad}}
    spec: {containers: [{name: main, image: "nginx:broken"}]}
`);
  env.write('broken/later.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: later, annotations: {argocd.argoproj.io/sync-wave: "1"}}\ndata: {k: v}\n');
  const r = await plumb('sync', 'broken', '--yes');
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /sync Failed/);
  assert.match(r.err, /Degraded/);
});

test('an app owned by an Argo CD Application is synced by asking Argo CD, never by writing its objects', async () => {
  await env.client.apply({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'applications.argoproj.io' },
    spec: {
      group: 'argoproj.io', scope: 'Namespaced', names: { plural: 'applications', singular: 'application', kind: 'Application', listKind: 'ApplicationList' },
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  }, { fieldManager: 'test' });
  await env.namespace('argocd');
  for (let i = 0; ; i++) {
    try {
      await env.client.apply({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'redis', namespace: 'argocd' }, spec: {} }, { fieldManager: 'test' });
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((res) => setTimeout(res, 100)); // the CRD becomes served shortly after creation
    }
  }
  await env.client.delete({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  // --dry-run: says it would ask Argo CD, writes nothing.
  const dry = await plumb('sync', 'redis', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /redis: owned by Argo CD \(Application argocd\/redis\)/);
  assert.equal(dry.writes, 0);
  // --yes: Plumb sets the Application's sync operation and follows it; the test plays Argo CD.
  const running = plumb('sync', 'redis', '--yes');
  let app: KubeObject | undefined;
  for (let i = 0; i < 100; i++) {
    app = await env.client.get({ group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'redis' });
    if (app['operation']) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.deepEqual((app?.['operation'] as { initiatedBy?: unknown })?.initiatedBy, { username: 'plumb' });
  await env.client.patch({ group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'redis' },
    { operation: null, status: { sync: { status: 'Synced' }, operationState: { phase: 'Succeeded', message: 'successfully synced', startedAt: '2030-01-01T00:00:00Z', finishedAt: '2030-01-01T00:00:01Z', syncResult: { revision: 'abc123' } } } },
    'merge', { fieldManager: 'argocd-application-controller' });
  const r = await running;
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Argo CD sync Succeeded/);
  // Plumb wrote nothing but the Application's operation: the StatefulSet was not re-created by Plumb.
  await assert.rejects(env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' }));
});
