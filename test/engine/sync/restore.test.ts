// `plumb restore` (disaster recovery) end to end: an empty simulated cluster, a copy of the shop
// repository, restore with --yes, then `plumb diff --exit-code`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { restoreAll, restoreOrder } from '../../../src/engine/sync/restore.js';
import type { AppSpec, EngineProblem } from '../../../src/engine/types.js';
import { startSyncEnv, type SyncEnv } from './env.js';
import { plumbRunner } from '../../cli/redis-repo.js';

const app = (name: string, more: Partial<AppSpec> = {}): AppSpec =>
  ({ name, controller: 'flux', source: { type: 'directory', path: name }, destination: {}, ...more });

test('restoreOrder: foundation apps first, dependencies and parents first, stable by name, cycles warned', () => {
  const apps = [app('c'), app('b', { dependsOn: ['d'] }), app('a', { children: ['e'] }), app('d'), app('e'), app('ns')];
  assert.deepEqual(restoreOrder(apps, new Set(['ns'])).map((a) => a.name), ['ns', 'a', 'c', 'd', 'b', 'e']);
  const problems: EngineProblem[] = [];
  const cyc = restoreOrder([app('x', { dependsOn: ['y'] }), app('y', { dependsOn: ['x'] })], new Set(), problems);
  assert.deepEqual(cyc.map((a) => a.name), ['x', 'y']);
  assert.match(problems[0]!.message, /dependency cycle: syncing x before y/);
});

let env: SyncEnv;
before(async () => { env = await startSyncEnv(); });
after(async () => { await env.close(); });

const plumb = plumbRunner(() => env);

test('acceptance: restore the shop repository on a fresh cluster, then `plumb diff --exit-code` is 0', async () => {
  const r = await plumb('restore', '--yes', '--json');
  const j = JSON.parse(r.out) as { order: string[]; problems: EngineProblem[]; apps: Array<{ app: string; status: string; reason?: string; note?: string; created: unknown[] }> };
  const byApp = Object.fromEntries(j.apps.map((a) => [a.app, a]));
  // The bootstrap (Namespace argocd + Argo CD's CRDs) first, then the apps that bring Namespaces.
  assert.equal(j.order[0], 'argocd-bootstrap');
  assert.ok(j.order.indexOf('flux-system/infra') < j.order.indexOf('flux-system/platform')); // Flux dependsOn
  assert.ok(j.order.indexOf('root') < j.order.indexOf('storefront')); // app-of-apps parent first
  for (const a of ['argocd-bootstrap', 'flux-system/infra', 'flux-system/platform', 'redis', 'platform-local', 'root', 'platform', 'payments', 'storefront', 'tools-echo', 'tools-status-page']) {
    assert.equal(byApp[a]?.status, 'restored', `${a}: ${byApp[a]?.reason ?? ''}`);
  }
  assert.equal(byApp['payments']!.created.length, 6);
  assert.equal(byApp['root']!.created.length, 4); // 3 Applications and the ApplicationSet
  // The app of apps created Application argocd/payments, but no Argo CD runs: Plumb applied it, and says so.
  assert.match(byApp['payments']!.note ?? '', /^Argo CD app applied directly by Plumb \(bootstrap: Application argocd\/payments exists but no controller has reconciled it\)/);
  assert.match(byApp['flux-system/infra']!.note ?? '', /^Flux app applied directly by Plumb \(bootstrap: no Flux object for it in the cluster\)/);
  assert.equal(byApp['redis']!.note, undefined);
  // The only app not restored: its chart is in a Helm repository, which Plumb does not fetch.
  assert.equal(byApp['flux-system/podinfo']!.status, 'skipped');
  assert.match(byApp['flux-system/podinfo']!.reason ?? '', /^remote source: chart "podinfo"/);
  assert.equal(r.code, 1, 'not everything was restored (podinfo)');
  // Application kinds were not served before the bootstrap: expected, so not reported.
  assert.deepEqual(j.problems.filter((p) => p.severity === 'error'), []);
  // Acceptance: the whole repository diffs clean; podinfo is shown as not compared, not as drift.
  const all = await plumb('diff', '--exit-code');
  assert.equal(all.code, 0, all.out + all.err);
  assert.match(all.out, /flux-system\/podinfo {2}Unknown {2}Unknown\n {2}not compared: chart "podinfo" 6\.7\.1 from HelmRepository/);
  assert.doesNotMatch(all.out, /OutOfSync/);
});

test('restore leaves an app alone when its Argo CD Application has been reconciled by a running controller', async () => {
  // The Application exists from the restore above; a controller's status on it means Argo CD runs.
  await env.client.patch({ group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'storefront' },
    { status: { reconciledAt: '2026-01-01T00:00:00Z', sync: { status: 'Synced' } } }, 'merge');
  const r = await restoreAll({ repoRoot: env.repo, client: env.client, signal: env.signal, dryRun: true });
  const sf = r.apps.find((a) => a.app === 'storefront')!;
  assert.equal(sf.status, 'skipped');
  assert.match(sf.reason ?? '', /owned by Application argocd\/storefront, which its controller reconciles: the controller restores it/);
  assert.equal(r.apps.find((a) => a.app === 'payments')!.status, 'restored');
});
