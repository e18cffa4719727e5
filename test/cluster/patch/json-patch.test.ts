import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import { applyJsonPatch } from './json-patch.js';

const cm = (): Json => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name: 'c', resourceVersion: '7', annotations: { 'a/b~c': 'x' }, labels: { app: 'web' } },
  data: { k: 'v', n: null },
  list: [1, 2, 3],
});

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a StatusError');
}

const INVALID_BODY = {
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
  message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: {}, code: 422,
};

test('add, replace, remove, move, copy and test', () => {
  const out = applyJsonPatch(cm(), [
    { op: 'test', path: '/metadata/name', value: 'c' },
    { op: 'add', path: '/metadata/labels/tier', value: 'fe' },
    { op: 'replace', path: '/data/k', value: 'v2' },
    { op: 'remove', path: '/metadata/labels/app' },
    { op: 'move', from: '/data/k', path: '/data/moved' },
    { op: 'copy', from: '/metadata/labels', path: '/metadata/copied' },
  ]) as Record<string, any>;
  assert.deepEqual(out.metadata.labels, { tier: 'fe' });
  assert.deepEqual(out.metadata.copied, { tier: 'fe' });
  assert.deepEqual(out.data, { n: null, moved: 'v2' });
  out.metadata.copied.tier = 'changed';
  assert.equal(out.metadata.labels.tier, 'fe', 'copy is deep');
});

test('array indices: insert, "-" append, negative index, out of range', () => {
  const out = applyJsonPatch(cm(), [
    { op: 'add', path: '/list/0', value: 0 },
    { op: 'add', path: '/list/-', value: 4 },
    { op: 'remove', path: '/list/-1' },
    { op: 'replace', path: '/list/1', value: 10 },
  ]) as Record<string, any>;
  assert.deepEqual(out.list, [0, 10, 2, 3]);
  assert.equal(statusOf(() => applyJsonPatch(cm(), [{ op: 'add', path: '/list/5', value: 1 }])).code, 422);
  assert.equal(statusOf(() => applyJsonPatch(cm(), [{ op: 'remove', path: '/list/3' }])).code, 422);
  assert.equal(statusOf(() => applyJsonPatch(cm(), [{ op: 'replace', path: '/list/x', value: 1 }])).code, 422);
});

test('~0 and ~1 escapes in paths', () => {
  const out = applyJsonPatch(cm(), [{ op: 'replace', path: '/metadata/annotations/a~1b~0c', value: 'y' }]) as Record<string, any>;
  assert.deepEqual(out.metadata.annotations, { 'a/b~c': 'y' });
});

test('kubectl CSA→SSA migration style patch on managedFields and resourceVersion', () => {
  const mf = [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }];
  const out = applyJsonPatch(cm(), [
    { op: 'replace', path: '/metadata/managedFields', value: mf },
    { op: 'replace', path: '/metadata/resourceVersion', value: '7' },
  ]) as Record<string, any>;
  assert.deepEqual(out.metadata.managedFields, mf);
  assert.equal(out.metadata.resourceVersion, '7');
});

test('evanphx v4 quirks: replace of a missing key adds it; a null member tests equal to null', () => {
  const out = applyJsonPatch(cm(), [
    { op: 'replace', path: '/metadata/labels/new', value: 'n' },
    { op: 'test', path: '/data/n', value: null },
    { op: 'test', path: '/data/absent', value: null },
  ]) as Record<string, any>;
  assert.equal(out.metadata.labels.new, 'n');
});

test('the input document is not mutated', () => {
  const doc = cm();
  const before = JSON.stringify(doc);
  applyJsonPatch(doc, [{ op: 'remove', path: '/metadata/labels' }, { op: 'add', path: '/list/-', value: 9 }]);
  assert.equal(JSON.stringify(doc), before);
});

test('failed operations answer 422 Invalid with the generic message and empty details', () => {
  const cases: unknown[] = [
    [{ op: 'test', path: '/metadata/name', value: 'other' }],
    [{ op: 'remove', path: '/metadata/labels/missing' }],
    [{ op: 'add', path: '/nope/deeper/x', value: 1 }],
    [{ op: 'add', path: '/metadata/name/x', value: 1 }],
    [{ op: 'frobnicate', path: '/a' }],
    [{ op: 'add', value: 1 }],
    [{ op: 'move', from: '/missing', path: '/x' }],
    [{ op: 'add', path: '', value: {} }],
    [null],
  ];
  for (const ops of cases) {
    const e = statusOf(() => applyJsonPatch(cm(), ops));
    assert.deepEqual(e.toBody(), INVALID_BODY, JSON.stringify(ops));
  }
});

test('a body that is not a list of operations answers 400 BadRequest', () => {
  const e = statusOf(() => applyJsonPatch(cm(), { op: 'add' }));
  assert.equal(e.code, 400);
  assert.equal(e.reason, 'BadRequest');
  assert.equal(e.message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const e2 = statusOf(() => applyJsonPatch(cm(), ['add']));
  assert.equal(e2.code, 400);
  assert.equal(e2.message, 'json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  assert.deepEqual(applyJsonPatch(cm(), null), cm(), 'a null body is an empty patch');
});

test('more than 10000 operations answer 413', () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/metadata/name', value: 'c' }));
  assert.equal(statusOf(() => applyJsonPatch(cm(), ops)).code, 413);
});

test('replace of the whole document', () => {
  assert.deepEqual(applyJsonPatch(cm(), [{ op: 'replace', path: '', value: { a: 1 } }]), { a: 1 });
  assert.equal(statusOf(() => applyJsonPatch(cm(), [{ op: 'replace', path: '', value: 3 }])).code, 422);
});
