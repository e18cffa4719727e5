// Health of what a real API server returns: objects applied to the test cluster with its status
// simulator (workloads roll out, a `:broken` image never pulls, Jobs run, claims bind).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appHealth, assessHealth } from '../../../src/engine/health/index.js';
import type { Health, KubeObject } from '../../../src/engine/types.js';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import { clusterApi, type Api } from './api.js';

const NS = 'health';
let cluster: TestCluster;
let api: Api;

const deploy = (name: string, image: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS },
  spec: {
    replicas: 2, selector: { matchLabels: { app: name } }, ...extra,
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});

const job = (name: string, image: string, backoffLimit: number): KubeObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: NS },
  spec: { backoffLimit, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image, command: ['sh', '-c', 'echo done'] }] } } },
});

const claim = (name: string, storageClassName?: string): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: NS },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName ? { storageClassName } : {}) },
});

const paths = {
  deployment: (n: string) => `/apis/apps/v1/namespaces/${NS}/deployments/${n}`,
  statefulset: (n: string) => `/apis/apps/v1/namespaces/${NS}/statefulsets/${n}`,
  job: (n: string) => `/apis/batch/v1/namespaces/${NS}/jobs/${n}`,
  pvc: (n: string) => `/api/v1/namespaces/${NS}/persistentvolumeclaims/${n}`,
  service: (n: string) => `/api/v1/namespaces/${NS}/services/${n}`,
  configmap: (n: string) => `/api/v1/namespaces/${NS}/configmaps/${n}`,
  hpa: (n: string) => `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/${n}`,
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Poll `path` until its health has `status`; returns the final object and every distinct
 * health seen on the way (so tests can check the transitions, not only the end state).
 */
async function waitForHealth(path: string, status: string, timeoutMs = 8000): Promise<{ obj: KubeObject; seen: Health[] }> {
  const seen: Health[] = [];
  const end = Date.now() + timeoutMs;
  for (;;) {
    const obj = await api.get(path);
    const h = assessHealth(obj);
    const last = seen[seen.length - 1];
    if (h && (!last || last.status !== h.status || last.message !== h.message)) seen.push(h);
    if (h?.status === status) return { obj, seen };
    if (Date.now() > end) throw new Error(`${path}: no ${status} health within ${timeoutMs} ms; seen ${JSON.stringify(seen)}`);
    await sleep(50);
  }
}

/** List items come without apiVersion/kind (as from kube-apiserver); a client fills them in. */
async function list(path: string, apiVersion: string, kind: string): Promise<KubeObject[]> {
  const l = await api.get(path);
  return ((l['items'] as KubeObject[] | undefined) ?? []).map((o) => ({ ...o, apiVersion, kind }));
}

const listPods = (app: string) => list(`/api/v1/namespaces/${NS}/pods?labelSelector=app%3D${app}`, 'v1', 'Pod');

before(async () => {
  cluster = await startTestCluster({ simulate: true });
  api = clusterApi(cluster);
  await api.apply(`/api/v1/namespaces/${NS}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});

after(async () => { await cluster.close(); });

describe('health of live objects from the test cluster', () => {
  it('Deployment nginx:1.25: Progressing right after apply, then Healthy; its ReplicaSet and Pods Healthy', async () => {
    const applied = await api.apply(paths.deployment('web'), deploy('web', 'nginx:1.25'));
    assert.equal(assessHealth(applied)?.status, 'Progressing', 'a just-applied Deployment has no observed generation yet');
    const { seen } = await waitForHealth(paths.deployment('web'), 'Healthy');
    assert.deepEqual(seen[seen.length - 1], { status: 'Healthy' });
    assert.ok(seen.slice(0, -1).every((h) => h.status === 'Progressing'), JSON.stringify(seen));
    const pods = await listPods('web');
    assert.equal(pods.length, 2);
    for (const p of pods) assert.deepEqual(assessHealth(p), { status: 'Healthy' });
    const rs = await list(`/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dweb`, 'apps/v1', 'ReplicaSet');
    assert.equal(rs.length, 1);
    for (const r of rs) assert.deepEqual(assessHealth(r), { status: 'Healthy' });
  });

  it('Deployment nginx:broken with progressDeadlineSeconds 2: Progressing, then Degraded; its Pods Degraded (ImagePullBackOff)', async () => {
    await api.apply(paths.deployment('bad'), deploy('bad', 'nginx:broken', { replicas: 1, progressDeadlineSeconds: 2 }));
    const { obj, seen } = await waitForHealth(paths.deployment('bad'), 'Degraded', 10_000);
    assert.deepEqual(seen[seen.length - 1], { status: 'Degraded', message: 'Deployment "bad" exceeded its progress deadline' });
    assert.ok(seen.some((h) => h.message === 'Waiting for rollout to finish: 0 of 1 updated replicas are available...'), JSON.stringify(seen));
    assert.ok(seen.slice(0, -1).every((h) => h.status === 'Progressing'), JSON.stringify(seen));
    const progressing = (obj['status'] as { conditions: Array<{ type: string; reason: string }> }).conditions.find((c) => c.type === 'Progressing');
    assert.equal(progressing?.reason, 'ProgressDeadlineExceeded');
    const [pod] = await listPods('bad');
    assert.ok(pod);
    assert.deepEqual(assessHealth(pod), { status: 'Degraded', message: 'Back-off pulling image "nginx:broken"' });
  });

  it('StatefulSet with a claim template: Healthy once ready; its claims Bound → Healthy', async () => {
    const sts: KubeObject = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: NS },
      spec: {
        serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    const applied = await api.apply(paths.statefulset('db'), sts);
    assert.deepEqual(assessHealth(applied), { status: 'Progressing', message: 'Waiting for statefulset spec update to be observed...' });
    const { seen } = await waitForHealth(paths.statefulset('db'), 'Healthy');
    assert.deepEqual(seen[seen.length - 1], { status: 'Healthy', message: 'partitioned roll out complete: 2 new pods have been updated...' });
    for (const n of ['data-db-0', 'data-db-1']) await waitForHealth(paths.pvc(n), 'Healthy');
  });

  it('Job: Progressing while running, then Healthy; a broken Job ends Degraded', async () => {
    await api.apply(paths.job('migrate'), job('migrate', 'busybox:1.36', 2));
    await api.apply(paths.job('fail'), job('fail', 'busybox:broken', 1));
    const ok = await waitForHealth(paths.job('migrate'), 'Healthy');
    assert.deepEqual(ok.seen[ok.seen.length - 1], { status: 'Healthy', message: 'Reached expected number of succeeded pods' });
    assert.equal(ok.seen[0]?.status, 'Progressing');
    const bad = await waitForHealth(paths.job('fail'), 'Degraded');
    assert.deepEqual(bad.seen[bad.seen.length - 1], { status: 'Degraded', message: 'Job has reached the specified backoff limit' });
  });

  it('PVC: default StorageClass binds → Healthy; an unknown class stays Pending → Progressing', async () => {
    await api.apply(paths.pvc('cache'), claim('cache'));
    await api.apply(paths.pvc('orphan'), claim('orphan', 'no-such-class'));
    await waitForHealth(paths.pvc('cache'), 'Healthy');
    await sleep(200);
    assert.deepEqual(assessHealth(await api.get(paths.pvc('orphan'))), { status: 'Progressing' });
  });

  it('Service: ClusterIP Healthy, LoadBalancer without an address Progressing; ConfigMap has no health', async () => {
    const svc = (name: string, type: string): KubeObject => ({
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { type, selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    assert.deepEqual(assessHealth(await api.apply(paths.service('web'), svc('web', 'ClusterIP'))), { status: 'Healthy' });
    assert.deepEqual(assessHealth(await api.apply(paths.service('edge'), svc('edge', 'LoadBalancer'))), { status: 'Progressing' });
    const cm = await api.apply(paths.configmap('settings'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, data: { LOG_LEVEL: 'info' } });
    assert.equal(assessHealth(cm), undefined);
  });

  it('HPA without a metrics API: the controller reports FailedGetResourceMetric → Degraded, as Argo CD shows it', async () => {
    await api.apply(paths.hpa('web'), {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
    const { obj } = await waitForHealth(paths.hpa('web'), 'Degraded');
    const active = (obj['status'] as { conditions: Array<{ type: string; reason: string }> }).conditions.find((c) => c.type === 'ScalingActive');
    assert.equal(active?.reason, 'FailedGetResourceMetric');
  });

  it('an object held by a finalizer after DELETE → Progressing "Pending deletion"', async () => {
    await api.apply(paths.configmap('held'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: NS, finalizers: ['example.com/hold'] } });
    await api.del(paths.configmap('held'));
    assert.deepEqual(assessHealth(await api.get(paths.configmap('held'))), { status: 'Progressing', message: 'Pending deletion' });
    await api.patch(paths.configmap('held'), { metadata: { finalizers: null } });
  });

  it('app health over what is live: Degraded, caused by the broken Deployment and the HPA', async () => {
    const live = await Promise.all([
      paths.deployment('web'), paths.deployment('bad'), paths.statefulset('db'), paths.job('migrate'), paths.pvc('cache'), paths.service('web'), paths.configmap('settings'), paths.hpa('web'),
    ].map((p) => api.get(p)));
    const r = appHealth([...live.map((o) => ({ live: o })), { target: deploy('not-yet-applied', 'nginx:1.25') }]);
    assert.equal(r.status, 'Degraded');
    assert.equal(r.message, 'Caused by apps/Deployment:health/bad, autoscaling/HorizontalPodAutoscaler:health/web');
  });
});
