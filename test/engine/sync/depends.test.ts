// Flux dependsOn between the apps of one `plumb sync` run: dependencies first (and Ready) before
// the apps that need them; a dependency that fails holds its dependents back, with the reason.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { blockedBy, dependencyOrder } from '../../../src/engine/sync/depends.js';
import type { AppSpec } from '../../../src/engine/types.js';
import { startSyncEnv, type SyncEnv } from './env.js';
import { plumbRunner } from '../../cli/redis-repo.js';

const app = (name: string, more: Partial<AppSpec> = {}): AppSpec =>
  ({ name, controller: 'flux', source: { type: 'directory', path: name }, destination: {}, ...more });

test('dependencyOrder: dependsOn targets first whatever the names; blockedBy names the first dependency that did not sync', () => {
  const apps = [app('a', { dependsOn: ['z'] }), app('m'), app('z', { dependsOn: ['y'] }), app('y')];
  assert.deepEqual(dependencyOrder(apps).map((a) => a.name), ['m', 'y', 'z', 'a']);
  assert.equal(blockedBy(apps[0]!, new Map([['z', 'failed to sync (Failed)']])), 'depends on z, which failed to sync (Failed)');
  assert.equal(blockedBy(apps[0]!, new Map([['m', 'failed']])), undefined);
});

let env: SyncEnv;
before(async () => { env = await startSyncEnv(); });
after(async () => { await env.close(); });

const plumb = plumbRunner(() => env);

const exists = async (kind: string, group: string, namespace: string | undefined, name: string) => {
  try { await env.client.get({ group, kind, namespace, name }); return true; } catch { return false; }
};

interface SyncJson { reports: Array<{ app: string; status: string }>; skipped: Array<{ app: string; reason: string }> }

test('a dependency that fails: its dependent is skipped with the reason and nothing of it is written', async () => {
  // The API server refuses Redis' StatefulSet: flux-system/infra fails.
  env.tc.faults.add({ id: 'sts', match: { method: 'PATCH', path: '/apis/apps/v1/namespaces/infra/statefulsets/redis' }, action: { type: 'error', code: 409, message: 'injected conflict' } });
  try {
    // Named dependent-first on purpose: the run orders them.
    const r = await plumb('sync', 'flux-system/platform', 'flux-system/infra', '--yes', '--json');
    assert.equal(r.code, 1, r.err);
    const j = JSON.parse(r.out) as SyncJson;
    assert.deepEqual(j.reports.map((x) => [x.app, x.status]), [['flux-system/infra', 'Failed']]);
    assert.deepEqual(j.skipped, [{ app: 'flux-system/platform', reason: 'depends on flux-system/infra, which failed to sync (Failed)' }]);
    assert.equal(await exists('CronJob', 'batch', 'platform', 'nightly-report'), false);
    assert.equal(await exists('Namespace', '', undefined, 'platform'), false);
  } finally {
    env.tc.faults.remove('sts');
  }
});

test('a dependency outside the run is named in a warning', async () => {
  const r = await plumb('sync', 'flux-system/platform', '--dry-run');
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /warning: \[flux-system\/platform\] depends on flux-system\/infra, which this run does not sync: its readiness is not checked/);
});

test('dependencies first, waited for until Ready, then the apps that depend on them', async () => {
  const r = await plumb('sync', 'flux-system/platform', 'flux-system/infra', '--yes');
  assert.equal(r.code, 0, r.out + r.err);
  const infraDone = r.out.indexOf('[flux-system/infra] sync Succeeded');
  const ready = r.out.indexOf('[flux-system/infra] waiting until Ready');
  const platformStart = r.out.indexOf('[flux-system/platform] Sync wave');
  assert.ok(infraDone >= 0 && ready > infraDone && platformStart > ready, r.out);
  assert.equal(await exists('CronJob', 'batch', 'platform', 'nightly-report'), true);
  // The StatefulSet was Ready before platform started: its rollout is complete now.
  const sts = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  assert.equal((sts['status'] as { readyReplicas?: number }).readyReplicas, 1);
});
