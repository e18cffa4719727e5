// App health aggregation in Argo CD's order and with its exclusions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateHealth, appHealth, HEALTH_ORDER, isWorse } from '../../../src/engine/health/index.js';
import type { Health, HealthStatus, KubeObject } from '../../../src/engine/types.js';
import { cond, custom, deployment, meta, pvc } from './objects.js';

const h = (status: HealthStatus, message?: string): Health => (message ? { status, message } : { status });
const configMap = (name = 'cfg', annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, annotations ? { annotations } : {}), data: {} });

describe('health order', () => {
  it('Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
    assert.deepEqual(HEALTH_ORDER, ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown']);
    assert.ok(isWorse('Healthy', 'Suspended'));
    assert.ok(isWorse('Progressing', 'Degraded'));
    assert.ok(isWorse('Degraded', 'Unknown'));
    assert.ok(!isWorse('Degraded', 'Progressing'));
    assert.ok(!isWorse('Progressing', 'Progressing'));
  });
});

describe('aggregateHealth', () => {
  it('takes the worst', () => {
    assert.deepEqual(aggregateHealth([h('Healthy'), h('Suspended')]), { status: 'Suspended' });
    assert.deepEqual(aggregateHealth([h('Suspended'), h('Progressing'), h('Healthy')]), { status: 'Progressing' });
    assert.deepEqual(aggregateHealth([h('Degraded'), h('Progressing')]), { status: 'Degraded' });
    assert.deepEqual(aggregateHealth([h('Unknown'), h('Degraded')]), { status: 'Unknown' });
  });

  it('no health (undefined) does not count; nothing at all → Healthy', () => {
    assert.deepEqual(aggregateHealth([undefined, h('Healthy')]), { status: 'Healthy' });
    assert.deepEqual(aggregateHealth([undefined]), { status: 'Healthy' });
    assert.deepEqual(aggregateHealth([]), { status: 'Healthy' });
  });

  it('Missing does not worsen the app while something is live, but all missing → Missing', () => {
    assert.deepEqual(aggregateHealth([h('Missing'), h('Progressing')]), { status: 'Progressing' });
    assert.deepEqual(aggregateHealth([h('Missing'), h('Healthy')]), { status: 'Healthy' });
    assert.deepEqual(aggregateHealth([h('Missing'), undefined]), { status: 'Healthy' }, 'a live ConfigMap is live');
    assert.deepEqual(aggregateHealth([h('Missing'), h('Missing')]), { status: 'Missing' });
  });
});

describe('appHealth', () => {
  const broken = deployment({ status: { conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded')] } });

  it('assesses live objects and names the causes as Argo CD does', () => {
    const r = appHealth([{ live: deployment(), target: deployment() }, { live: broken }, { live: configMap() }, { live: pvc('Pending') }]);
    assert.equal(r.status, 'Degraded');
    assert.equal(r.message, 'Caused by apps/Deployment:shop/web');
    assert.deepEqual(r.causes, [{ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
  });

  it('lists up to 3 causes, then "and N more"', () => {
    const pvcs = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ live: { ...pvc('Pending'), metadata: meta(n) } }));
    const r = appHealth(pvcs);
    assert.equal(r.status, 'Progressing');
    assert.equal(r.message, 'Caused by PersistentVolumeClaim:shop/a, PersistentVolumeClaim:shop/b, PersistentVolumeClaim:shop/c and 2 more');
    assert.equal(r.causes.length, 5);
  });

  it('Missing resources do not count; an app with nothing live is Missing', () => {
    assert.equal(appHealth([{ target: deployment() }, { live: configMap() }]).status, 'Healthy');
    assert.deepEqual(appHealth([{ target: deployment() }, { target: configMap() }]), { status: 'Missing', causes: [] });
    assert.deepEqual(appHealth([]), { status: 'Healthy', causes: [] });
  });

  it('hooks, Skip-only hooks and ignore-healthcheck resources are left out', () => {
    const hookLive = deployment({ metadata: { annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, status: { conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded')] } });
    assert.equal(appHealth([{ live: hookLive }, { live: deployment() }]).status, 'Healthy');
    const helmHook = { ...hookLive, metadata: { ...hookLive.metadata, annotations: { 'helm.sh/hook': 'pre-install' } } };
    assert.equal(appHealth([{ live: helmHook }]).status, 'Healthy');
    const ignored = { ...broken, metadata: { ...broken.metadata, annotations: { 'argocd.argoproj.io/ignore-healthcheck': 'true' } } };
    assert.equal(appHealth([{ live: ignored }]).status, 'Healthy');
    const skip = { ...configMap(), metadata: { ...configMap().metadata, annotations: { 'argocd.argoproj.io/hook': 'Skip' } } };
    assert.equal(appHealth([{ target: skip }]).status, 'Healthy', 'a Skip hook is not an expected resource, so the app is not Missing');
    const crdInstall = { ...broken, metadata: { ...broken.metadata, annotations: { 'helm.sh/hook': 'crd-install' } } };
    assert.equal(appHealth([{ live: crdInstall }]).status, 'Degraded', 'crd-install is not a hook');
  });

  it('a child Application that is Missing or Unknown does not affect the parent; Degraded does', () => {
    const child = (status: string, name: string) => custom('argoproj.io/v1alpha1', 'Application', { health: { status } }, {}, { name, namespace: 'argocd' });
    assert.equal(appHealth([{ live: child('Missing', 'a') }, { live: child('Unknown', 'b') }, { live: deployment() }]).status, 'Healthy');
    assert.equal(appHealth([{ live: child('Degraded', 'c') }]).status, 'Degraded');
  });

  it('the app\'s own Application object is left out (self-management)', () => {
    const self = custom('argoproj.io/v1alpha1', 'Application', { health: { status: 'Degraded' } }, {}, { name: 'shop', namespace: 'argocd' });
    const r = appHealth([{ live: self }, { live: deployment() }], { self: { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'shop' } });
    assert.equal(r.status, 'Healthy');
  });

  it('uses a precomputed health when given', () => {
    assert.equal(appHealth([{ live: deployment(), health: h('Unknown', 'boom') }]).status, 'Unknown');
  });
});
