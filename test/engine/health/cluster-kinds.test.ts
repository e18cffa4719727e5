// HPA, APIService, PodDisruptionBudget, CRD; kinds without health; deletion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import type { KubeObject } from '../../../src/engine/types.js';
import { cond, custom, deployment, meta } from './objects.js';

function hpa(conditions: unknown[], apiVersion = 'autoscaling/v2'): KubeObject {
  return {
    apiVersion, kind: 'HorizontalPodAutoscaler', metadata: meta('web'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
    status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: null, conditions },
  };
}

const ABLE = cond('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
const NO_METRICS = cond('ScalingActive', 'False', 'FailedGetResourceMetric',
  'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');

describe('HorizontalPodAutoscaler', () => {
  it('v2: AbleToScale=True → Healthy with its message', () => {
    const h = hpa([ABLE, cond('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)')]);
    assert.deepEqual(assessHealth(h), { status: 'Healthy', message: "the HPA controller was able to get the target's current scale" });
  });

  it('v2: a failing ScalingActive reason → Degraded, even when AbleToScale comes first', () => {
    assert.deepEqual(assessHealth(hpa([ABLE, NO_METRICS])), { status: 'Degraded', message: NO_METRICS['message'] });
    for (const reason of ['FailedGetObjectMetric', 'FailedGetPodsMetric', 'FailedGetExternalMetric', 'FailedComputeMetricsReplicas', 'InvalidSelector']) {
      assert.equal(assessHealth(hpa([ABLE, cond('ScalingActive', 'False', reason, 'x')]))?.status, 'Degraded', reason);
    }
    assert.equal(assessHealth(hpa([cond('AbleToScale', 'False', 'FailedGetScale', 'deployments/scale.apps "web" not found')]))?.status, 'Degraded');
  });

  it('v2: ScalingLimited=True alone → Healthy; nothing decisive → Progressing "Waiting to Autoscale"', () => {
    assert.equal(assessHealth(hpa([cond('ScalingLimited', 'True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count')]))?.status, 'Healthy');
    assert.deepEqual(assessHealth(hpa([cond('AbleToScale', 'False', 'BackoffBoth', 'the time since the previous scale is still within both the downscale and upscale forbidden windows')])), {
      status: 'Progressing', message: 'Waiting to Autoscale',
    });
    assert.deepEqual(assessHealth(hpa([])), { status: 'Progressing', message: 'Waiting to Autoscale' });
  });

  it('v1: conditions from the annotation; none → Progressing; bad JSON → Unknown', () => {
    const v1 = (ann?: string): KubeObject => {
      const h = hpa([], 'autoscaling/v1');
      delete h['status'];
      h['status'] = { currentReplicas: 2, desiredReplicas: 2 };
      if (ann !== undefined) h.metadata = { ...h.metadata, annotations: { 'autoscaling.alpha.kubernetes.io/conditions': ann } };
      return h;
    };
    assert.equal(assessHealth(v1(JSON.stringify([ABLE])))?.status, 'Healthy');
    assert.equal(assessHealth(v1(JSON.stringify([ABLE, NO_METRICS])))?.status, 'Degraded');
    assert.deepEqual(assessHealth(v1()), { status: 'Progressing', message: 'Waiting to Autoscale' });
    assert.equal(assessHealth(v1('[]'))?.status, 'Progressing');
    assert.equal(assessHealth(v1('{not json'))?.status, 'Unknown');
  });

  it('a removed version (v2beta2) → Unknown', () => {
    assert.equal(assessHealth(hpa([ABLE], 'autoscaling/v2beta2'))?.status, 'Unknown');
  });
});

describe('APIService', () => {
  const api = (c?: Record<string, unknown>, v = 'v1'): KubeObject => ({
    apiVersion: `apiregistration.k8s.io/${v}`, kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' },
    spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { namespace: 'kube-system', name: 'metrics-server', port: 443 }, groupPriorityMinimum: 100, versionPriority: 100 },
    status: c ? { conditions: [c] } : {},
  });

  it('Available=True → Healthy "reason: message"; False → Progressing (never Degraded); none → waiting', () => {
    assert.deepEqual(assessHealth(api(cond('Available', 'True', 'Passed', 'all checks passed'))), { status: 'Healthy', message: 'Passed: all checks passed' });
    const down = cond('Available', 'False', 'FailedDiscoveryCheck', 'failing or missing response from https://10.96.0.15:443/apis/metrics.k8s.io/v1beta1');
    assert.deepEqual(assessHealth(api(down, 'v1beta1')), { status: 'Progressing', message: `FailedDiscoveryCheck: ${down['message']}` });
    assert.deepEqual(assessHealth(api()), { status: 'Progressing', message: 'Waiting to be processed' });
  });
});

