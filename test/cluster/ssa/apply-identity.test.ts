// Regression (found by the reliability secrets test): an applier whose only field under metadata
// was an annotation, re-applying without it after another manager took its other fields, must
// lose the annotation, not metadata.name (which made the server answer 422 "name is required").
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { KObject } from '../api/types.js';
import { serverSideApply } from './apply.js';
import { deploymentSchema } from './test-schema.js';
import { recordUpdate } from './update-ownership.js';

it('dropping the last owned metadata field keeps name and namespace', () => {
  const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } };
  const run = (live: KObject | undefined, config: KObject, now: string) => serverSideApply({
    live, config, manager: 'plumb', force: true, schema: deploymentSchema, apiVersion: 'apps/v1', now, statusPolicy: 'exclude-status',
  }).object;
  const first = run(undefined, { ...base, metadata: { ...base.metadata, annotations: { 'x/y': 'z' } } } as KObject, '2025-01-01T10:00:00Z');
  // Another manager updates spec.replicas: it now owns it, plumb owns only the annotation.
  const edited = structuredClone(first);
  (edited.spec as { replicas: number }).replicas = 3;
  edited.metadata.managedFields = recordUpdate({ before: first, after: edited, manager: 'kubectl-edit', apiVersion: 'apps/v1', schema: deploymentSchema, now: '2025-01-01T10:01:00Z', statusPolicy: 'exclude-status' });
  const again = run(edited, base as KObject, '2025-01-01T10:02:00Z');
  assert.equal(again.metadata.name, 'web');
  assert.equal(again.metadata.namespace, 'shop');
  assert.equal(again.metadata.annotations, undefined);
  assert.equal((again.spec as { replicas: number }).replicas, 2);
});
