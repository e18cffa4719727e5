// Spec §6 T32 and T34: chunked lists, label/field selectors, all-namespaces tables, `get -w` with
// one-row Tables, and a client-node 1.4.0 informer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import {
  api, cells, describeLog, dig, expectCode, kubeConfig, lines, openWatch, pathOf, queryOf, row, setup,
  startKubectl, waitUntil, withTimeout, type Env,
} from './helpers.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function cmJson(i: number): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${i}`, labels: { tier: `t${i % 2}` } }, data: { i: String(i) } };
}

describe('list and watch (T32, T34)', { timeout: 120_000 }, () => {
  let env: Env;
  // No bootstrap: default holds exactly the five ConfigMaps of T32 (no kube-root-ca.crt).
  before(async () => { env = await setup({ simulate: false, bootstrap: false }); });
  after(async () => { await env?.close(); });

  it('T32 chunked list, selectors, -A and get -w', async () => {
    // Separate documents: kubectl never finds server-side field validation for `kind: List`.
    env.write('cms.json', [1, 2, 3, 4, 5].map((i) => JSON.stringify(cmJson(i))).join('\n'));
    expectCode(await env.kubectl('apply', '-f', 'cms.json'), 0, 'create cm1..cm5');

    let m = env.mark();
    const chunked = await env.kubectl('get', 'cm', '--chunk-size=2');
    expectCode(chunked, 0);
    const ls = lines(chunked.stdout);
    assert.deepEqual(cells(ls[0]!), ['NAME', 'DATA', 'AGE']);
    assert.equal(ls.filter((l) => l.startsWith('NAME')).length, 1, 'one table');
    assert.deepEqual(ls.slice(1).map((l) => cells(l)[0]), ['cm1', 'cm2', 'cm3', 'cm4', 'cm5']);
    assert.equal(row(chunked.stdout, 'cm1')?.[1], '1');
    const pages = env.since(m).filter((e) => e.method === 'GET' && pathOf(e) === CMS);
    assert.equal(pages.length, 3, describeLog(pages));
    assert.equal(queryOf(pages[0]!).get('limit'), '2');
    assert.equal(queryOf(pages[0]!).get('continue'), null);
    for (const p of pages.slice(1)) {
      assert.equal(queryOf(p).get('limit'), '2');
      assert.ok(queryOf(p).get('continue'), `no continue token on ${p.path}`);
    }

    const t1 = await env.kubectl('get', 'cm', '-l', 'tier=t1');
    expectCode(t1, 0);
    assert.deepEqual(lines(t1.stdout).slice(1).map((l) => cells(l)[0]), ['cm1', 'cm3', 'cm5']);
    const t0 = await env.kubectl('get', 'cm', '-l', 'tier in (t0)', '-o', 'name');
    expectCode(t0, 0);
    assert.deepEqual(lines(t0.stdout), ['configmap/cm2', 'configmap/cm4']);
    const byName = await env.kubectl('get', 'cm', '--field-selector', 'metadata.name=cm3', '-o', 'name');
    expectCode(byName, 0);
    assert.deepEqual(lines(byName.stdout), ['configmap/cm3']);
    const all = await env.kubectl('get', 'cm', '-A');
    expectCode(all, 0);
    assert.deepEqual(cells(lines(all.stdout)[0]!), ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    assert.deepEqual(row(all.stdout, 'cm3', 1)?.slice(0, 3), ['default', 'cm3', '1']);

    m = env.mark();
    const w = startKubectl(env.k, ['get', 'cm', '-w']);
    try {
      await waitUntil(() => env.since(m).some((e) => pathOf(e) === CMS && queryOf(e).get('watch') === 'true'), 'kubectl get -w to watch', 15_000);
      await waitUntil(() => lines(w.stdout()).length >= 6, 'the initial table');
      const del = await api(env.tc, 'DELETE', `${CMS}/cm5`);
      assert.equal(del.status, 200, del.text);
      await waitUntil(() => lines(w.stdout()).filter((l) => cells(l)[0] === 'cm5').length >= 2, `a cm5 row after the delete:\n${w.stdout()}`);
    } finally {
      w.kill();
      await w.done;
    }
    const out = lines(w.stdout());
    assert.equal(out.filter((l) => l.startsWith('NAME')).length, 1, `a second header appeared mid-stream:\n${w.stdout()}`);
    const watchReq = env.since(m).find((e) => pathOf(e) === CMS && queryOf(e).get('watch') === 'true');
    assert.match(watchReq?.accept ?? '', /as=Table/, 'kubectl get -w watches with the Table Accept');
    assert.equal(cells(out[0]!)[0], 'NAME');
  });

  it('T32 a watch under the Table Accept streams one-row Tables, column definitions only first', async () => {
    const rv = String(env.tc.cluster.store.resourceVersion);
    for (const name of ['tw1', 'tw2']) {
      const r = await api(env.tc, 'POST', CMS, { body: { metadata: { name } } });
      assert.equal(r.status, 201, r.text);
    }
    const w = await openWatch(env.tc, `${CMS}?watch=true&resourceVersion=${rv}`, { accept: TABLE_ACCEPT });
    try {
      assert.equal(w.status, 200);
      const evs = await w.waitFor(2);
      assert.deepEqual(evs.slice(0, 2).map((e) => e.type), ['ADDED', 'ADDED']);
      const [first, second] = evs as [typeof evs[0], typeof evs[0]];
      assert.equal(first.object['kind'], 'Table');
      assert.ok(Array.isArray(first.object['columnDefinitions']) && (first.object['columnDefinitions'] as unknown[]).length > 0, JSON.stringify(first.object));
      assert.equal((first.object['rows'] as unknown[]).length, 1);
      assert.equal(dig(first.object, 'rows', 0, 'object', 'kind'), 'PartialObjectMetadata');
      assert.equal(dig(first.object, 'rows', 0, 'object', 'metadata', 'name'), 'tw1');
      const cd = second.object['columnDefinitions'];
      assert.ok(cd === undefined || cd === null || (Array.isArray(cd) && cd.length === 0), `later events repeat columnDefinitions: ${JSON.stringify(cd)}`);
      assert.equal(dig(second.object, 'rows', 0, 'object', 'metadata', 'name'), 'tw2');
    } finally {
      w.close();
    }
  });

  it('a watch answers with its headers at once, before any event', async () => {
    // kubectl wait/delete and client-node's informer.start() block until the watch response starts.
    const rv = env.tc.cluster.store.resourceVersion;
    const t0 = Date.now();
    const w = await withTimeout(openWatch(env.tc, `${CMS}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=60`), 2000, 'watch response headers');
    try {
      assert.equal(w.status, 200);
      assert.ok(Date.now() - t0 < 2000);
    } finally {
      w.close();
    }
  });

  it('T34 client-node informer sees add, update and delete', async () => {
    const kc = kubeConfig(env.tc);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, CMS, () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const events: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => events.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => events.push(`update ${o.metadata?.name} ${o.data?.['k'] ?? ''}`));
    informer.on('delete', (o) => events.push(`delete ${o.metadata?.name}`));
    informer.on('error', (e) => errors.push(e));
    await withTimeout(informer.start(), 5000, 'informer.start() (it resolves once the watch answers with headers)');
    try {
      await waitUntil(() => events.includes('add cm1'), 'add for an existing object');
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf1' }, data: { k: 'v1' } } });
      await waitUntil(() => events.includes('add inf1'), `add for a new object (${events.join(', ')})`);
      await core.patchNamespacedConfigMap({ name: 'inf1', namespace: 'default', body: { data: { k: 'v2' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await waitUntil(() => events.includes('update inf1 v2'), `update after a merge patch (${events.join(', ')})`);
      await core.deleteNamespacedConfigMap({ name: 'inf1', namespace: 'default' });
      await waitUntil(() => events.includes('delete inf1'), `delete (${events.join(', ')})`);
      assert.deepEqual(errors, []);
      // The informer's watch resumed from the list's resourceVersion (no second list).
      const lists = env.tc.requestLog.filter((e) => pathOf(e) === CMS && e.method === 'GET' && /node-fetch/.test(e.userAgent ?? ''));
      assert.equal(lists.filter((e) => queryOf(e).get('watch') !== 'true').length, 1, describeLog(lists));
      const watch = lists.find((e) => queryOf(e).get('watch') === 'true');
      assert.match(queryOf(watch!).get('resourceVersion') ?? '', /^\d+$/);
    } finally {
      await informer.stop();
    }
  });

  it('client-node: list items of built-ins carry no kind; writes without fieldManager belong to node-fetch', async () => {
    const kc = kubeConfig(env.tc);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    assert.equal(list.kind, 'ConfigMapList');
    assert.ok(list.items.length > 0);
    assert.equal(list.items[0]!.kind, undefined);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cn1' }, data: { a: '1' } } });
    assert.equal(created.kind, 'ConfigMap');
    assert.equal(created.apiVersion, 'v1');
    assert.equal(created.metadata?.managedFields?.[0]?.manager, 'node-fetch');
    const o = k8s.KubernetesObjectApi.makeApiClient(kc);
    const read = await o.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cn1', namespace: 'default' } });
    assert.equal(read.metadata?.uid, created.metadata?.uid);
    const applied = await o.patch(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cn2', namespace: 'default' }, data: { b: '2' } } as k8s.KubernetesObject,
      undefined, undefined, 'plumb-test', true, k8s.PatchStrategy.ServerSideApply);
    assert.equal(applied.metadata?.managedFields?.find((e) => e.manager === 'plumb-test')?.operation, 'Apply');
    await assert.rejects(core.readNamespacedConfigMap({ name: 'absent', namespace: 'default' }),
      (e: unknown) => (e as { code?: number }).code === 404);
  });
});
