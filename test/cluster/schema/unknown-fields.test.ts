import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinSchema } from './builtin.js';
import { fieldValidationOutcome, findUnknownFields, strictDecodingError, unknownFieldWarnings, warningHeaderValue } from './unknown-fields.js';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: {
    name: 'web', namespace: 'default', labels: { app: 'web' }, creationTimestamp: null, resourceVersion: '5',
    managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
  },
  spec: {
    replicas: 2, foo: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { rollingUpdate: { maxSurge: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1', memory: 1 } } },
          { name: 'side', image: 'busybox', bogus: true, env: [{ name: 'A', value: 'b', nope: 1 }] },
        ],
      },
    },
  },
  status: { replicas: 1, weird: 'x' },
};

test('finds unknown fields of a built-in object in document order', () => {
  assert.deepEqual(findUnknownFields(deployment, builtinSchema('apps', 'v1', 'Deployment')!), [
    'spec.foo', 'spec.template.spec.containers[1].bogus', 'spec.template.spec.containers[1].env[0].nope', 'status.weird',
  ]);
});

test('legitimate ObjectMeta fields, maps and free-form fields are not unknown', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['x'], ownerReferences: [] }, data: { anything: 'x' } };
  assert.deepEqual(findUnknownFields(cm, builtinSchema('', 'v1', 'ConfigMap')!), []);
  const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', bogus: 1 }, datum: {} };
  assert.deepEqual(findUnknownFields(bad, builtinSchema('', 'v1', 'ConfigMap')!), ['metadata.bogus', 'datum']);
  const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { spec: { any: 'thing' } } };
  assert.deepEqual(findUnknownFields(rev, builtinSchema('apps', 'v1', 'ControllerRevision')!), []);
});

test('strict decoding error and warnings have kube-apiserver wording', () => {
  const err = strictDecodingError('Deployment', 'v1', ['spec.foo', 'spec.bar']);
  assert.equal(err.code, 400);
  assert.deepEqual(err.toBody(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
    message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
  });
  assert.deepEqual(unknownFieldWarnings(['spec.foo']), ['unknown field "spec.foo"']);
  assert.equal(warningHeaderValue('unknown field "spec.foo"'), '299 - "unknown field \\"spec.foo\\""');
});

test('fieldValidation modes', () => {
  assert.deepEqual(fieldValidationOutcome('Ignore', 'Deployment', 'v1', ['spec.foo']), { warnings: [] });
  assert.deepEqual(fieldValidationOutcome('Warn', 'Deployment', 'v1', ['spec.foo']), { warnings: ['unknown field "spec.foo"'] });
  assert.deepEqual(fieldValidationOutcome('Strict', 'Deployment', 'v1', []), { warnings: [] });
  const strict = fieldValidationOutcome('Strict', 'Deployment', 'v1', ['spec.foo']);
  assert.match(strict.error!.message, /strict decoding error: unknown field "spec.foo"$/);
});
