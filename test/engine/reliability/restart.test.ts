// The API server goes away in the middle of `plumb sync --prune` (closed, state kept on disk) and
// comes back on the same port: the interrupted run fails with a message, a re-run finishes the
// sync, and nothing that should stay was pruned (neither Git's objects nor a hand-made one).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getOrNone, startRelEnv, type RelEnv } from './harness.js';

const APPS = ['storefront', 'payments', 'platform'];
const pathOnly = (p: string) => p.split('?')[0]!;

describe('the cluster restarts mid-sync', { timeout: 120_000 }, () => {
  let env: RelEnv;
  before(async () => { env = await startRelEnv({ persist: true }); });
  after(async () => { await env.close(); });

  it('a re-run after the restart finishes the sync; only what left Git is pruned', async () => {
    const first = await env.plumb(['sync', ...APPS, '--yes']);
    assert.equal(first.code, 0, first.out + first.err);
    const handMade = { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'hand-made' };
    await env.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hand-made', namespace: 'shop' }, data: { k: 'v' } }, { fieldManager: 'kubectl-create' });
    const oldConfig = (await env.client.list({ group: '', kind: 'ConfigMap' }, { namespace: 'shop' })).items.find((o) => o.metadata?.name?.startsWith('web-config-'))!.metadata!.name!;

    // Git changes: a new generated ConfigMap (the old one leaves Git), more replicas for payments.
    env.edit('apps/storefront/overlays/prod/kustomization.yaml', (s) => s.replace('CDN_URL=https://cdn.example.com', 'CDN_URL=https://cdn2.example.com'));
    env.edit('charts/payments/values-prod.yaml', (s) => s.replace('replicaCount: 2', 'replicaCount: 4'));

    // Stop the server as soon as the first real write reached it.
    const mark = env.tc.requestLog.length;
    const log = env.tc.requestLog;
    const running = env.plumb(['sync', ...APPS, '--yes', '--prune']);
    let stopped = false;
    for (let i = 0; i < 3000 && !stopped; i++) {
      if (log.slice(mark).some((e) => (e.method === 'PATCH' || e.method === 'POST' || e.method === 'DELETE') && !/dryRun=All/.test(e.path))) {
        await env.stopCluster();
        stopped = true;
      } else await new Promise((res) => setTimeout(res, 5));
    }
    assert.ok(stopped, 'a write was sent');
    const written = log.slice(mark).filter((e) => e.method !== 'GET' && !/dryRun=All/.test(e.path)).map((e) => `${e.method} ${pathOnly(e.path)}`);
    const interrupted = await running;
    assert.notEqual(interrupted.code, 0, interrupted.out);
    assert.match(interrupted.err, /cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+ \(context "plumb-test"\): connection refused/);
    assert.ok(written.length >= 1 && written.length < 10, written.join('\n'));

    await env.restartCluster();
    const rerun = await env.plumb(['sync', ...APPS, '--yes', '--prune']);
    assert.equal(rerun.code, 0, rerun.out + rerun.err);
    const diff = await env.plumb(['diff', '--exit-code', ...APPS]);
    assert.equal(diff.code, 0, diff.out + diff.err);

    // What should stay stayed; what left Git is gone.
    assert.ok(await getOrNone(env.client, handMade), 'the hand-made ConfigMap is kept');
    for (const ns of ['shop', 'payments', 'platform']) assert.ok(await getOrNone(env.client, { group: '', kind: 'Namespace', name: ns }), `namespace ${ns}`);
    assert.equal(await getOrNone(env.client, { group: '', kind: 'ConfigMap', namespace: 'shop', name: oldConfig }), undefined);
    const payments = await env.client.get({ group: 'apps', kind: 'Deployment', namespace: 'payments', name: 'payments' });
    assert.equal((payments['spec'] as { replicas: number }).replicas, 4);
    const pruned = rerun.out.split('\n').filter((l) => /\bpruned\b/.test(l));
    assert.deepEqual(pruned.map((l) => l.trim().replace(/\s+/g, ' ')), [`[storefront] pruned ConfigMap/shop/${oldConfig}`]);
  });
});
