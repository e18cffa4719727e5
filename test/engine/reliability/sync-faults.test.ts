// `plumb sync` end to end under faults: retryable ones (500, 503, 429 with Retry-After, dropped
// connections) on lists, dry-runs and applies are absorbed; one that is not (a 410 while reading
// an object's health) fails the sync with a message naming the object.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRelEnv, type RelEnv } from './harness.js';

describe('sync under faults', { timeout: 120_000 }, () => {
  let env: RelEnv;
  before(async () => { env = await startRelEnv(); });
  after(async () => { await env.close(); });

  it('retryable faults on list, get and apply: the sync succeeds and the cluster equals Git', async () => {
    env.tc.faults.add({ match: { method: 'GET', path: '/apis/apps/v1/deployments', watch: false }, action: { type: 'error', code: 500 }, nth: 1 });
    env.tc.faults.add({ match: { method: 'GET', path: '/api/v1/configmaps', watch: false }, action: { type: 'drop' }, nth: 1 });
    env.tc.faults.add({ match: { method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/web' }, action: { type: 'throttle', retryAfterSeconds: 1 }, nth: 1 });
    env.tc.faults.add({ match: { method: 'PATCH', path: '/api/v1/namespaces/shop/services/web' }, action: { type: 'error', code: 503 }, times: 2 });
    const t0 = Date.now();
    const r = await env.plumb(['sync', 'storefront', 'platform', '--yes', '--prune']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.ok(Date.now() - t0 >= 1000, 'Retry-After was honoured');
    const fired = env.tc.faults.list().map((f) => f.fired);
    assert.deepEqual(fired, [1, 1, 1, 2]);
    env.tc.faults.clear();
    const d = await env.plumb(['diff', '--exit-code', 'storefront', 'platform']);
    assert.equal(d.code, 0, d.out + d.err);
  });

  it('a failed read in the health gate between waves names the object and stops later waves', async () => {
    // payments: PreSync wave (its Namespace and migration Job), gate, then the Sync wave.
    env.tc.faults.add({ match: { method: 'GET', path: '/^\\/api\\/v1\\/namespaces\\/payments$/' }, action: { type: 'expire' }, times: 5 });
    const r = await env.plumb(['sync', 'payments', '--yes']);
    env.tc.faults.clear();
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /error: \[payments\] Namespace payments: Namespace payments: cannot read its health, later waves were not applied: /);
    assert.doesNotMatch(r.out, /applied\s+Deployment\.apps\/payments\/payments/);
    const again = await env.plumb(['sync', 'payments', '--yes']);
    assert.equal(again.code, 0, again.out + again.err);
  });
});
