import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ManagedFieldsEntry } from '../api/types.js';
import { recordUpdate, resolveManagedFields, typedZero } from './update-ownership.js';
import { createdByCsa, LAST, T0, T1, T2, updateOpts as opts } from './test-objects.js';
import { deploymentSchema } from './test-schema.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('recordUpdate', () => {
  it('gives the creator every field, with `.` only on nodes absent from the typed zero value (§4.3 example)', () => {
    const mf = createdByCsa().metadata.managedFields!;
    assert.equal(mf.length, 1);
    const { fieldsV1, ...head } = mf[0]!;
    assert.deepEqual(head, { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1' });
    assert.equal(JSON.stringify(fieldsV1), JSON.stringify({
      'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST}`]: {} } },
      'f:spec': {
        'f:progressDeadlineSeconds': {}, 'f:replicas': {}, 'f:revisionHistoryLimit': {}, 'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} } },
            'f:dnsPolicy': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
          },
        },
      },
    }));
  });

  it('moves a changed field to the writer and keeps the other entry and its time (§4.7)', () => {
    const before = createdByCsa();
    const after = clone(before);
    (after.spec as { replicas: number }).replicas = 7;
    after.metadata.generation = 2;
    after.metadata.resourceVersion = '11';
    const mf = recordUpdate({ before, after, manager: 'kubectl-patch', now: T1, ...opts });
    assert.deepEqual(mf.map((e) => [e.manager, e.time]), [['kubectl-client-side-apply', T0], ['kubectl-patch', T1]]);
    assert.deepEqual(mf[1]!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.ok(!('f:replicas' in (mf[0]!.fieldsV1!['f:spec'] as object)));
  });

  it('changes nothing (not even times) for a write that changes nothing but metadata the server owns', () => {
    const before = createdByCsa();
    const after = clone(before);
    after.metadata.resourceVersion = '99';
    assert.deepEqual(recordUpdate({ before, after, manager: 'kubectl-edit', now: T2, ...opts }), before.metadata.managedFields);
  });

  it('takes removed fields away from their owner', () => {
    const before = createdByCsa();
    const after = clone(before);
    delete after.metadata.annotations;
    const mf = recordUpdate({ before, after, manager: 'kubectl-edit', now: T1, ...opts });
    assert.equal(mf.length, 1);
    assert.ok(!('f:metadata' in mf[0]!.fieldsV1!));
  });

  it('ignores status on the main endpoint and records /status writes with their subresource', () => {
    const before = createdByCsa();
    const after = clone(before);
    after.status = { replicas: 2 };
    assert.deepEqual(recordUpdate({ before, after, manager: 'x', now: T1, ...opts }), before.metadata.managedFields);
    const mf = recordUpdate({ before, after, manager: 'kubectl-patch', now: T1, ...opts, subresource: 'status', statusPolicy: 'only-status' });
    assert.deepEqual(mf[1], { manager: 'kubectl-patch', operation: 'Update', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:replicas': {} } }, subresource: 'status' });
  });

  it('stores client-written managedFields verbatim (the CSA→SSA migration json-patch, §4.8)', () => {
    const before = createdByCsa();
    before.metadata.managedFields!.push(
      { manager: 'kubectl-last-applied', operation: 'Apply', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { [`f:${LAST}`]: {} } } } },
    );
    const csa = before.metadata.managedFields![0]!;
    const requested: ManagedFieldsEntry[] = [
      { manager: 'kubectl-last-applied', operation: 'Apply', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { [`f:${LAST}`]: {} } } } },
      { ...csa, manager: 'kubectl', operation: 'Apply', time: T0 },
    ];
    const after = clone(before);
    after.metadata.managedFields = clone(requested);
    const mf = recordUpdate({ before, after, manager: 'kubectl', now: T2, ...opts });
    // Sorted Apply entries by time: the kubectl entry (T0) first; nothing recorded for the patch itself.
    assert.deepEqual(mf, [requested[1], requested[0]]);
  });
});

describe('recordUpdate with client-written managedFields', () => {
  it('clears everything for [{}] (the write itself changes nothing)', () => {
    const before = createdByCsa();
    const after = clone(before);
    after.metadata.managedFields = [{}];
    assert.deepEqual(recordUpdate({ before, after, manager: 'kubectl-replace', now: T1, ...opts }), []);
  });

  it('records the write on top of the supplied entries', () => {
    const before = createdByCsa();
    const after = clone(before);
    after.metadata.managedFields = [{ manager: 'mine', operation: 'Apply', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:paused': {} } } }];
    (after.spec as { replicas: number }).replicas = 9;
    const mf = recordUpdate({ before, after, manager: 'kubectl-replace', now: T1, ...opts });
    assert.deepEqual(mf.map((e) => [e.manager, e.fieldsV1]), [['mine', { 'f:spec': { 'f:paused': {} } }], ['kubectl-replace', { 'f:spec': { 'f:replicas': {} } }]]);
  });

  it('folds the oldest of more than ten Update managers into ancient-changes', () => {
    let obj = createdByCsa();
    for (let i = 0; i < 11; i++) {
      const after = clone(obj);
      after.metadata.labels = { ...(after.metadata.labels ?? {}), [`l${i}`]: 'x' };
      after.metadata.managedFields = recordUpdate({ before: obj, after, manager: `m${i}`, now: `2025-01-01T11:${String(i).padStart(2, '0')}:00Z`, ...opts });
      obj = after;
    }
    const names = obj.metadata.managedFields!.map((e) => e.manager);
    assert.equal(names.length, 10);
    assert.ok(names.includes('ancient-changes') && !names.includes('kubectl-client-side-apply') && !names.includes('m0'));
  });
});

describe('resolveManagedFields', () => {
  const live: ManagedFieldsEntry[] = [{ manager: 'a', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {} } } }];
  const other: ManagedFieldsEntry[] = [{ manager: 'b', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:y': {} } } }];

  it('keeps the stored entries when the request omits them or sends []', () => {
    assert.deepEqual(resolveManagedFields({ before: live, requested: undefined }), { entries: live, source: 'live' });
    assert.deepEqual(resolveManagedFields({ before: live, requested: [] }), { entries: live, source: 'live' });
  });
  it('clears them for [{}]', () => {
    assert.deepEqual(resolveManagedFields({ before: live, requested: [{}] }), { entries: [], source: 'reset' });
  });
  it('takes a valid list verbatim, falls back to the stored one for an invalid list, and ignores the request on subresources', () => {
    assert.deepEqual(resolveManagedFields({ before: live, requested: other }), { entries: other, source: 'request' });
    assert.deepEqual(resolveManagedFields({ before: live, requested: [{ manager: 'x', operation: 'Bogus', apiVersion: 'v1', fieldsType: 'FieldsV1' }] }).source, 'live');
    assert.deepEqual(resolveManagedFields({ before: live, requested: other, subresource: 'status' }).source, 'live');
  });
});

describe('typedZero', () => {
  it('holds the non-pointer structs and the containers list along the root chains', () => {
    assert.deepEqual(typedZero(deploymentSchema), {
      metadata: {}, spec: { template: { metadata: {}, spec: { containers: [] } }, strategy: {} }, status: {},
    });
  });
});
