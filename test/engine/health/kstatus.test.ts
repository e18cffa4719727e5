// Custom resources without an Argo CD rule: kstatus's generic reading.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import { cond, custom } from './objects.js';

const CERT = 'cert-manager.io/v1';

describe('generic custom resources (kstatus)', () => {
  it('Ready=True → Healthy', () => {
    const c = custom(CERT, 'Certificate', { conditions: [cond('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired')], notAfter: '2026-08-02T10:00:00Z' });
    assert.deepEqual(assessHealth(c), { status: 'Healthy', message: 'Resource is Ready' });
  });

  it('Ready=False or Unknown → Progressing (kstatus: not failed yet)', () => {
    const c = custom(CERT, 'Certificate', { conditions: [cond('Issuing', 'True', 'DoesNotExist'), cond('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist')] });
    assert.deepEqual(assessHealth(c), { status: 'Progressing', message: 'DoesNotExist: Issuing certificate as Secret does not exist' });
    assert.equal(assessHealth(custom(CERT, 'Certificate', { conditions: [cond('Ready', 'Unknown', 'Pending')] }))?.status, 'Progressing');
  });

  it('Reconciling=True → Progressing; Stalled=True → Degraded; Reconciling wins over Ready', () => {
    assert.deepEqual(assessHealth(custom('example.com/v1', 'Widget', { conditions: [cond('Ready', 'True'), cond('Reconciling', 'True', 'Scaling', 'adding 2 nodes')] })),
      { status: 'Progressing', message: 'Scaling: adding 2 nodes' });
    assert.deepEqual(assessHealth(custom('example.com/v1', 'Widget', { conditions: [cond('Stalled', 'True', 'InvalidSpec', 'size must be > 0')] })),
      { status: 'Degraded', message: 'InvalidSpec: size must be > 0' });
  });

  it('observedGeneration differing from generation → Progressing (kstatus wording)', () => {
    const w = custom('example.com/v1', 'Widget', { observedGeneration: 3, conditions: [cond('Ready', 'True')] }, {}, { generation: 4 });
    assert.deepEqual(assessHealth(w), { status: 'Progressing', message: 'Widget generation is 4, but latest observed generation is 3' });
  });

  it('observed generation and no conditions → Healthy "Resource is current"', () => {
    assert.deepEqual(assessHealth(custom('example.com/v1', 'Widget', { observedGeneration: 1 })), { status: 'Healthy', message: 'Resource is current' });
  });

  it('spec.suspend / spec.paused → Suspended', () => {
    assert.deepEqual(assessHealth(custom('keda.sh/v1alpha1', 'ScaledJob', { conditions: [cond('Ready', 'True')] }, { suspend: true })), { status: 'Suspended', message: 'ScaledJob is suspended' });
    assert.deepEqual(assessHealth(custom('argoproj.io/v1alpha1', 'Rollout', { observedGeneration: 1 }, { paused: true })), { status: 'Suspended', message: 'Rollout is paused' });
  });

  it('no status signal at all → no health (not claimed Healthy)', () => {
    assert.equal(assessHealth(custom('monitoring.coreos.com/v1', 'ServiceMonitor', undefined, { endpoints: [{ port: 'metrics' }] })), undefined);
    assert.equal(assessHealth(custom('example.com/v1', 'Widget', { phase: 'Whatever' })), undefined);
  });

  it('Flux kinds without an Argo CD rule (image automation, notifications) are read with kstatus', () => {
    assert.equal(assessHealth(custom('image.toolkit.fluxcd.io/v1beta2', 'ImagePolicy', { observedGeneration: 1, conditions: [cond('Ready', 'True', 'Succeeded')] }))?.status, 'Healthy');
    assert.equal(assessHealth(custom('notification.toolkit.fluxcd.io/v1', 'Receiver', { observedGeneration: 1, conditions: [cond('Stalled', 'True', 'InvalidSecret')] }))?.status, 'Degraded');
  });
});
