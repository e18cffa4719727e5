// The managedFields rewrite before a sync's apply: kubectl managers' fields move to Plumb's Apply
// entry (so the apply removes the ones Git no longer declares); controllers keep theirs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { managedFieldsAfterTakeover } from '../../../src/engine/sync/takeover.js';
import type { KubeObject } from '../../../src/engine/types.js';

const live = (managedFields: unknown[]): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', managedFields } as KubeObject['metadata'] });
const NOW = new Date('2030-01-01T00:00:00.123Z');

test('kubectl entries are merged into the Apply entry; others and subresource entries stay', () => {
  const out = managedFieldsAfterTakeover(live([
    { manager: 'plumb', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    { manager: 'kubectl-label', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:x': {} } } } },
    { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:paused': {} } } },
    { manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', subresource: 'scale', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    { manager: 'hpa-controller', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:a': {} } } } },
  ]), 'plumb', NOW);
  assert.deepEqual(out, [
    { manager: 'plumb', operation: 'Apply', apiVersion: 'apps/v1', time: '2030-01-01T00:00:00Z', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:paused': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } } },
    { manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', subresource: 'scale', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    { manager: 'hpa-controller', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:a': {} } } } },
  ]);
});

test('no kubectl entry: nothing to rewrite; no Apply entry yet: one is made', () => {
  assert.equal(managedFieldsAfterTakeover(live([{ manager: 'helm', operation: 'Update', fieldsV1: {} }]), 'plumb', NOW), undefined);
  const out = managedFieldsAfterTakeover(live([{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:spec': {} } }]), 'plumb', NOW);
  assert.deepEqual(out, [{ manager: 'plumb', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} }, time: '2030-01-01T00:00:00Z' }]);
});
