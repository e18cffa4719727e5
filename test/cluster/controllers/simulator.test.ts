// The status simulator against a real Cluster, on millisecond delays.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KObject } from '../api/types.js';
import { condition, deployment, dig, harness, sleep, waitFor, type Harness } from './test-helpers.js';

let h: Harness | undefined;
afterEach(() => { h?.stop(); h = undefined; });

const pods = (hh: Harness, label: string, value: string) => hh.list('', 'pods', 'default').filter((p) => p.metadata.labels?.[label] === value);
const ready = (p: KObject) => condition(p, 'Ready')?.status === 'True';

/** kubectl rollout status's success test (spec §3.11). */
function rolledOut(d: KObject | undefined): boolean {
  const s = (d?.['status'] ?? {}) as Record<string, number>;
  const want = (d?.['spec'] as { replicas: number }).replicas;
  return (s['observedGeneration'] ?? 0) >= (d?.metadata.generation ?? 1) && (s['updatedReplicas'] ?? 0) === want &&
    (s['replicas'] ?? 0) === want && (s['availableReplicas'] ?? 0) === want;
}

describe('Deployment', () => {
  it('rolls out through a ReplicaSet and Pods and reports Available', async () => {
    h = harness();
    h.create('apps', 'deployments', 'default', deployment('web', 3));
    const d = await waitFor(() => { const x = h!.get('apps', 'deployments', 'default', 'web'); return rolledOut(x) ? x : undefined; }, 'rollout');
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.metadata.generation, 1, 'the revision annotation must not bump the generation');
    assert.deepEqual(condition(d, 'Available'), {
      type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.',
      lastUpdateTime: dig(condition(d, 'Available'), 'lastUpdateTime'), lastTransitionTime: dig(condition(d, 'Available'), 'lastTransitionTime'),
    });
    const rs = h.list('apps', 'replicasets', 'default');
    assert.equal(rs.length, 1);
    const hash = rs[0]!.metadata.labels?.['pod-template-hash'];
    assert.match(rs[0]!.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs[0]!.metadata.name, `web-${hash}`);
    assert.equal(rs[0]!.metadata.ownerReferences?.[0]?.kind, 'Deployment');
    assert.equal(rs[0]!.metadata.ownerReferences?.[0]?.controller, true);
    assert.equal(condition(d, 'Progressing')?.message, `ReplicaSet "web-${hash}" has successfully progressed.`);
    const ps = pods(h, 'app', 'web');
    assert.equal(ps.length, 3);
    for (const p of ps) {
      assert.equal(dig(p, 'status', 'phase'), 'Running');
      assert.ok(ready(p));
      assert.match(String(dig(p, 'status', 'podIP')), /^10\.244\.\d+\.\d+$/);
      assert.equal(dig(p, 'status', 'containerStatuses', 0, 'image'), 'docker.io/library/nginx:1.25');
      assert.equal(p.metadata.ownerReferences?.[0]?.name, rs[0]!.metadata.name);
    }
    const mf = d.metadata.managedFields?.find((e) => e.manager === 'kube-controller-manager' && e.subresource === 'status');
    assert.equal(mf?.operation, 'Update');
  });

  it('a template change creates revision 2 and scales the old ReplicaSet down', async () => {
    h = harness();
    h.create('apps', 'deployments', 'default', deployment('web', 2));
    await waitFor(() => rolledOut(h!.get('apps', 'deployments', 'default', 'web')), 'first rollout');
    const cur = h.get('apps', 'deployments', 'default', 'web')!;
    const next = structuredClone(cur);
    delete next.metadata.managedFields;
    (dig(next, 'spec', 'template', 'spec', 'containers', 0) as Record<string, unknown>)['image'] = 'nginx:1.26';
    h.cluster.update(h.t('apps', 'deployments'), 'default', 'web', next, { manager: 'test' });
    const d = await waitFor(() => {
      const x = h!.get('apps', 'deployments', 'default', 'web');
      return x?.metadata.generation === 2 && rolledOut(x) ? x : undefined;
    }, 'second rollout');
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    const rs = h.list('apps', 'replicasets', 'default');
    assert.equal(rs.length, 2);
    const old = rs.find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1')!;
    assert.equal(dig(old, 'spec', 'replicas'), 0);
    await waitFor(() => pods(h!, 'app', 'web').length === 2 && pods(h!, 'app', 'web').every((p) => dig(p, 'spec', 'containers', 0, 'image') === 'nginx:1.26'), 'only new pods');
  });

  it('a broken image: ImagePullBackOff, Available False, then ProgressDeadlineExceeded', async () => {
    h = harness();
    h.create('apps', 'deployments', 'default', deployment('bad', 1, 'nginx:broken', { progressDeadlineSeconds: 1 }));
    const p = await waitFor(() => pods(h!, 'app', 'bad').find((x) => dig(x, 'status', 'containerStatuses', 0, 'state', 'waiting', 'reason') === 'ImagePullBackOff'), 'ImagePullBackOff');
    assert.equal(dig(p, 'status', 'phase'), 'Pending');
    assert.equal(condition(p, 'Ready')?.status, 'False');
    let d = h.get('apps', 'deployments', 'default', 'bad')!;
    await waitFor(() => { d = h!.get('apps', 'deployments', 'default', 'bad')!; return condition(d, 'Available'); }, 'Available condition');
    assert.equal(condition(d, 'Available')?.status, 'False');
    assert.equal(condition(d, 'Available')?.reason, 'MinimumReplicasUnavailable');
    assert.equal(condition(d, 'Progressing')?.status, 'True');
    d = await waitFor(() => {
      const x = h!.get('apps', 'deployments', 'default', 'bad');
      return condition(x, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? x : undefined;
    }, 'ProgressDeadlineExceeded', 5000);
    assert.equal(condition(d, 'Progressing')?.status, 'False');
    assert.match(String(condition(d, 'Progressing')?.message), /^ReplicaSet "bad-\w+" has timed out progressing\.$/);
    const events = h.list('', 'events', 'default').filter((e) => dig(e, 'involvedObject', 'name') === p.metadata.name);
    assert.ok(events.some((e) => e['reason'] === 'BackOff' && e['type'] === 'Normal'), 'BackOff event');
    assert.ok(events.some((e) => e['reason'] === 'Failed' && e['type'] === 'Warning'), 'Failed event');
  });

  it('a broken update keeps the old pods serving (maxUnavailable) and stays Available', async () => {
    h = harness();
    h.create('apps', 'deployments', 'default', deployment('web', 4));
    await waitFor(() => rolledOut(h!.get('apps', 'deployments', 'default', 'web')), 'first rollout');
    const next = structuredClone(h.get('apps', 'deployments', 'default', 'web')!);
    delete next.metadata.managedFields;
    (dig(next, 'spec', 'template', 'spec', 'containers', 0) as Record<string, unknown>)['image'] = 'nginx:broken';
    h.cluster.update(h.t('apps', 'deployments'), 'default', 'web', next, { manager: 'test' });
    await sleep(150);
    const d = h.get('apps', 'deployments', 'default', 'web')!;
    // 25% of 4: one surge pod, one unavailable allowed → 3 old ready + 2 new broken.
    const s = d['status'] as Record<string, number>;
    assert.equal(s['availableReplicas'], 3);
    assert.equal(s['updatedReplicas'], 2);
    assert.equal(condition(d, 'Available')?.status, 'True');
    assert.equal(condition(d, 'Progressing')?.reason, 'ReplicaSetUpdated');
    assert.ok(!rolledOut(d));
  });

  it('scales with spec.replicas and stops when the simulator is off', async () => {
    h = harness();
    h.create('apps', 'deployments', 'default', deployment('web', 1));
    await waitFor(() => rolledOut(h!.get('apps', 'deployments', 'default', 'web')), 'rollout');
    h.cluster.updateScale(h.t('apps', 'deployments'), 'default', 'web', { metadata: { name: 'web' }, spec: { replicas: 3 } }, { manager: 'test' });
    await waitFor(() => pods(h!, 'app', 'web').filter(ready).length === 3, 'three ready pods');
    h.controllers.setSimulate(false);
    h.create('apps', 'deployments', 'default', deployment('idle', 1));
    await sleep(50);
    assert.equal(h.list('apps', 'replicasets', 'default').filter((r) => r.metadata.name!.startsWith('idle-')).length, 0);
    h.controllers.setSimulate(true);
    await waitFor(() => rolledOut(h!.get('apps', 'deployments', 'default', 'idle')), 'rollout after switching back on');
  });
});

