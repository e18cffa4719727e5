// LiveCache against the test server: initial sync, events, resuming after dropped watches from the
// last resourceVersion (no relist), relisting after 410, a forbidden kind next to working ones,
// namespace-restricted watching, and an unreachable cluster.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LiveCache, type CacheChange } from '../../../src/engine/kube/cache.js';
import { createKubeClient, type KubeClient } from '../../../src/engine/kube/client.js';
import type { ClusterConfig } from '../../../src/engine/kube/kubeconfig.js';
import { pathOf, queryOf, startKubeEnv, waitFor, type KubeEnv } from './helpers.js';

const CM = { group: '', kind: 'ConfigMap' };
const SECRET = { group: '', kind: 'Secret' };
const DEPLOY = { group: 'apps', kind: 'Deployment' };
const CMS = '/api/v1/configmaps';

const cm = (name: string, ns = 'default', data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });

describe('LiveCache', { timeout: 60_000 }, () => {
  let env: KubeEnv;
  let config: ClusterConfig;
  let kc: KubeClient;

  before(async () => {
    env = await startKubeEnv();
    config = await env.config();
    kc = createKubeClient(config);
    await kc.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    for (let i = 0; i < 5; i++) await kc.create(cm(`pre-${i}`));
    await kc.create(cm('elsewhere', 'other'));
  });
  after(async () => { kc?.close(); await env?.close(); });

  it('syncs only the kinds asked for, then follows changes', async () => {
    const cache = new LiveCache(kc);
    const changes: CacheChange[] = [];
    cache.onChange((c) => changes.push(c));
    const mark = env.tc.requestLog.length;
    await cache.watchKinds([CM, DEPLOY]);
    assert.equal(cache.state(CM)?.state, 'synced');
    assert.equal(cache.state(DEPLOY)?.state, 'synced');
    assert.equal(cache.state(CM)?.version, 'v1');
    assert.equal(cache.list(CM, 'default').filter((o) => o.metadata?.name?.startsWith('pre-')).length, 5);
    assert.deepEqual(cache.list(CM, 'other').map((o) => o.metadata?.name).sort(), ['elsewhere', 'kube-root-ca.crt']);
    const o = cache.get({ ...CM, namespace: 'default', name: 'pre-0' });
    assert.equal(o?.kind, 'ConfigMap');
    assert.equal(o?.apiVersion, 'v1');
    assert.ok(changes.some((c) => c.type === 'resync' && c.kind === 'ConfigMap' && c.reason === 'initial'));
    const paths = new Set(env.tc.requestLog.slice(mark).filter((e) => e.path.startsWith('/api/v1/') || e.path.startsWith('/apis/apps')).map((e) => pathOf(e.path)));
    assert.deepEqual([...paths].sort(), ['/api/v1/configmaps', '/apis/apps/v1/deployments'], 'no other kinds are listed or watched');

    await kc.create(cm('live-1'));
    await waitFor('ADDED live-1', () => cache.get({ ...CM, namespace: 'default', name: 'live-1' }));
    await kc.patch({ ...CM, namespace: 'default', name: 'live-1' }, { data: { a: '2' } }, 'merge');
    await waitFor('MODIFIED live-1', () => (cache.get({ ...CM, namespace: 'default', name: 'live-1' })?.['data'] as { a: string }).a === '2');
    await kc.delete({ ...CM, namespace: 'default', name: 'live-1' });
    await waitFor('DELETED live-1', () => !cache.get({ ...CM, namespace: 'default', name: 'live-1' }));
    const kinds = changes.filter((c) => c.type !== 'state' && c.type !== 'resync' && 'object' in c && c.object.metadata?.name === 'live-1').map((c) => c.type);
    assert.deepEqual(kinds, ['added', 'modified', 'deleted']);
    cache.close();
  });

  it('resumes from the last resourceVersion after dropped watches, without listing again', async () => {
    const cache = new LiveCache(kc, { backoffMs: 20 });
    await cache.watchKinds([CM]);
    await kc.create(cm('before-drop'));
    await waitFor('before-drop', () => cache.get({ ...CM, namespace: 'default', name: 'before-drop' }));
    const mark = env.tc.requestLog.length;
    env.tc.dropWatches();
    await kc.create(cm('after-drop'));
    await waitFor('after-drop', () => cache.get({ ...CM, namespace: 'default', name: 'after-drop' }));
    const reqs = env.tc.requestLog.slice(mark).filter((e) => pathOf(e.path) === CMS);
    assert.ok(reqs.length >= 1);
    for (const r of reqs) {
      const q = queryOf(r.path);
      assert.equal(q.get('watch'), 'true', 'no relist');
      assert.match(q.get('resourceVersion') ?? '', /^\d+$/, 'resumed from a resourceVersion');
    }
    assert.equal(cache.state(CM)?.state, 'synced');
    cache.close();
  });

  it('lists again after 410 Gone and emits a resync; changes made in the gap are seen', async () => {
    const cache = new LiveCache(kc, { backoffMs: 20 });
    const changes: CacheChange[] = [];
    cache.onChange((c) => changes.push(c));
    await cache.watchKinds([CM]);
    await kc.create(cm('gap-delete'));
    await waitFor('gap-delete', () => cache.get({ ...CM, namespace: 'default', name: 'gap-delete' }));
    // Change the store in-process, synchronously right after dropping the watches: the cache
    // cannot have reconnected yet, so these changes fall into a real gap.
    const mark = env.tc.requestLog.length;
    const cmType = env.tc.cluster.registry.find('', 'v1', 'configmaps')!;
    env.tc.dropWatches();
    env.tc.cluster.delete(cmType, 'default', 'gap-delete', {});
    env.tc.cluster.create(cmType, 'default', cm('gap-create'), { manager: 'test' });
    env.tc.compactHistory();
    await waitFor('resync after 410', () => changes.some((c) => c.type === 'resync' && c.reason === 'expired')).catch((e: unknown) => {
      console.log(env.tc.requestLog.slice(mark).map((x) => `${x.method} ${x.path} ${x.status}`));
      throw e;
    });
    assert.ok(cache.get({ ...CM, namespace: 'default', name: 'gap-create' }));
    assert.equal(cache.get({ ...CM, namespace: 'default', name: 'gap-delete' }), undefined, 'deleted during the gap');
    const reqs = env.tc.requestLog.slice(mark).filter((e) => pathOf(e.path) === CMS).map((e) => (queryOf(e.path).get('watch') ? 'watch' : 'list'));
    assert.deepEqual(reqs.slice(0, 3), ['watch', 'list', 'watch']);
    await waitFor('synced', () => cache.state(CM)?.state === 'synced');
    // And it keeps following.
    await kc.create(cm('after-relist'));
    await waitFor('after-relist', () => cache.get({ ...CM, namespace: 'default', name: 'after-relist' }));
    cache.close();
  });

  it('a 403 on one kind marks it forbidden and the others keep going', async () => {
    await kc.create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'jane-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
    });
    const rc = createKubeClient(await env.config('restricted'));
    const cache = new LiveCache(rc, { backoffMs: 20 });
    await cache.watchKinds([CM, SECRET, DEPLOY]);
    assert.equal(cache.state(SECRET)?.state, 'forbidden');
    assert.equal(cache.state(CM)?.state, 'synced');
    assert.equal(cache.state(DEPLOY)?.state, 'synced');
    const problems = cache.problems();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^live state of Secret is unavailable: forbidden: context "plumb-test" may not list secrets: .*User "jane" cannot list resource "secrets"/);
    await kc.create(cm('seen-by-jane'));
    await waitFor('seen-by-jane', () => cache.get({ ...CM, namespace: 'default', name: 'seen-by-jane' }));
    assert.equal(cache.list(SECRET).length, 0);
    cache.close();
    rc.close();
  });

  it('restricted to namespaces: one list+watch per namespace', async () => {
    const cache = new LiveCache(kc, { namespaces: ['other'] });
    const mark = env.tc.requestLog.length;
    await cache.watchKinds([CM, { group: '', kind: 'Namespace' }]);
    assert.deepEqual(cache.list(CM).map((o) => o.metadata?.namespace).filter((ns) => ns !== 'other'), []);
    assert.ok(cache.get({ ...CM, namespace: 'other', name: 'elsewhere' }));
    assert.ok(cache.list({ group: '', kind: 'Namespace' }).some((o) => o.metadata?.name === 'default'), 'cluster-scoped kinds are watched cluster-wide');
    assert.ok(cache.get({ group: '', kind: 'Namespace', name: 'other' }));
    assert.ok(env.tc.requestLog.slice(mark).some((e) => pathOf(e.path) === '/api/v1/namespaces/other/configmaps'));
    cache.close();
  });

  it('an unknown kind is an error state naming the kind', async () => {
    const cache = new LiveCache(kc, { backoffMs: 20 });
    await cache.watchKinds([{ group: 'example.com', kind: 'Gadget' }, CM]);
    assert.equal(cache.state({ group: 'example.com', kind: 'Gadget' })?.state, 'error');
    assert.match(cache.problems()[0]!.message, /live state of Gadget\.example\.com is unavailable: .*does not serve kind Gadget\.example\.com/);
    assert.equal(cache.state(CM)?.state, 'synced');
    cache.close();
  });

  it('an unreachable cluster: error state with the clear message, fast', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = require('node:net').createServer();
      s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    });
    const c = createKubeClient({ ...config, server: `https://127.0.0.1:${port}` });
    const cache = new LiveCache(c, { backoffMs: 50 });
    const t0 = Date.now();
    await cache.watchKinds([CM]);
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.equal(cache.state(CM)?.state, 'error');
    assert.equal(cache.problems()[0]!.message, `live state of ConfigMap is unavailable: cannot reach the cluster at https://127.0.0.1:${port} (context "plumb-test"): connection refused`);
    cache.close();
    c.close();
  });

  it('a dropped watch that cannot reconnect is "reconnecting" and recovers', async () => {
    const cache = new LiveCache(kc, { backoffMs: 20, maxBackoffMs: 50 });
    await cache.watchKinds([CM]);
    env.tc.faults.add({ match: { path: CMS, watch: true }, action: { type: 'error', code: 503 }, times: 30 });
    const states: string[] = [];
    cache.onChange((c) => { if (c.type === 'state') states.push(c.status.state); });
    env.tc.dropWatches();
    await waitFor('reconnecting', () => cache.state(CM)?.state === 'reconnecting');
    assert.equal(cache.problems()[0]?.severity, 'warning');
    await kc.create(cm('after-outage'));
    await waitFor('after-outage', () => cache.get({ ...CM, namespace: 'default', name: 'after-outage' }), 10_000);
    assert.equal(cache.state(CM)?.state, 'synced');
    assert.deepEqual(states.slice(-2), ['reconnecting', 'synced']);
    cache.close();
  });
});
