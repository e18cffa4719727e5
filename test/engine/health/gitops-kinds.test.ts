// Argo CD Application and Workflow; Flux Kustomization, HelmRelease and sources.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import { cond, custom } from './objects.js';

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const HR = 'helm.toolkit.fluxcd.io/v2';
const SRC = 'source.toolkit.fluxcd.io/v1';

describe('Argo CD Application (child app)', () => {
  const app = (health?: Record<string, unknown>) => custom('argoproj.io/v1alpha1', 'Application',
    health ? { sync: { status: 'Synced' }, health } : undefined, { project: 'default', destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' } });

  it('reports the child\'s own status.health', () => {
    assert.deepEqual(assessHealth(app({ status: 'Healthy' })), { status: 'Healthy' });
    assert.deepEqual(assessHealth(app({ status: 'Degraded', message: 'Caused by apps/Deployment:shop/web' })), { status: 'Degraded', message: 'Caused by apps/Deployment:shop/web' });
    assert.deepEqual(assessHealth(app({ status: 'Missing' })), { status: 'Missing' });
  });

  it('no health yet → Progressing; an invalid code → Unknown', () => {
    assert.deepEqual(assessHealth(app()), { status: 'Progressing' });
    assert.deepEqual(assessHealth(app({ status: 'Fine' })), { status: 'Unknown', message: 'Lua returned an invalid health status' });
  });
});

describe('Argo Workflow', () => {
  it('phase → health', () => {
    const wf = (phase?: string, message?: string) => custom('argoproj.io/v1alpha1', 'Workflow', phase ? { phase, ...(message ? { message } : {}) } : {});
    assert.equal(assessHealth(wf())?.status, 'Progressing');
    assert.equal(assessHealth(wf('Running'))?.status, 'Progressing');
    assert.equal(assessHealth(wf('Succeeded'))?.status, 'Healthy');
    assert.deepEqual(assessHealth(wf('Failed', 'child "step-1" failed')), { status: 'Degraded', message: 'child "step-1" failed' });
    assert.equal(assessHealth(wf('Error'))?.status, 'Degraded');
    assert.equal(assessHealth(wf('Odd'))?.status, 'Unknown');
  });
});

describe('Flux Kustomization', () => {
  const ks = (conditions?: unknown[], spec: Record<string, unknown> = {}, observedGeneration = 1) =>
    custom(KS, 'Kustomization', conditions ? { observedGeneration, lastAppliedRevision: 'main@sha1:4f0a', conditions } : undefined,
      { interval: '10m', path: './deploy', prune: true, sourceRef: { kind: 'GitRepository', name: 'shop' }, ...spec });

  it('Ready=True → Healthy with the reason', () => {
    const k = ks([cond('Ready', 'True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:4f0a'), cond('Healthy', 'True', 'Succeeded', 'Health check passed')]);
    assert.deepEqual(assessHealth(k), { status: 'Healthy', message: 'ReconciliationSucceeded' });
  });

  it('Ready=Unknown + Reconciling=True → Progressing', () => {
    const k = ks([cond('Reconciling', 'True', 'Progressing', 'Running health checks for revision main@sha1:4f0a with a timeout of 5m'), cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress')]);
    assert.deepEqual(assessHealth(k), { status: 'Progressing', message: 'Progressing' });
  });

  it('Ready=False → Degraded with reason and message; Stalled=True → Degraded', () => {
    const k = ks([cond('Ready', 'False', 'BuildFailed', 'kustomize build failed: accumulating resources: missing.yaml: no such file')]);
    assert.deepEqual(assessHealth(k), { status: 'Degraded', message: 'BuildFailed: kustomize build failed: accumulating resources: missing.yaml: no such file' });
    const stalled = ks([cond('Stalled', 'True', 'InvalidPath', 'spec.path "./nope" not found'), cond('Ready', 'False', 'InvalidPath', 'spec.path "./nope" not found')]);
    assert.deepEqual(assessHealth(stalled), { status: 'Degraded', message: 'InvalidPath: spec.path "./nope" not found' });
  });

  it('Ready=False while retrying is still Degraded, as in Argo CD', () => {
    const k = ks([cond('Reconciling', 'True', 'ProgressingWithRetry', 'retrying'), cond('Ready', 'False', 'HealthCheckFailed', 'timeout waiting for: [Deployment/shop/web status: \'InProgress\']')]);
    assert.equal(assessHealth(k)?.status, 'Degraded');
  });

  it('suspend → Suspended "Kustomization is suspended"', () => {
    assert.deepEqual(assessHealth(ks([cond('Ready', 'True', 'ReconciliationSucceeded')], { suspend: true })), { status: 'Suspended', message: 'Kustomization is suspended' });
  });

  it('no status → Progressing "Status unknown"; Ready from an older generation → Progressing', () => {
    assert.deepEqual(assessHealth(ks()), { status: 'Progressing', message: 'Status unknown' });
    const stale = ks([cond('Ready', 'True', 'ReconciliationSucceeded')], {}, 1);
    stale.metadata = { ...stale.metadata, generation: 2 };
    assert.deepEqual(assessHealth(stale), { status: 'Progressing', message: 'Kustomization generation is 2, but latest observed generation is 1' });
  });

  it('Ready=Unknown without Reconciling → Progressing (Argo\'s Lua says Degraded: a quirk not copied)', () => {
    assert.equal(assessHealth(ks([cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress')]))?.status, 'Progressing');
  });
});

describe('Flux HelmRelease', () => {
  const hr = (conditions: unknown[], spec: Record<string, unknown> = {}) =>
    custom(HR, 'HelmRelease', { observedGeneration: 1, conditions }, { interval: '5m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }, ...spec });

  it('Ready=True + Released=True → Healthy; Ready=True alone also Healthy', () => {
    const ok = hr([cond('Ready', 'True', 'UpgradeSucceeded', 'Helm upgrade succeeded for release shop/podinfo.v3 with chart podinfo@6.5.4'), cond('Released', 'True', 'UpgradeSucceeded')]);
    assert.deepEqual(assessHealth(ok), { status: 'Healthy', message: 'UpgradeSucceeded' });
    assert.equal(assessHealth(hr([cond('Ready', 'True', 'InstallSucceeded')]))?.status, 'Healthy');
  });

  it('a failed upgrade → Degraded; remediated by rollback is still Degraded (Ready=False)', () => {
    const failed = hr([cond('Ready', 'False', 'UpgradeFailed', 'Helm upgrade failed for release shop/podinfo with chart podinfo@6.5.4: context deadline exceeded'), cond('Released', 'False', 'UpgradeFailed')]);
    assert.equal(assessHealth(failed)?.status, 'Degraded');
    assert.match(assessHealth(failed)?.message ?? '', /^UpgradeFailed: Helm upgrade failed/);
    const rolledBack = hr([cond('Ready', 'False', 'RollbackSucceeded', 'Helm rollback to previous release shop/podinfo.v2 succeeded'), cond('Released', 'False', 'UpgradeFailed'), cond('Remediated', 'True', 'RollbackSucceeded')]);
    assert.equal(assessHealth(rolledBack)?.status, 'Degraded');
  });

  it('installing → Progressing; suspended → Suspended', () => {
    assert.equal(assessHealth(hr([cond('Reconciling', 'True', 'Progressing', 'Running \'install\' action with timeout of 5m0s'), cond('Ready', 'Unknown', 'Progressing', 'Running \'install\' action')]))?.status, 'Progressing');
    assert.deepEqual(assessHealth(hr([], { suspend: true })), { status: 'Suspended', message: 'HelmRelease is suspended' });
  });
});

describe('Flux sources', () => {
  it('GitRepository: ready with artifact → Healthy; ArtifactOutdated appends its reason; fetch failure → Degraded', () => {
    const ok = custom(`${SRC}`, 'GitRepository', {
      observedGeneration: 1, artifact: { revision: 'main@sha1:4f0a', path: 'gitrepository/shop/shop/4f0a.tar.gz' },
      conditions: [cond('Ready', 'True', 'Succeeded', "stored artifact for revision 'main@sha1:4f0a'"), cond('ArtifactInStorage', 'True', 'Succeeded')],
    });
    assert.deepEqual(assessHealth(ok), { status: 'Healthy', message: 'Succeeded' });
    const outdated = custom(SRC, 'GitRepository', { observedGeneration: 1, conditions: [cond('Reconciling', 'True', 'NewRevision'), cond('Ready', 'Unknown', 'NewRevision'), cond('ArtifactOutdated', 'True', 'NewRevision')] });
    assert.deepEqual(assessHealth(outdated), { status: 'Progressing', message: 'NewRevision NewRevision' });
    const bad = custom(SRC, 'GitRepository', { observedGeneration: 1, conditions: [cond('FetchFailed', 'True', 'GitOperationFailed', 'authentication required'), cond('Ready', 'False', 'GitOperationFailed', 'authentication required')] });
    assert.deepEqual(assessHealth(bad), { status: 'Degraded', message: 'GitOperationFailed: authentication required' });
  });

  it('HelmRepository: type oci → Healthy without status; default type reads conditions; suspended', () => {
    assert.deepEqual(assessHealth(custom('source.toolkit.fluxcd.io/v1', 'HelmRepository', undefined, { type: 'oci', url: 'oci://ghcr.io/stefanprodan/charts' })),
      { status: 'Healthy', message: "Helm repositories of type 'oci' do not contain any information in the status." });
    assert.equal(assessHealth(custom(SRC, 'HelmRepository', { observedGeneration: 1, conditions: [cond('Ready', 'True', 'Succeeded'), cond('ArtifactInStorage', 'True', 'Succeeded')] }, { url: 'https://stefanprodan.github.io/podinfo' }))?.status, 'Healthy');
    assert.equal(assessHealth(custom(SRC, 'HelmRepository', { observedGeneration: 1, conditions: [cond('Ready', 'False', 'Failed', '404 Not Found')] }))?.status, 'Degraded');
    assert.equal(assessHealth(custom(SRC, 'HelmRepository', {}, { suspend: true }))?.status, 'Suspended');
  });

  it('OCIRepository, HelmChart and Bucket use the same reading', () => {
    for (const kind of ['OCIRepository', 'HelmChart', 'Bucket']) {
      assert.equal(assessHealth(custom(SRC, kind, { observedGeneration: 1, conditions: [cond('Ready', 'False', 'Failed')] }))?.status, 'Degraded', kind);
      assert.equal(assessHealth(custom(SRC, kind, { observedGeneration: 1, conditions: [cond('Ready', 'True', 'Succeeded')] }))?.status, 'Healthy', kind);
    }
  });
});