describe('PodDisruptionBudget (bundled Lua)', () => {
  const pdb = (conditions?: unknown[]): KubeObject => ({
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    status: conditions ? { observedGeneration: 1, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, conditions } : {},
  });

  it('SufficientPods → Healthy; InsufficientPods is tolerated; another False reason → Degraded; no status → Progressing', () => {
    assert.deepEqual(assessHealth(pdb([cond('DisruptionAllowed', 'True', 'SufficientPods')])), { status: 'Healthy', message: 'PodDisruptionBudget has SufficientPods' });
    assert.deepEqual(assessHealth(pdb([cond('DisruptionAllowed', 'False', 'InsufficientPods')])), { status: 'Healthy', message: 'PodDisruptionBudget has InsufficientPods' });
    assert.deepEqual(assessHealth(pdb([cond('DisruptionAllowed', 'False', 'SyncFailed')])), { status: 'Degraded', message: 'PodDisruptionBudget has SyncFailed' });
    assert.deepEqual(assessHealth(pdb()), { status: 'Progressing', message: 'Waiting for status' });
  });
});

describe('CustomResourceDefinition (bundled Lua)', () => {
  const crd = (conditions: unknown[]): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com', generation: 1 },
    spec: { group: 'example.com', names: { plural: 'widgets', kind: 'Widget' }, scope: 'Namespaced', versions: [] },
    status: { acceptedNames: { plural: 'widgets', kind: 'Widget' }, storedVersions: ['v1'], conditions },
  });

  it('Established → Healthy; names conflict → Degraded; installing → Progressing', () => {
    assert.deepEqual(assessHealth(crd([cond('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'), cond('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted')])),
      { status: 'Healthy', message: 'CRD is healthy' });
    assert.deepEqual(assessHealth(crd([cond('NamesAccepted', 'False', 'MultipleNamesNotAllowed', '"widget" is already in use')])),
      { status: 'Degraded', message: 'CRD names have not been accepted: "widget" is already in use' });
    assert.deepEqual(assessHealth(crd([cond('Established', 'False', 'Installing', 'the initial names have been accepted')])), { status: 'Progressing', message: 'CRD is being installed' });
    assert.deepEqual(assessHealth(crd([cond('NamesAccepted', 'True', 'NoConflicts')])), { status: 'Degraded', message: 'CRD is not established' });
    assert.deepEqual(assessHealth(crd([])), { status: 'Progressing', message: 'Status conditions not found' });
  });
});

describe('kinds without a health check', () => {
  it('ConfigMap, Secret, ServiceAccount, RBAC, Namespace, NetworkPolicy, StorageClass → undefined', () => {
    const kinds: Array<[string, string, Record<string, unknown>?]> = [
      ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'ServiceAccount'], ['v1', 'Namespace', { phase: 'Active' }], ['v1', 'Endpoints'],
      ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['networking.k8s.io/v1', 'NetworkPolicy'], ['storage.k8s.io/v1', 'StorageClass'], ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
      ['policy/v1', 'Eviction'], ['apps/v1', 'ControllerRevision'], ['discovery.k8s.io/v1', 'EndpointSlice'],
    ];
    for (const [apiVersion, kind, status] of kinds) {
      const o: KubeObject = { apiVersion, kind, metadata: meta('x') };
      if (status) o['status'] = status;
      assert.equal(assessHealth(o), undefined, kind);
    }
  });

  it('a Kubernetes kind in a known group is never read with kstatus', () => {
    const lease = custom('coordination.k8s.io/v1', 'Lease', { conditions: [cond('Ready', 'False')] });
    assert.equal(assessHealth(lease), undefined);
  });
});

describe('deletion', () => {
  it('any object with deletionTimestamp → Progressing "Pending deletion", a Namespace and a ConfigMap too', () => {
    const del = { deletionTimestamp: '2026-05-04T10:10:00Z', finalizers: ['kubernetes'] };
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', ...del }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } };
    assert.deepEqual(assessHealth(ns), { status: 'Progressing', message: 'Pending deletion' });
    assert.deepEqual(assessHealth({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c', del) }), { status: 'Progressing', message: 'Pending deletion' });
    assert.deepEqual(assessHealth(deployment({ metadata: del })), { status: 'Progressing', message: 'Pending deletion' });
  });

  it('a hook held by the hook finalizer is assessed normally', () => {
    const d = deployment({ metadata: { deletionTimestamp: '2026-05-04T10:10:00Z', finalizers: ['argocd.argoproj.io/hook-finalizer'] } });
    assert.equal(assessHealth(d)?.status, 'Healthy');
  });
});
