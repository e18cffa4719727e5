import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GenerationRule, KObject } from '../api/types.js';
import { nextGeneration } from './generation.js';

const rule = (generation: GenerationRule) => ({ generation });
const obj = (o: Partial<KObject> & { metadata?: KObject['metadata'] }): KObject => ({ metadata: { name: 'x', generation: 1 }, ...o });

test('spec rule: spec changes bump, metadata and status do not', () => {
  const old = obj({ spec: { replicas: 2 }, status: {} });
  assert.equal(nextGeneration(rule('spec'), old, obj({ spec: { replicas: 3 } })), 2);
  assert.equal(nextGeneration(rule('spec'), old, obj({ metadata: { name: 'x', generation: 1, labels: { a: 'b' } }, spec: { replicas: 2 } })), 1);
  assert.equal(nextGeneration(rule('spec'), old, obj({ spec: { replicas: 2 }, status: { replicas: 2 } })), 1);
  // Empty lists/maps equal absent ones (Semantic.DeepEqual).
  assert.equal(nextGeneration(rule('spec'), obj({ spec: { a: [] } }), obj({ spec: {} })), 1);
  assert.equal(nextGeneration(rule('spec'), obj({ metadata: { name: 'x', generation: 4 }, spec: { a: 1 } }), obj({ spec: { a: 2 } })), 5);
});

test('Deployment rule: annotations count too (T19)', () => {
  const old = obj({ spec: { replicas: 2 } });
  const annotated = obj({ metadata: { name: 'x', annotations: { x: 'y' } }, spec: { replicas: 2 } });
  assert.equal(nextGeneration(rule('spec-or-annotations'), old, annotated), 2);
  assert.equal(nextGeneration(rule('spec'), old, annotated), 1);
  const labelled = obj({ metadata: { name: 'x', labels: { x: 'y' } }, spec: { replicas: 2 } });
  assert.equal(nextGeneration(rule('spec-or-annotations'), old, labelled), 1);
});

test('custom resources: everything but metadata (and status with the subresource)', () => {
  const old = obj({ spec: { a: 1 }, status: { s: 1 } });
  const statusChanged = obj({ spec: { a: 1 }, status: { s: 2 } });
  assert.equal(nextGeneration(rule('non-metadata'), old, statusChanged), 2);
  assert.equal(nextGeneration(rule('non-metadata-status'), old, statusChanged), 1);
  assert.equal(nextGeneration(rule('non-metadata-status'), old, obj({ spec: { a: 1 }, extra: true })), 2);
  assert.equal(nextGeneration(rule('none'), obj({ metadata: { name: 'x' }, data: { a: '1' } }), obj({ metadata: { name: 'x' }, data: { a: '2' } })), 0);
});
