// 409 Conflict during `plumb sync`: the object is read again and applied once more; a second
// conflict is reported naming the object. Either way, fields another manager (a controller) owns
// and Git does not set are never lost (apply sends only Git's fields; no update with a stale copy
// is sent). Fields an interactive kubectl added are drift (drift-contract rule 4): sync removes them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../src/engine/types.js';
import { startRelEnv, type RelEnv } from './harness.js';

const WEB = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };
const WEB_PATH = '/apis/apps/v1/namespaces/shop/deployments/web';
const pathOnly = (p: string) => p.split('?')[0]!;

describe('conflicts during sync', { timeout: 90_000 }, () => {
  let env: RelEnv;

  /**
   * A controller's own fields (Git sets none of them: never drift, never removed) and a drifted
   * image (Git sets it: Git wins), so the sync has to write.
   */
  async function foreignEdits(value: string): Promise<void> {
    await env.client.patch(WEB, {
      metadata: { annotations: { 'team.example/owner': value }, labels: { 'cost-center': value } },
      spec: { template: { spec: { containers: [{ name: 'web', image: `nginx:${value}`, env: [{ name: 'FOREIGN', value }] }] } } },
    }, 'strategic', { fieldManager: 'cost-controller' });
  }
  const foreignFields = (o: KubeObject) => {
    const c = ((o['spec'] as { template: { spec: { containers: Array<{ name: string; image: string; env?: Array<{ name: string; value: string }> }> } } }).template.spec.containers)[0]!;
    return { owner: o.metadata?.annotations?.['team.example/owner'], cost: o.metadata?.labels?.['cost-center'], env: c.env?.find((e) => e.name === 'FOREIGN')?.value, image: c.image };
  };
  const gitImage = async () => {
    await env.plumb(['sync', 'storefront', '--yes']);
    return foreignFields(await env.client.get(WEB)).image;
  };

  before(async () => {
    env = await startRelEnv();
    const r = await env.plumb(['sync', 'storefront', '--yes']);
    assert.equal(r.code, 0, r.out + r.err);
  });
  after(async () => { await env.close(); });

  it('one 409 on the apply: read again, applied once more; the foreign fields are intact, Git wins its own', async () => {
    const image = await gitImage();
    await foreignEdits('a');
    // The 1st PATCH is the plan's server-side dry-run (faults cannot match on the query): fail the real apply.
    env.tc.faults.add({ match: { method: 'PATCH', path: WEB_PATH }, action: { type: 'error', code: 409 }, nth: 2, times: 1 });
    const mark = env.tc.requestLog.length;
    const r = await env.plumb(['sync', 'storefront', '--yes']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /applied\s+Deployment\.apps\/shop\/web/);
    const onWeb = env.tc.requestLog.slice(mark).filter((e) => pathOnly(e.path) === WEB_PATH && !/dryRun=All/.test(e.path));
    const writes = onWeb.filter((e) => e.method !== 'GET');
    assert.deepEqual(writes.map((e) => `${e.method} ${e.status}`), ['PATCH 409', 'PATCH 200']);
    assert.ok(writes.every((e) => e.contentType === 'application/apply-patch+yaml'), 'only server-side applies, never an update');
    // The re-read happened between the two applies.
    const i409 = onWeb.findIndex((e) => e.status === 409);
    assert.equal(onWeb[i409 + 1]?.method, 'GET');
    assert.deepEqual(foreignFields(await env.client.get(WEB)), { owner: 'a', cost: 'a', env: 'a', image });
  });

  it('a second 409: the sync fails naming the object; nothing of the foreign manager is lost; a re-run finishes', async () => {
    const image = await gitImage();
    await foreignEdits('b');
    env.tc.faults.add({ match: { method: 'PATCH', path: WEB_PATH }, action: { type: 'error', code: 409 }, nth: 2, times: 2 });
    const r = await env.plumb(['sync', 'storefront', '--yes']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /failed\s+Deployment\.apps\/shop\/web/);
    assert.match(r.err, /error: \[storefront\] Deployment shop\/web: Deployment shop\/web: conflict on apply, still after reading it again and retrying once: /);
    assert.deepEqual(foreignFields(await env.client.get(WEB)), { owner: 'b', cost: 'b', env: 'b', image: 'nginx:b' });
    const again = await env.plumb(['sync', 'storefront', '--yes']);
    assert.equal(again.code, 0, again.out + again.err);
    assert.deepEqual(foreignFields(await env.client.get(WEB)), { owner: 'b', cost: 'b', env: 'b', image });
  });

  it('a foreign write that lands while the apply is in flight is kept', async () => {
    const image = await gitImage();
    await foreignEdits('c');
    env.tc.faults.add({ match: { method: 'PATCH', path: WEB_PATH }, action: { type: 'delay', ms: 600 }, nth: 2, times: 1 });
    const running = env.plumb(['sync', 'storefront', '--yes']);
    // Wait until the apply is on its way, then write as the foreign manager.
    const mark = env.tc.requestLog.length;
    const inFlight = () => env.tc.requestLog.slice(mark).some((e) => e.method === 'PATCH' && pathOnly(e.path) === WEB_PATH && !/dryRun=All/.test(e.path) && e.status === 0);
    for (let i = 0; i < 500 && !inFlight(); i++) {
      await new Promise((res) => setTimeout(res, 10));
    }
    assert.ok(inFlight(), 'the apply was sent');
    await env.client.patch(WEB, { metadata: { annotations: { 'team.example/owner': 'c2' } } }, 'merge', { fieldManager: 'cost-controller' });
    const r = await running;
    assert.equal(r.code, 0, r.out + r.err);
    assert.deepEqual(foreignFields(await env.client.get(WEB)), { owner: 'c2', cost: 'c', env: 'c', image });
  });

  it('kubectl-added fields Git does not declare are removed by the sync (they were drift), a controller\'s are kept', async () => {
    const image = await gitImage();
    await foreignEdits('d');
    await env.client.patch(WEB, { metadata: { labels: { 'added-by-hand': 'yes' } } }, 'merge', { fieldManager: 'kubectl-label' });
    await env.client.patch(WEB, { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'DEBUG', value: '1' }] }] } } } }, 'strategic', { fieldManager: 'kubectl-set' });
    const before = await env.plumb(['diff', '--exit-code', 'storefront']);
    assert.equal(before.code, 1);
    assert.match(before.out, /metadata\.labels\.added-by-hand: \(absent\) → live "yes"\s+· kubectl-label/);
    const r = await env.plumb(['sync', 'storefront', '--yes']);
    assert.equal(r.code, 0, r.out + r.err);
    const live = await env.client.get(WEB);
    assert.equal(live.metadata?.labels?.['added-by-hand'], undefined);
    assert.ok(!JSON.stringify(live['spec']).includes('DEBUG'));
    assert.deepEqual(foreignFields(live), { owner: 'd', cost: 'd', env: 'd', image });
    assert.ok(!live.metadata?.managedFields?.some((m) => m.manager?.startsWith('kubectl')), 'no kubectl manager left');
    const after = await env.plumb(['diff', '--exit-code', 'storefront']);
    assert.equal(after.code, 0, after.out);
  });
});