describe('other workloads', () => {
  it('StatefulSet: ordered pods with claims, ready status', async () => {
    h = harness();
    h.create('apps', 'statefulsets', 'default', {
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'redis:7.2' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    const s = await waitFor(() => {
      const x = h!.get('apps', 'statefulsets', 'default', 'db');
      return dig(x, 'status', 'readyReplicas') === 2 ? x : undefined;
    }, 'two ready replicas');
    assert.equal(dig(s, 'status', 'currentRevision'), dig(s, 'status', 'updateRevision'));
    assert.equal(dig(s, 'status', 'availableReplicas'), 2);
    assert.deepEqual(pods(h, 'app', 'db').map((p) => p.metadata.name).sort(), ['db-0', 'db-1']);
    await waitFor(() => ['data-db-0', 'data-db-1'].every((n) => dig(h!.get('', 'persistentvolumeclaims', 'default', n), 'status', 'phase') === 'Bound'), 'claims bound');
    assert.ok(h.list('apps', 'controllerrevisions', 'default').length >= 1);
  });

  it('DaemonSet: one pod on the node', async () => {
    h = harness();
    h.create('apps', 'daemonsets', 'default', {
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox:1.36' }] } } },
    });
    const d = await waitFor(() => { const x = h!.get('apps', 'daemonsets', 'default', 'agent'); return dig(x, 'status', 'numberAvailable') === 1 ? x : undefined; }, 'available');
    assert.equal(dig(d, 'status', 'desiredNumberScheduled'), 1);
    assert.equal(dig(d, 'status', 'updatedNumberScheduled'), 1);
    assert.equal(dig(d, 'status', 'numberReady'), 1);
  });

  it('Job: completes; with a broken image fails after backoffLimit', async () => {
    h = harness();
    const job = (name: string, image: string, backoffLimit?: number): KObject => ({
      metadata: { name, namespace: 'default' },
      spec: { backoffLimit, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image }] } } },
    });
    h.create('batch', 'jobs', 'default', job('ok', 'busybox:1.36'));
    h.create('batch', 'jobs', 'default', job('bad', 'busybox:broken', 2));
    const ok = await waitFor(() => { const x = h!.get('batch', 'jobs', 'default', 'ok'); return condition(x, 'Complete') ? x : undefined; }, 'Complete');
    assert.deepEqual((dig(ok, 'status', 'conditions') as Array<{ type: string }>).map((c) => c.type), ['SuccessCriteriaMet', 'Complete']);
    assert.equal(dig(ok, 'status', 'succeeded'), 1);
    assert.ok(dig(ok, 'status', 'completionTime'));
    const bad = await waitFor(() => { const x = h!.get('batch', 'jobs', 'default', 'bad'); return condition(x, 'Failed') ? x : undefined; }, 'Failed');
    assert.equal(condition(bad, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(dig(bad, 'status', 'failed'), 3);
  });

  it('PVC binds to a provisioned PV; deleting it deletes the PV', async () => {
    h = harness();
    h.create('', 'persistentvolumeclaims', 'default', {
      metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const pvc = await waitFor(() => { const x = h!.get('', 'persistentvolumeclaims', 'default', 'data'); return dig(x, 'status', 'phase') === 'Bound' ? x : undefined; }, 'Bound');
    const pvName = `pvc-${pvc.metadata.uid}`;
    assert.equal(dig(h.get('', 'persistentvolumes', undefined, pvName), 'status', 'phase'), 'Bound');
    assert.deepEqual(dig(pvc, 'status', 'capacity'), { storage: '1Gi' });
    h.cluster.delete(h.t('', 'persistentvolumeclaims'), 'default', 'data', {});
    await waitFor(() => !h!.get('', 'persistentvolumes', undefined, pvName), 'PV deleted');
  });

  it('without a StorageClass a claim stays Pending', async () => {
    h = harness({ bootstrap: false });
    h.create('', 'persistentvolumeclaims', 'default', {
      metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    await sleep(50);
    assert.notEqual(dig(h.get('', 'persistentvolumeclaims', 'default', 'data'), 'status', 'phase'), 'Bound');
  });

  it('Service gets Endpoints of ready pods; they follow the pods', async () => {
    h = harness();
    h.create('', 'services', 'default', { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    h.create('apps', 'deployments', 'default', deployment('web', 2));
    const ep = await waitFor(() => {
      const x = h!.get('', 'endpoints', 'default', 'web');
      return (dig(x, 'subsets', 0, 'addresses') as unknown[] | undefined)?.length === 2 ? x : undefined;
    }, 'two addresses');
    assert.deepEqual(dig(ep, 'subsets', 0, 'ports'), [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.equal(dig(ep, 'subsets', 0, 'addresses', 0, 'targetRef', 'kind'), 'Pod');
    h.cluster.delete(h.t('', 'services'), 'default', 'web', {});
    await waitFor(() => !h!.get('', 'endpoints', 'default', 'web'), 'endpoints removed with the service');
  });

  it('HPA keeps the target within min/max and reports its status', async () => {
    h = harness();
    h.create('apps', 'deployments', 'default', deployment('web', 1));
    h.create('autoscaling', 'horizontalpodautoscalers', 'default', {
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5 },
    });
    await waitFor(() => dig(h!.get('apps', 'deployments', 'default', 'web'), 'spec', 'replicas') === 2, 'scaled to minReplicas');
    const hpa = await waitFor(() => { const x = h!.get('autoscaling', 'horizontalpodautoscalers', 'default', 'web'); return dig(x, 'status', 'currentReplicas') === 2 ? x : undefined; }, 'HPA status');
    assert.equal(dig(hpa, 'status', 'desiredReplicas'), 2);
    assert.equal(condition(hpa, 'AbleToScale')?.status, 'True');
    assert.equal(condition(hpa, 'ScalingActive')?.reason, 'FailedGetResourceMetric');
  });
});
