// validateObjects: what the API server would refuse is an error with the field's line; valid
// names, labels and Secret data of real repositories are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateObjects } from '../../../src/engine/render/validate.js';
import type { KubeObject, RenderedObject } from '../../../src/engine/types.js';

const at = (line: number) => ({ file: 'x.yaml', line });
const r = (object: KubeObject, fields: Record<string, number> = {}): RenderedObject =>
  ({ object, source: at(1), fieldSources: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, at(v)])) });

test('valid objects give no problem', () => {
  const ok = [
    r({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:web' } }),
    r({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web.config-1', labels: { 'app.kubernetes.io/name': 'web', empty: '', 'a_b.c-d': 'X_y.z-1' }, annotations: { note: 'anything at all: spaces, !, ünicode' } } }),
    r({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'aGVsbG8=', b: 'aGVs\nbG8h', c: '' } }),
    r({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }),
    r({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'job-' } }),
  ];
  assert.deepEqual(validateObjects(ok, 'a'), []);
});

test('what the API server refuses is an error at the field, never showing a Secret value', () => {
  const bad = [
    r({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web.v2' } }, { 'metadata.name': 4 }),
    r({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'Bad/Prefix/x': 'v', ok: 'no way', n: 3 as unknown as string } } }, { 'metadata.labels.ok': 7 }),
    r({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'hunter2!' } }, { 'data.token': 9 }),
  ];
  const problems = validateObjects(bad, 'a');
  assert.deepEqual(problems.map((p) => `${p.location?.line} ${p.message}`), [
    '4 Service web.v2: metadata.name "web.v2" must consist of lower-case letters, digits and "-", and start and end with a letter or digit: the API server rejects it',
    '1 ConfigMap c: label key "Bad/Prefix/x" has an invalid prefix (a lower-case DNS subdomain before "/"): the API server rejects it',
    '7 ConfigMap c: label ok value "no way" must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit: the API server rejects it',
    '1 ConfigMap c: label n must be a string (quote it): the API server rejects it',
    '9 Secret s: data.token is not valid base64 (the value is not shown): the API server rejects it',
  ]);
  assert.ok(problems.every((p) => p.severity === 'error' && p.app === 'a' && !p.message.includes('hunter2')));
});
