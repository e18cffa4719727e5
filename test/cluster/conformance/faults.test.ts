// Fault injection through the control endpoint (issue 3): 500, 429 + Retry-After, latency, dropped
// connections and watches, 410 on watch, 409 — asserted as a client sees them (kubectl retries
// some of these by itself).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import type { FaultRule } from '../faults/types.js';
import {
  CM_YAML, api, describeLog, expectCode, expectLine, kubeConfig, openWatch, pathOf, queryOf, setup, waitUntil, withTimeout, type Env,
} from './helpers.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const F1 = `${CMS}/f1`;

describe('fault injection', { timeout: 120_000 }, () => {
  let env: Env;
  const addFault = async (rule: FaultRule): Promise<string> => {
    const r = await api(env.tc, 'POST', '/_plumb/faults', { body: rule });
    assert.equal(r.status, 201, r.text);
    const id = (r.json as { id?: unknown }).id;
    assert.equal(typeof id, 'string', r.text);
    return id as string;
  };
  const clearFaults = async () => { assert.equal((await api(env.tc, 'DELETE', '/_plumb/faults')).status, 200); };
  const hits = (m: ReturnType<Env['mark']>, method: string, path: string) =>
    env.since(m).filter((e) => e.method === method && pathOf(e) === path);

  before(async () => {
    env = await setup({
      simulate: false,
      faults: [{ match: { method: 'GET', path: `${CMS}/at-start` }, action: { type: 'error', code: 503 }, times: 1 }],
    });
    env.write('f1.yaml', CM_YAML.replace('name: c1', 'name: f1'));
    env.write('f1-v2.yaml', CM_YAML.replace('name: c1', 'name: f1').replace('a: "1"', 'a: "2"'));
    expectCode(await env.kubectl('apply', '-f', 'f1.yaml'), 0, 'create f1');
  });
  after(async () => { await env?.close(); });

  it('faults given at start fire (once, with times: 1)', async () => {
    const r1 = await api(env.tc, 'GET', `${CMS}/at-start`);
    assert.equal(r1.status, 503, r1.text);
    assert.equal((r1.json as { kind?: string }).kind, 'Status');
    const r2 = await api(env.tc, 'GET', `${CMS}/at-start`);
    assert.equal(r2.status, 404, r2.text);
  });

  it('the control endpoint lists, removes and clears rules', async () => {
    const id = await addFault({ match: { path: '/never-matches' }, action: { type: 'error', code: 500 } });
    const list = await api(env.tc, 'GET', '/_plumb/faults');
    assert.equal(list.status, 200);
    const rules = (list.json as { rules: Array<{ id?: string }> }).rules;
    assert.ok(rules.some((r) => r.id === id), list.text);
    assert.equal((await api(env.tc, 'DELETE', `/_plumb/faults?id=${id}`)).status, 200);
    const after = (await api(env.tc, 'GET', '/_plumb/faults')).json as { rules: Array<{ id?: string }> };
    assert.ok(!after.rules.some((r) => r.id === id));
    const reqs = await api(env.tc, 'GET', '/_plumb/requests?last=3');
    assert.equal(reqs.status, 200);
    assert.ok(Array.isArray((reqs.json as { requests?: unknown }).requests));
  });

  it('500 on the Nth request: kubectl fails that one call only, without retrying', async () => {
    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'error', code: 500 }, nth: 2 });
    const m = env.mark();
    expectCode(await env.kubectl('get', 'cm', 'f1'), 0, '1st get');
    const r = await env.kubectl('get', 'cm', 'f1');
    expectCode(r, 1, '2nd get');
    expectLine(r.stderr, /^Error from server \(InternalError\): /);
    expectCode(await env.kubectl('get', 'cm', 'f1'), 0, '3rd get');
    assert.deepEqual(hits(m, 'GET', F1).map((e) => e.status), [200, 500, 200], describeLog(env.since(m)));
    await clearFaults();
  });

  it('500 reaches client-node as an ApiException with code 500', async () => {
    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'error', code: 500 }, times: 1 });
    const core = kubeConfig(env.tc).makeApiClient(k8s.CoreV1Api);
    await assert.rejects(core.readNamespacedConfigMap({ name: 'f1', namespace: 'default' }), (e: unknown) => (e as { code?: number }).code === 500);
    const ok = await core.readNamespacedConfigMap({ name: 'f1', namespace: 'default' });
    assert.equal(ok.metadata?.name, 'f1');
    await clearFaults();
  });

  it('429 with Retry-After: the raw response, and kubectl waits and retries', async () => {
    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'throttle', retryAfterSeconds: 1 }, times: 1 });
    const raw = await api(env.tc, 'GET', F1);
    assert.equal(raw.status, 429);
    assert.equal(raw.headers['retry-after'], '1');
    assert.equal((raw.json as { reason?: string }).reason, 'TooManyRequests');
    assert.equal((raw.json as { code?: number }).code, 429);

    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'throttle', retryAfterSeconds: 1 }, times: 1 });
    const m = env.mark();
    const t0 = Date.now();
    const r = await env.kubectl('get', 'cm', 'f1', '-o', 'name');
    expectCode(r, 0);
    assert.equal(r.stdout.trim(), 'configmap/f1');
    assert.ok(Date.now() - t0 >= 900, 'kubectl did not honour Retry-After');
    assert.deepEqual(hits(m, 'GET', F1).map((e) => e.status), [429, 200]);
    await clearFaults();
  });

  it('added latency delays the answer', async () => {
    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'delay', ms: 400 }, times: 1 });
    const t0 = Date.now();
    const r = await api(env.tc, 'GET', F1);
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 390, `answered after ${Date.now() - t0} ms`);
    const t1 = Date.now();
    assert.equal((await api(env.tc, 'GET', F1)).status, 200);
    assert.ok(Date.now() - t1 < 390, 'the delay applied twice although times: 1');
    await clearFaults();
  });

  it('a dropped connection: the raw request fails, kubectl GET retries it', async () => {
    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'drop' }, times: 1 });
    await assert.rejects(api(env.tc, 'GET', F1), /socket hang up|ECONNRESET/);
    await addFault({ match: { method: 'GET', path: F1 }, action: { type: 'drop' }, times: 1 });
    const m = env.mark();
    const r = await env.kubectl('get', 'cm', 'f1', '-o', 'name');
    expectCode(r, 0);
    assert.equal(r.stdout.trim(), 'configmap/f1');
    assert.ok(hits(m, 'GET', F1).length >= 2, describeLog(env.since(m)));
    await clearFaults();
  });

  it('409 on a PATCH: kubectl apply refreshes and retries, kubectl label reports the conflict', async () => {
    await addFault({ match: { method: 'PATCH', path: F1 }, action: { type: 'error', code: 409 }, times: 1 });
    let m = env.mark();
    const a = await env.kubectl('apply', '-f', 'f1-v2.yaml');
    expectCode(a, 0);
    expectLine(a.stdout, 'configmap/f1 configured');
    assert.deepEqual(hits(m, 'PATCH', F1).map((e) => e.status), [409, 200]);

    await addFault({ match: { method: 'PATCH', path: F1 }, action: { type: 'error', code: 409 }, times: 1 });
    m = env.mark();
    const l = await env.kubectl('label', 'cm', 'f1', 'x=y');
    expectCode(l, 1);
    expectLine(l.stderr, /^Error from server \(Conflict\): /);
    assert.deepEqual(hits(m, 'PATCH', F1).map((e) => e.status), [409]);
    await clearFaults();
  });

  it('a dropped watch: the client-node informer resumes from its resourceVersion', async () => {
    const kc = kubeConfig(env.tc);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, CMS, () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const adds: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => adds.push(o.metadata?.name ?? ''));
    informer.on('error', (e) => errors.push(e));
    const m = env.mark();
    await withTimeout(informer.start(), 5000, 'informer.start() (it resolves once the watch answers with headers)');
    try {
      await waitUntil(() => adds.includes('f1'), 'the initial list');
      await waitUntil(() => env.since(m).some((e) => pathOf(e) === CMS && queryOf(e).get('watch') === 'true'), 'the first watch');
      assert.equal((await api(env.tc, 'POST', '/_plumb/drop-watches')).status, 200);
      await waitUntil(() => env.since(m).filter((e) => pathOf(e) === CMS && queryOf(e).get('watch') === 'true').length >= 2, 'a second watch');
      assert.equal((await api(env.tc, 'POST', CMS, { body: { metadata: { name: 'after-drop' } } })).status, 201);
      await waitUntil(() => adds.includes('after-drop'), 'add after the reconnect');
      const watches = env.since(m).filter((e) => pathOf(e) === CMS && queryOf(e).get('watch') === 'true');
      assert.match(queryOf(watches[1]!).get('resourceVersion') ?? '', /^\d+$/, 'the reconnect did not resume from a resourceVersion');
      const lists = env.since(m).filter((e) => pathOf(e) === CMS && e.method === 'GET' && queryOf(e).get('watch') !== 'true');
      assert.equal(lists.length, 1, `a dropped watch must not force a re-list:\n${describeLog(env.since(m))}`);
      assert.equal(adds.filter((n) => n === 'f1').length, 1, 'f1 added twice');
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
    }
  });

  it('410 on watch: the informer re-lists and keeps going', async () => {
    await addFault({ match: { path: CMS, watch: true }, action: { type: 'expire' }, times: 1 });
    const kc = kubeConfig(env.tc);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, CMS, () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const adds: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => adds.push(o.metadata?.name ?? ''));
    informer.on('error', (e) => errors.push(e));
    const m = env.mark();
    await withTimeout(informer.start(), 5000, 'informer.start() (it resolves once the watch answers with headers)');
    try {
      const lists = () => env.since(m).filter((e) => pathOf(e) === CMS && e.method === 'GET' && queryOf(e).get('watch') !== 'true');
      await waitUntil(() => lists().length >= 2, `a re-list after 410:\n${describeLog(env.since(m))}`);
      await waitUntil(() => env.since(m).filter((e) => pathOf(e) === CMS && queryOf(e).get('watch') === 'true').length >= 2, 'a watch after the re-list');
      assert.equal((await api(env.tc, 'POST', CMS, { body: { metadata: { name: 'after-410' } } })).status, 201);
      await waitUntil(() => adds.includes('after-410'), 'add after the re-list');
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
      await clearFaults();
    }
  });

  it('410 Gone for a watch from a compacted resourceVersion', async () => {
    const old = env.tc.cluster.store.resourceVersion;
    assert.equal((await api(env.tc, 'POST', CMS, { body: { metadata: { name: 'before-compact' } } })).status, 201);
    const c = await api(env.tc, 'POST', '/_plumb/compact');
    assert.equal(c.status, 200);
    const w = await openWatch(env.tc, `${CMS}?watch=true&resourceVersion=${old}`);
    assert.equal(w.status, 200);
    await w.ended;
    assert.equal(w.events.length, 1, JSON.stringify(w.events));
    const ev = w.events[0]!;
    assert.equal(ev.type, 'ERROR');
    assert.equal(ev.object['kind'], 'Status');
    assert.equal(ev.object['code'], 410);
    assert.equal(ev.object['reason'], 'Expired');
    assert.match(String(ev.object['message']), new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  });
});
