// The kube client against the test server: CRUD, server-side apply and its dry-run, discovery
// (aggregated and legacy), OpenAPI schemas, error messages (401, 403, unreachable), retries.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createKubeClient, type KubeClient } from '../../../src/engine/kube/client.js';
import { KubeError } from '../../../src/engine/kube/errors.js';
import type { ClusterConfig } from '../../../src/engine/kube/kubeconfig.js';
import type { KubeObject } from '../../../src/engine/types.js';
import { pathOf, queryOf, startKubeEnv, type KubeEnv } from './helpers.js';

const CM = { group: '', kind: 'ConfigMap' };

function deployment(name: string, replicas = 2, image = 'nginx:1.25'): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } } },
  };
}

async function rejects(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KubeError, `expected a KubeError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('kube client', { timeout: 60_000 }, () => {
  let env: KubeEnv;
  let config: ClusterConfig;
  let kc: KubeClient;

  before(async () => {
    env = await startKubeEnv();
    config = await env.config();
    kc = createKubeClient(config, { backoffMs: 20 });
  });
  after(async () => { kc?.close(); await env?.close(); });

  it('creates, gets, lists (paged), patches and deletes', async () => {
    const created = await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' }, data: { a: '1' } });
    assert.equal(created.metadata?.namespace, 'default', 'namespace defaults to the context namespace');
    assert.ok(created.metadata?.['uid']);
    const got = await kc.get({ ...CM, namespace: 'default', name: 'c1' });
    assert.deepEqual(got['data'], { a: '1' });
    assert.equal(got.kind, 'ConfigMap');

    for (let i = 0; i < 7; i++) await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, namespace: 'default', labels: { paged: 'yes' } } });
    const mark = env.tc.requestLog.length;
    const l = await kc.list(CM, { namespace: 'default', labelSelector: 'paged=yes', limit: 3 });
    assert.deepEqual(l.items.map((o) => o.metadata?.name), Array.from({ length: 7 }, (_, i) => `page-${i}`));
    assert.ok(l.items.every((o) => o.kind === 'ConfigMap' && o.apiVersion === 'v1'), 'list items get kind and apiVersion');
    assert.match(l.resourceVersion, /^\d+$/);
    const pages = env.tc.requestLog.slice(mark).filter((e) => pathOf(e.path) === '/api/v1/namespaces/default/configmaps');
    assert.equal(pages.length, 3, 'three pages of 3');
    assert.ok(queryOf(pages[1]!.path).get('continue'));

    const patched = await kc.patch({ ...CM, namespace: 'default', name: 'c1' }, { data: { b: '2' } }, 'merge');
    assert.deepEqual(patched['data'], { a: '1', b: '2' });
    const del = await kc.delete({ ...CM, namespace: 'default', name: 'c1' });
    assert.equal(del.kind, 'Status');
    const e = await rejects(kc.get({ ...CM, namespace: 'default', name: 'c1' }));
    assert.equal(e.code, 404);
    assert.equal(e.reason, 'NotFound');
    assert.match(e.message, /configmaps "c1" not found/);
    assert.equal(e.details?.name, 'c1');
  });

  it('server-side apply: dry-run returns the predicted object and persists nothing', async () => {
    const mark = env.tc.requestLog.length;
    const predicted = await kc.apply(deployment('web'), { dryRun: true, force: true });
    assert.equal(predicted.kind, 'Deployment');
    const spec = predicted['spec'] as { strategy?: { type?: string }; replicas?: number };
    assert.equal(spec.strategy?.type, 'RollingUpdate', 'server defaults are in the prediction');
    assert.equal(predicted.metadata?.managedFields?.[0]?.manager, 'plumb');
    const req = env.tc.requestLog.slice(mark).find((e) => e.method === 'PATCH')!;
    assert.equal(req.contentType, 'application/apply-patch+yaml');
    const q = queryOf(req.path);
    assert.equal(q.get('dryRun'), 'All');
    assert.equal(q.get('fieldManager'), 'plumb');
    assert.equal(q.get('force'), 'true');
    assert.equal((await rejects(kc.get({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'web' }))).code, 404, 'nothing persisted');

    const applied = await kc.apply(deployment('web'));
    const rv = applied.metadata?.['resourceVersion'];
    const dry = await kc.apply(deployment('web', 5), { dryRun: true, force: true });
    assert.equal((dry['spec'] as { replicas: number }).replicas, 5);
    const live = await kc.get({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'web' });
    assert.equal((live['spec'] as { replicas: number }).replicas, 2, 'the dry-run changed nothing');
    assert.equal(live.metadata?.['resourceVersion'], rv);
  });

  it('apply conflicts are 409 with causes; force takes over', async () => {
    await kc.apply(deployment('conflicted', 2), { fieldManager: 'other' });
    const e = await rejects(kc.apply(deployment('conflicted', 3)));
    assert.equal(e.code, 409);
    assert.equal(e.reason, 'Conflict');
    assert.ok(e.details?.causes?.some((c) => c.field === '.spec.replicas'), JSON.stringify(e.details));
    const forced = await kc.apply(deployment('conflicted', 3), { force: true });
    assert.equal((forced['spec'] as { replicas: number }).replicas, 3);
  });

  it('422 Invalid keeps the causes', async () => {
    await kc.apply(deployment('immutable'));
    const changed = deployment('immutable');
    (changed['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { app: 'other' } };
    ((changed['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels) = { app: 'other' };
    const e = await rejects(kc.apply(changed, { dryRun: true, force: true }));
    assert.equal(e.code, 422);
    assert.equal(e.reason, 'Invalid');
    assert.ok(e.details?.causes?.some((c) => c.field === 'spec.selector'), JSON.stringify(e.details));
  });

  it('resolves kinds through discovery, and refreshes discovery for a new CRD', async () => {
    const r = await kc.resourceFor({ group: 'apps', kind: 'Deployment' });
    assert.deepEqual([r.resource, r.version, r.namespaced], ['deployments', 'v1', true]);
    assert.ok(r.subresources.includes('scale'));
    assert.equal(kc.discovery.mode, 'aggregated');
    const ns = await kc.resourceFor({ group: '', kind: 'Namespace' });
    assert.equal(ns.namespaced, false);
    const unknown = await rejects(kc.resourceFor({ group: 'example.com', kind: 'Widget' }));
    assert.equal(unknown.reason, 'UnknownKind');
    assert.match(unknown.message, /does not serve kind Widget\.example\.com .*CustomResourceDefinition/);

    await kc.apply({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: {
          items: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'], items: { type: 'object', properties: { id: { type: 'string' } } } },
        } } } } } }],
      },
    });
    await new Promise((r) => setTimeout(r, 2100)); // discovery refreshes at most every 2 s
    const w = await kc.resourceFor({ group: 'example.com', kind: 'Widget' });
    assert.equal(w.resource, 'widgets');
    const created = await kc.apply({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { items: [{ id: 'a' }] } });
    assert.equal(created.metadata?.namespace, 'default');

    const schema = await kc.openapi.schemaFor({ group: 'example.com', version: 'v1', kind: 'Widget' });
    const items = ((schema?.['properties'] as Record<string, { properties?: Record<string, Record<string, unknown>> }>)['spec']!.properties!)['items']!;
    assert.equal(items['x-kubernetes-list-type'], 'map');
    assert.deepEqual(items['x-kubernetes-list-map-keys'], ['id']);
  });

  it('OpenAPI: the component schema of a kind with $refs resolved, documents cached by hash', async () => {
    const mark = env.tc.requestLog.length;
    const s = await kc.openapi.schemaFor({ group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(s);
    const props = s['properties'] as Record<string, Record<string, unknown>>;
    const spec = props['spec']!;
    const specProps = (spec['properties'] ?? ((spec['allOf'] as Array<Record<string, unknown>>)[0]!['properties'])) as Record<string, Record<string, unknown>>;
    const template = specProps['template']!;
    const tplProps = (template['properties'] ?? (template['allOf'] as Array<Record<string, unknown>>)[0]!['properties']) as Record<string, Record<string, unknown>>;
    const podSpec = tplProps['spec']!;
    const podProps = (podSpec['properties'] ?? (podSpec['allOf'] as Array<Record<string, unknown>>)[0]!['properties']) as Record<string, Record<string, unknown>>;
    assert.equal(podProps['containers']!['x-kubernetes-list-type'], 'map');
    assert.deepEqual(podProps['containers']!['x-kubernetes-list-map-keys'], ['name']);
    const container = podProps['containers']!['items'] as Record<string, unknown>;
    assert.ok((container['properties'] as Record<string, unknown>)['ports'], 'the container schema is resolved, not a $ref');
    assert.ok(!JSON.stringify(podProps['containers']).includes('$ref'));

    await kc.openapi.schemaFor({ group: 'apps', version: 'v1', kind: 'StatefulSet' });
    const docGets = env.tc.requestLog.slice(mark).filter((e) => pathOf(e.path) === '/openapi/v3/apis/apps/v1');
    assert.equal(docGets.length, 1, 'one fetch of apis/apps/v1 for two kinds');
    assert.equal(await kc.openapi.schemaFor({ group: 'apps', version: 'v1', kind: 'NoSuchKind' }), undefined);
  });

  it('legacy discovery when the server offers no aggregated discovery', async () => {
    env.tc.setOptions({ discovery: 'legacy' });
    try {
      const c = createKubeClient(config);
      const r = await c.resourceFor({ group: 'apps', kind: 'Deployment' });
      assert.equal(c.discovery.mode, 'legacy');
      assert.deepEqual([r.resource, r.namespaced], ['deployments', true]);
      assert.ok(r.subresources.includes('status'));
      const hpa = await c.resourceFor({ group: 'autoscaling', kind: 'HorizontalPodAutoscaler' });
      assert.equal(hpa.version, 'v2', 'the preferred version');
      c.close();
    } finally {
      env.tc.setOptions({ discovery: 'both' });
    }
  });

  it('401: names the context', async () => {
    const bad = createKubeClient({ ...config, credentials: { token: 'wrong' } });
    const e = await rejects(bad.list(CM, { namespace: 'default' }));
    assert.equal(e.code, 401);
    assert.equal(e.message, 'the cluster rejected the credentials of context "plumb-test" (401 Unauthorized)');
    assert.ok(!e.message.includes('wrong'), 'no token in the message');
    bad.close();
  });

  it('403: names the verb and resource', async () => {
    const rc = createKubeClient(await env.config('restricted'));
    const e = await rejects(rc.list({ group: '', kind: 'Secret' }, { namespace: 'default' }));
    assert.equal(e.code, 403);
    assert.match(e.message, /^forbidden: context "plumb-test" may not list secrets in namespace "default": /);
    assert.match(e.message, /cannot list resource "secrets"/);
    rc.close();
  });

  it('429 with Retry-After: waits and retries', async () => {
    const path = '/api/v1/namespaces/default/configmaps/throttled';
    await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'throttled' } });
    env.tc.faults.add({ match: { method: 'GET', path }, action: { type: 'throttle', retryAfterSeconds: 1 }, nth: 1 });
    const mark = env.tc.requestLog.length;
    const t0 = Date.now();
    const o = await kc.get({ ...CM, namespace: 'default', name: 'throttled' });
    const ms = Date.now() - t0;
    assert.equal(o.metadata?.name, 'throttled');
    assert.deepEqual(env.tc.requestLog.slice(mark).filter((e) => pathOf(e.path) === path).map((e) => e.status), [429, 200]);
    assert.ok(ms >= 950, `waited for Retry-After (${ms} ms)`);
  });

  it('500 and dropped connections: safe requests are retried', async () => {
    const path = '/api/v1/namespaces/default/configmaps/flaky';
    await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flaky' } });
    env.tc.faults.add({ match: { method: 'GET', path }, action: { type: 'error', code: 500 }, times: 2 });
    const mark = env.tc.requestLog.length;
    await kc.get({ ...CM, namespace: 'default', name: 'flaky' });
    assert.deepEqual(env.tc.requestLog.slice(mark).filter((e) => pathOf(e.path) === path).map((e) => e.status), [500, 500, 200]);

    env.tc.faults.add({ match: { method: 'GET', path }, action: { type: 'drop' }, times: 1 });
    assert.equal((await kc.get({ ...CM, namespace: 'default', name: 'flaky' })).metadata?.name, 'flaky');

    // SSA is idempotent: retried too.
    env.tc.faults.add({ match: { method: 'PATCH', path }, action: { type: 'error', code: 503 }, times: 1 });
    await kc.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flaky' }, data: { x: '1' } });
  });

  it('never retries a create or a merge patch after a 500', async () => {
    const coll = '/api/v1/namespaces/default/configmaps';
    env.tc.faults.add({ match: { method: 'POST', path: coll }, action: { type: 'error', code: 500 }, times: 1 });
    const mark = env.tc.requestLog.length;
    const e = await rejects(kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'once' } }));
    assert.equal(e.code, 500);
    assert.match(e.message, /^the cluster at https:\/\/127\.0\.0\.1:\d+ \(context "plumb-test"\) failed to create configmaps "once" in namespace "default": /);
    assert.equal(env.tc.requestLog.slice(mark).filter((x) => x.method === 'POST').length, 1);
    env.tc.faults.add({ match: { method: 'PATCH', path: `${coll}/flaky` }, action: { type: 'error', code: 500 }, times: 1 });
    assert.equal((await rejects(kc.patch({ ...CM, namespace: 'default', name: 'flaky' }, { data: { y: '1' } }, 'merge'))).code, 500);
  });

  it('an unreachable cluster gives a clear message fast', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
    });
    const c = createKubeClient({ ...config, server: `https://127.0.0.1:${port}` });
    const t0 = Date.now();
    const e = await rejects(c.list(CM));
    assert.equal(e.message, `cannot reach the cluster at https://127.0.0.1:${port} (context "plumb-test"): connection refused`);
    assert.equal(e.reason, 'Unreachable');
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    c.close();
  });

  it('a wrong CA is a TLS error naming the cluster', async () => {
    const c = createKubeClient({ ...config, caPem: undefined });
    const e = await rejects(c.list(CM));
    assert.match(e.message, /^cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+ \(context "plumb-test"\): TLS error: /);
    c.close();
  });

  it('AbortSignal cancels a request, and closing the client ends its watches', async () => {
    const ac = new AbortController();
    env.tc.faults.add({ match: { method: 'GET', path: '/api/v1/namespaces/default/configmaps/slow' }, action: { type: 'delay', ms: 2000 }, times: 1 });
    const t0 = Date.now();
    const p = kc.get({ ...CM, namespace: 'default', name: 'slow' }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const e = await rejects(p);
    assert.equal(e.reason, 'Aborted');
    assert.ok(Date.now() - t0 < 1000);

    const ac2 = new AbortController();
    const c = createKubeClient(config, { signal: ac2.signal });
    const w = await c.watch(CM, { namespace: 'default', resourceVersion: '0' });
    const seen: string[] = [];
    const done = (async () => { for await (const ev of w) if (ev.type === 'ADDED') seen.push(ev.object.metadata!.name!); })();
    await new Promise((r) => setTimeout(r, 100));
    ac2.abort();
    await done;
    assert.ok(seen.length > 0);
  });

  it('watch: events with resourceVersion bookkeeping; a too old resourceVersion is EXPIRED', async () => {
    const l = await kc.list(CM, { namespace: 'default' });
    const w = await kc.watch(CM, { namespace: 'default', resourceVersion: l.resourceVersion });
    const it = w[Symbol.asyncIterator]();
    const created = await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' } });
    const ev = (await it.next()).value as { type: string; object: KubeObject };
    assert.equal(ev.type, 'ADDED');
    assert.equal(ev.object.metadata?.name, 'watched');
    assert.equal(ev.object.kind, 'ConfigMap');
    assert.equal(w.resourceVersion, created.metadata?.['resourceVersion']);
    w.close();

    env.tc.compactHistory();
    const old = await kc.watch(CM, { namespace: 'default', resourceVersion: l.resourceVersion });
    const evs = [];
    for await (const e of old) evs.push(e);
    assert.deepEqual(evs.map((e) => e.type), ['EXPIRED']);
  });
});
