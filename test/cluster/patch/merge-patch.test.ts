import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import { applyMergePatch } from './merge-patch.js';

const deploy = (): Json => ({
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } },
});

test('null deletes, objects merge, lists are replaced', () => {
  const out = applyMergePatch(deploy(), {
    metadata: { labels: { tier: null, env: 'prod' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'z' }] } } },
  });
  assert.deepEqual(out, {
    metadata: { name: 'web', labels: { app: 'web', env: 'prod' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'z' }] } } },
  });
});

test('kubectl scale / label bodies', () => {
  const out = applyMergePatch(deploy(), { spec: { replicas: 4 } }) as Record<string, any>;
  assert.equal(out.spec.replicas, 4);
  assert.equal(out.spec.template.spec.containers.length, 2);
  const labelled = applyMergePatch(deploy(), { metadata: { labels: { app: null } } }) as Record<string, any>;
  assert.deepEqual(labelled.metadata.labels, { tier: 'fe' });
});

test('nulls inside values copied in are pruned (also inside lists); null list elements stay', () => {
  const out = applyMergePatch(deploy(), {
    status: { a: null, b: { c: null, d: 1 } },
    spec: { list: [{ x: null, y: 1 }, null] },
    metadata: { labels: 'scalar-now' },
  }) as Record<string, any>;
  assert.deepEqual(out.status, { b: { d: 1 } });
  assert.deepEqual(out.spec.list, [{ y: 1 }, null]);
  assert.equal(out.metadata.labels, 'scalar-now');
});

test('deleting a key that is absent is a no-op', () => {
  assert.deepEqual(applyMergePatch(deploy(), { nope: null }), deploy());
});

test('inputs are not mutated', () => {
  const doc = deploy();
  const patch: Json = { metadata: { labels: { app: null } }, extra: { a: { b: null } } };
  const d0 = JSON.stringify(doc);
  const p0 = JSON.stringify(patch);
  applyMergePatch(doc, patch);
  assert.equal(JSON.stringify(doc), d0);
  assert.equal(JSON.stringify(patch), p0);
});

test('a null or scalar patch answers 400 Invalid JSON Patch; a list patch replaces the document', () => {
  for (const p of [null, 3, 'x', true] as Json[]) {
    assert.throws(() => applyMergePatch(deploy(), p), (e: unknown) => e instanceof StatusError && e.code === 400 && e.message === 'Invalid JSON Patch');
  }
  assert.deepEqual(applyMergePatch(deploy(), [1, { a: null }]), [1, {}]);
});
