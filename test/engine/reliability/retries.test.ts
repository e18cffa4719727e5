// Reads and idempotent applies survive 500 / 503 / 429 (waiting for Retry-After) / timeouts /
// dropped connections; writes that are not idempotent are repeated only after a 429 (the server
// did not act on them). Against the test server's fault injection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKubeClient, type KubeClient } from '../../../src/engine/kube/client.js';
import type { RequestLogEntry } from '../../cluster/server.js';
import { startKubeEnv, type KubeEnv } from '../kube/helpers.js';

const CM = { group: '', kind: 'ConfigMap' };
const NS_PATH = '/api/v1/namespaces/default/configmaps';
const pathOnly = (p: string) => p.split('?')[0]!;

describe('retries under injected faults', { timeout: 60_000 }, () => {
  let env: KubeEnv;
  let kc: KubeClient;
  const since = (mark: number, path: string, method?: string): RequestLogEntry[] =>
    env.tc.requestLog.slice(mark).filter((e) => pathOnly(e.path) === path && (!method || e.method === method));

  before(async () => {
    env = await startKubeEnv();
    kc = createKubeClient(await env.config(), { backoffMs: 100, timeoutMs: 400 });
    for (let i = 0; i < 7; i++) await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' } });
  });
  after(async () => { kc.close(); await env.close(); });

  it('a paged list survives a 500 on its second page and a 429 with Retry-After on its third', async () => {
    env.tc.faults.add({ match: { method: 'GET', path: NS_PATH }, action: { type: 'error', code: 500 }, nth: 2 });
    env.tc.faults.add({ match: { method: 'GET', path: NS_PATH }, action: { type: 'throttle', retryAfterSeconds: 1 }, nth: 4 });
    const mark = env.tc.requestLog.length;
    const t0 = Date.now();
    const l = await kc.list(CM, { namespace: 'default', limit: 3 });
    const ms = Date.now() - t0;
    assert.deepEqual(l.items.map((o) => o.metadata?.name).filter((n) => n?.startsWith('cm-')), ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6']);
    assert.deepEqual(since(mark, NS_PATH).map((e) => e.status), [200, 500, 200, 429, 200]);
    // Retry-After: 1 was honoured (not the 100 ms backoff).
    const log = since(mark, NS_PATH);
    assert.ok(log[4]!.at! - log[3]!.at! >= 950, `waited ${log[4]!.at! - log[3]!.at!} ms after the 429`);
    assert.ok(ms >= 950, `${ms} ms`);
  });

  it('backoff grows between attempts (500, 500, 500, then ok)', async () => {
    const path = `${NS_PATH}/cm-0`;
    env.tc.faults.add({ match: { method: 'GET', path }, action: { type: 'error', code: 500 }, times: 3 });
    const mark = env.tc.requestLog.length;
    await kc.get({ ...CM, namespace: 'default', name: 'cm-0' });
    const at = since(mark, path).map((e) => e.at!);
    assert.equal(at.length, 4);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // 100 ms doubling, each step jittered to [half, full]: [50,100], [100,200], [200,400] ms.
    assert.ok(gaps[0]! >= 45 && gaps[2]! >= 195, `gaps ${gaps.join(', ')}`);
    assert.ok(gaps[2]! > gaps[0]!, `gaps ${gaps.join(', ')}`);
  });

  it('a timed-out read is sent again', async () => {
    const path = `${NS_PATH}/cm-1`;
    env.tc.faults.add({ match: { method: 'GET', path }, action: { type: 'delay', ms: 1500 }, times: 1 });
    const mark = env.tc.requestLog.length;
    const t0 = Date.now();
    const o = await kc.get({ ...CM, namespace: 'default', name: 'cm-1' });
    assert.equal(o.metadata?.name, 'cm-1');
    assert.ok(Date.now() - t0 < 1400, `did not wait for the slow answer (${Date.now() - t0} ms)`);
    assert.equal(since(mark, path).length, 2);
  });

  it('server-side apply is retried after 503, a dropped connection, a timeout and a 429', async () => {
    const path = `${NS_PATH}/applied`;
    env.tc.faults.add({ match: { method: 'PATCH', path }, action: { type: 'error', code: 503 }, nth: 1 });
    env.tc.faults.add({ match: { method: 'PATCH', path }, action: { type: 'drop' }, nth: 2 });
    env.tc.faults.add({ match: { method: 'PATCH', path }, action: { type: 'delay', ms: 1000 }, nth: 3 });
    env.tc.faults.add({ match: { method: 'PATCH', path }, action: { type: 'throttle', retryAfterSeconds: 0 }, nth: 4 });
    const mark = env.tc.requestLog.length;
    const o = await kc.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: 'default' }, data: { k: 'v' } });
    assert.equal((o['data'] as Record<string, string>)['k'], 'v');
    assert.equal(since(mark, path, 'PATCH').length, 5);
    const live = await kc.get({ ...CM, namespace: 'default', name: 'applied' });
    assert.deepEqual(live['data'], { k: 'v' });
    assert.deepEqual(live.metadata?.managedFields?.map((m) => m.manager), ['plumb']);
  });

  it('a create is repeated after a 429 (not acted on), never after a 500 or a timeout (it may have been)', async () => {
    env.tc.faults.add({ match: { method: 'POST', path: NS_PATH }, action: { type: 'throttle', retryAfterSeconds: 0 }, nth: 1 });
    const mark = env.tc.requestLog.length;
    await kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'created-after-429', namespace: 'default' } });
    assert.deepEqual(since(mark, NS_PATH, 'POST').map((e) => e.status), [429, 201]);

    env.tc.faults.add({ match: { method: 'POST', path: NS_PATH }, action: { type: 'delay', ms: 800 }, nth: 1 });
    const mark2 = env.tc.requestLog.length;
    await assert.rejects(kc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slow-create', namespace: 'default' } }),
      (e: Error) => /timed out/.test(e.message));
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(since(mark2, NS_PATH, 'POST').length, 1);
  });

  it('gives up after the attempts allowed with the last answer, naming the resource', async () => {
    const path = `${NS_PATH}/cm-2`;
    env.tc.faults.add({ match: { method: 'GET', path }, action: { type: 'error', code: 503 }, times: 10 });
    await assert.rejects(kc.get({ ...CM, namespace: 'default', name: 'cm-2' }),
      (e: Error) => /failed to get configmaps "cm-2" in namespace "default"/.test(e.message));
    env.tc.faults.clear();
  });
});
