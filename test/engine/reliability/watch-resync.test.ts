// The live cache after dropped and expired (410) watches: it says "reconnecting" while what it
// holds may be stale, lists again, and the status pipeline never shows a stale verdict as
// current (resources of a kind that is not synced are Unknown, and so is the app).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LiveCache, type CacheChange } from '../../../src/engine/kube/cache.js';
import { kindsOf, renderWorkspace, statusFromCache, type AppResult, type RenderedWorkspace } from '../../../src/engine/status/app-status.js';
import { trackingIdFor, PLUMB_TRACKING_ANNOTATION } from '../../../src/engine/kube/tracking.js';
import { waitFor } from '../kube/helpers.js';
import { startRelEnv, type RelEnv } from './harness.js';

const DEPLOY = { group: 'apps', kind: 'Deployment' };
const DEPLOY_PATH = '/apis/apps/v1/deployments';
const WEB = { ...DEPLOY, namespace: 'shop', name: 'web' };

describe('live cache resynchronisation', { timeout: 90_000 }, () => {
  let env: RelEnv;
  let ws: RenderedWorkspace;
  const signal = new AbortController().signal;
  const status = async (cache: LiveCache): Promise<AppResult> =>
    (await statusFromCache(ws, cache, { repoRoot: env.repo, signal, client: env.client })).apps[0]!;

  before(async () => {
    env = await startRelEnv();
    const r = await env.plumb(['sync', 'storefront', '--yes']);
    assert.equal(r.code, 0, r.out + r.err);
    ws = await renderWorkspace({ repoRoot: env.repo, signal, apps: ['storefront'] });
  });
  after(async () => { await env.close(); });

  it('a watch that cannot be re-established: reconnecting, its resources Unknown (not the stale Synced), then current again', async () => {
    const cache = new LiveCache(env.client, { backoffMs: 20, maxBackoffMs: 100 });
    await cache.watchKinds(kindsOf(ws));
    assert.equal((await status(cache)).sync, 'Synced');
    // The API server is unreachable for Deployments (every watch and list of them fails) …
    const fault = env.tc.faults.add({ match: { method: 'GET', path: DEPLOY_PATH }, action: { type: 'drop' } });
    env.tc.dropWatches();
    await waitFor('reconnecting', () => cache.state(DEPLOY)?.state === 'reconnecting');
    // … while someone changes the image: the cache cannot know, so it must not say Synced.
    await env.client.patch(WEB, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:drifted' }] } } } }, 'strategic', { fieldManager: 'kubectl-set' });
    const during = await status(cache);
    assert.equal(during.sync, 'Unknown');
    assert.equal(during.resources.find((r) => r.kind === 'Deployment')?.status, 'Unknown');
    assert.equal(during.resources.find((r) => r.kind === 'Service')?.status, 'Synced'); // other kinds are still current
    const problems = cache.problems();
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'warning');
    assert.match(problems[0]!.message, /^live state of Deployment\.apps may be out of date \(reconnecting\)/);
    // The server is back: the cache catches up (resuming from its resourceVersion) and the drift shows.
    env.tc.faults.remove(fault);
    await waitFor('synced', () => cache.state(DEPLOY)?.state === 'synced', 10_000);
    await waitFor('the drifted image', () => JSON.stringify(cache.get(WEB)).includes('nginx:drifted'), 10_000);
    const afterwards = await status(cache);
    assert.equal(afterwards.sync, 'OutOfSync');
    assert.deepEqual(afterwards.resources.find((r) => r.kind === 'Deployment')?.drift.map((d) => [d.path, d.manager]),
      [['spec.template.spec.containers[name=web].image', 'kubectl-set']]);
    cache.close();
    assert.equal((await env.plumb(['sync', 'storefront', '--yes'])).code, 0);
  });

  for (const how of ['compacted history', 'an injected 410 ERROR event'] as const) {
    it(`410 Gone on resume (${how}): reconnecting while listing again, a resync, changes made in the gap are seen`, async () => {
      const cache = new LiveCache(env.client, { backoffMs: 20, maxBackoffMs: 100 });
      try {
        await cache.watchKinds(kindsOf(ws));
        const changes: CacheChange[] = [];
        cache.onChange((c) => { if (c.type !== 'added' && c.type !== 'modified' && c.type !== 'deleted') changes.push(c); });
        // The list that follows the 410 is slow, so "reconnecting" lasts a while; status meanwhile is Unknown.
        env.tc.faults.add({ match: { method: 'GET', path: DEPLOY_PATH, watch: false }, action: { type: 'delay', ms: 700 }, times: 1 });
        if (how === 'an injected 410 ERROR event') {
          env.tc.faults.add({ match: { method: 'GET', path: DEPLOY_PATH, watch: true }, action: { type: 'expire' }, nth: 1 });
        } else {
          // The resume arrives after the change and the compaction: its resourceVersion is then too old.
          env.tc.faults.add({ match: { method: 'GET', path: DEPLOY_PATH, watch: true }, action: { type: 'delay', ms: 300 }, nth: 1 });
        }
        env.tc.dropWatches();
        await env.client.patch(WEB, { metadata: { labels: { gap: String(how.length) } } }, 'merge', { fieldManager: 'kubectl-label' });
        if (how === 'compacted history') env.tc.compactHistory();
        await waitFor('reconnecting', () => cache.state(DEPLOY)?.state === 'reconnecting', 10_000);
        assert.equal((await status(cache)).resources.find((r) => r.kind === 'Deployment')?.status, 'Unknown');
        await waitFor('synced', () => cache.state(DEPLOY)?.state === 'synced', 10_000);
        assert.equal(cache.get(WEB)?.metadata?.labels?.['gap'], String(how.length));
        const seq = changes.filter((c) => c.kind === 'Deployment')
          .map((c) => (c.type === 'state' ? c.status.state : c.type === 'resync' ? `resync:${c.reason}` : c.type));
        assert.deepEqual(seq, ['reconnecting', 'resync:expired', 'synced'], seq.join(' '));
      } finally {
        env.tc.faults.clear();
        cache.close();
      }
    });
  }

  it('an object that left Git (Extra) is not reported from a stale cache either', async () => {
    const extra = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'old-web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'old-web' } }, template: { metadata: { labels: { app: 'old-web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    extra.metadata = { ...extra.metadata, annotations: { [PLUMB_TRACKING_ANNOTATION]: trackingIdFor('storefront', extra) } } as typeof extra.metadata;
    await env.client.apply(extra, { fieldManager: 'plumb' });
    const cache = new LiveCache(env.client, { backoffMs: 20, maxBackoffMs: 100 });
    try {
      await cache.watchKinds(kindsOf(ws));
      assert.equal((await status(cache)).resources.find((r) => r.name === 'old-web')?.status, 'Extra');
      env.tc.faults.add({ match: { method: 'GET', path: DEPLOY_PATH }, action: { type: 'drop' } });
      env.tc.dropWatches();
      await waitFor('reconnecting', () => cache.state(DEPLOY)?.state === 'reconnecting');
      const during = await status(cache);
      assert.equal(during.resources.find((r) => r.name === 'old-web'), undefined);
      assert.equal(during.sync, 'Unknown');
    } finally {
      env.tc.faults.clear();
      cache.close();
      await env.client.delete({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'old-web' });
    }
  });
});
