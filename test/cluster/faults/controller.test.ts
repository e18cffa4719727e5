// Fault rule matching and counting, the --fault flag form, and validation of untyped rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../api/errors.js';
import { FaultController, parseFaultFlag, validateFaultRule } from './controller.js';
import type { RequestInfo } from './types.js';

const reqOf = (method: string, url: string, username = 'admin'): RequestInfo => {
  const u = new URL(url, 'https://x');
  return { method, path: u.pathname, query: u.searchParams, username };
};
const CM = '/api/v1/namespaces/default/configmaps/c1';

describe('FaultController', () => {
  it('nth fires on the Nth matching request only', () => {
    const f = new FaultController([{ match: { method: 'GET', path: CM }, action: { type: 'error', code: 500 }, nth: 3 }]);
    const got = [1, 2, 3, 4, 5].map(() => f.check(reqOf('GET', CM))?.type ?? '-');
    assert.deepEqual(got, ['-', '-', 'error', '-', '-']);
    assert.equal(f.check(reqOf('PUT', CM)), undefined, 'other methods do not match');
    const [state] = f.list();
    assert.equal(state!.matched, 5);
    assert.equal(state!.fired, 1);
  });

  it('times limits firing; without nth or times a rule fires every time', () => {
    const f = new FaultController();
    f.add({ id: 'two', match: { path: '/apis/apps' }, action: { type: 'throttle', retryAfterSeconds: 2 }, times: 2 });
    const hits = [1, 2, 3].map(() => f.check(reqOf('PATCH', '/apis/apps/v1/namespaces/default/deployments/web')));
    assert.deepEqual(hits.map((h) => h?.type), ['throttle', 'throttle', undefined]);
    f.add({ match: { path: '/api/v1' }, action: { type: 'delay', ms: 10 } });
    for (let i = 0; i < 5; i++) assert.deepEqual(f.check(reqOf('GET', '/api/v1/pods')), { type: 'delay', ms: 10 });
    assert.equal(f.list().length, 2);
  });

  it('nth with times fires on consecutive matches from the Nth on', () => {
    const f = new FaultController([{ match: {}, action: { type: 'drop' }, nth: 2, times: 2 }]);
    assert.deepEqual([1, 2, 3, 4].map(() => f.check(reqOf('GET', '/version'))?.type ?? '-'), ['-', 'drop', 'drop', '-']);
  });

  it('matches watch requests, users and /regex/ paths', () => {
    const f = new FaultController();
    f.add({ match: { watch: true }, action: { type: 'expire' } });
    assert.equal(f.check(reqOf('GET', '/api/v1/pods')), undefined);
    assert.deepEqual(f.check(reqOf('GET', '/api/v1/pods?watch=true&resourceVersion=10')), { type: 'expire' });
    assert.deepEqual(f.check(reqOf('GET', '/api/v1/watch/pods')), { type: 'expire' });
    f.clear();
    f.add({ match: { user: 'jane', path: '/\\/configmaps\\/c\\d$/' }, action: { type: 'error', code: 409 } });
    assert.equal(f.check(reqOf('GET', CM, 'admin')), undefined);
    assert.deepEqual(f.check(reqOf('GET', CM, 'jane')), { type: 'error', code: 409 });
    assert.equal(f.check(reqOf('GET', `${CM}0`, 'jane')), undefined);
  });

  it('the first firing rule wins, the others still count; remove and clear', () => {
    const f = new FaultController();
    const a = f.add({ match: { path: CM }, action: { type: 'error', code: 503 }, times: 1 });
    f.add({ id: 'b', match: { path: CM }, action: { type: 'error', code: 500 }, nth: 1 });
    assert.deepEqual(f.check(reqOf('GET', CM)), { type: 'error', code: 503 });
    assert.deepEqual(f.check(reqOf('GET', CM)), { type: 'error', code: 500 }, 'b missed its 1st match, fires on the next');
    assert.ok(f.remove(a));
    assert.ok(!f.remove(a));
    assert.deepEqual(f.list().map((r) => r.id), ['b']);
    f.clear();
    assert.deepEqual(f.list(), []);
  });

  it('add() accepts the flag form and rejects malformed rules with 400', () => {
    const f = new FaultController();
    const id = f.add('GET /api:503');
    assert.equal(f.list()[0]!.id, id);
    assert.throws(() => f.add({ match: {}, action: { type: 'error', code: 404 } }), (e: unknown) => e instanceof StatusError && e.code === 400);
    assert.throws(() => f.add({ match: { watch: 'yes' }, action: { type: 'drop' } }), (e: unknown) => e instanceof StatusError && e.code === 400);
    assert.throws(() => f.add({ match: {}, action: { type: 'drop' }, nth: 0 }), (e: unknown) => e instanceof StatusError && e.code === 400);
  });
});

describe('parseFaultFlag', () => {
  it('parses method, path, options and each action', () => {
    assert.deepEqual(parseFaultFlag('PATCH /apis/apps/v1:nth=3:500'), { match: { method: 'PATCH', path: '/apis/apps/v1' }, action: { type: 'error', code: 500 }, nth: 3 });
    assert.deepEqual(parseFaultFlag('GET /api/v1/configmaps:watch:drop:times=2'), { match: { method: 'GET', path: '/api/v1/configmaps', watch: true }, action: { type: 'drop' }, times: 2 });
    assert.deepEqual(parseFaultFlag('*:delay=300'), { match: {}, action: { type: 'delay', ms: 300 } });
    assert.deepEqual(parseFaultFlag('/apis:429=2'), { match: { path: '/apis' }, action: { type: 'throttle', retryAfterSeconds: 2 } });
    assert.deepEqual(parseFaultFlag('GET:429'), { match: { method: 'GET' }, action: { type: 'throttle', retryAfterSeconds: 1 } });
    assert.deepEqual(parseFaultFlag('GET /api:watch=true:410'), { match: { method: 'GET', path: '/api', watch: true }, action: { type: 'expire' } });
    assert.deepEqual(parseFaultFlag('PUT /api:user=jane:409:msg=busy'), { match: { method: 'PUT', path: '/api', user: 'jane' }, action: { type: 'error', code: 409, message: 'busy' } });
    assert.deepEqual(parseFaultFlag('{"match":{"path":"/x"},"action":{"type":"drop"}}'), { match: { path: '/x' }, action: { type: 'drop' } });
  });

  it('rejects what it does not understand', () => {
    for (const bad of ['GET /api', 'GET /api:500:503', 'GET /api:nth=0:500', 'FETCH /api:500', 'GET /api:bogus:500', '*:delay=:drop', '*:drop:msg=x', '{"match":{}}']) {
      assert.throws(() => parseFaultFlag(bad), /invalid --fault/, bad);
    }
  });

  it('validateFaultRule keeps only known fields', () => {
    assert.deepEqual(validateFaultRule({ match: { method: 'GET', extra: 1 }, action: { type: 'delay', ms: 5, x: 2 }, other: true }),
      { match: { method: 'GET' }, action: { type: 'delay', ms: 5 } });
  });
});
