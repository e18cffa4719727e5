import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../api/types.js';
import { applyDefaults, setCrdStatus } from './defaults.js';

const gvk = (apiVersion: string, kind: string) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  return { group, version, kind };
};

function defaulted(obj: KObject, ctx: { isCreate?: boolean; uid?: string; now?: string } = {}): KObject {
  const o = structuredClone(obj);
  applyDefaults(gvk(o.apiVersion!, o.kind!), o, { isCreate: ctx.isCreate ?? true, uid: ctx.uid, now: ctx.now });
  return o;
}

const deployYaml = (): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
});

test('T9: deploy.yaml gets exactly the 1.32 default set', () => {
  assert.deepEqual(defaulted(deployYaml()), {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: {
      progressDeadlineSeconds: 600, replicas: 2, revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [{
            image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', name: 'web', resources: {},
            terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
          }],
          dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {},
  });
});

test('defaults are idempotent and keep user values', () => {
  const once = defaulted(deployYaml());
  assert.deepEqual(defaulted(once), once);
  const d = deployYaml();
  (d['spec'] as Record<string, unknown>)['strategy'] = { type: 'Recreate' };
  (d['spec'] as Record<string, unknown>)['replicas'] = 0;
  const out = defaulted(d)['spec'] as Record<string, unknown>;
  assert.deepEqual(out['strategy'], { type: 'Recreate' });
  assert.equal(out['replicas'], 0);
});

test('imagePullPolicy: latest/untagged → Always, tags and digests → IfNotPresent', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'Always'], ['nginx:latest', 'Always'], ['localhost:5000/nginx', 'Always'], ['nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'], ['registry:5000/team/app:v2', 'IfNotPresent'],
  ];
  for (const [image, want] of cases) {
    const d = deployYaml();
    ((d['spec'] as any).template.spec.containers[0]).image = image;
    const c = (defaulted(d)['spec'] as any).template.spec.containers[0];
    assert.equal(c.imagePullPolicy, want, image);
  }
});

test('PodSpec details: ports, probes, fieldRef, volumes, init containers', () => {
  const d = deployYaml();
  (d['spec'] as any).template.spec = {
    initContainers: [{ name: 'init', image: 'busybox' }],
    containers: [{
      name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }],
      livenessProbe: { httpGet: { port: 80 } },
      env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    }],
    volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 's', secret: { secretName: 's' } }, { name: 'scratch' }, { name: 'h', hostPath: { path: '/x' } }],
  };
  const spec = (defaulted(d)['spec'] as any).template.spec;
  assert.equal(spec.initContainers[0].imagePullPolicy, 'Always');
  assert.equal(spec.initContainers[0].terminationMessagePolicy, 'File');
  const c = spec.containers[0];
  assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }]);
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(spec.volumes, [
    { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }, { name: 's', secret: { secretName: 's', defaultMode: 420 } },
    { name: 'scratch', emptyDir: {} }, { name: 'h', hostPath: { path: '/x', type: '' } },
  ]);
});

test('T22: CronJob defaults, no Job defaults inside jobTemplate.spec', () => {
  const cj = defaulted({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly-report', namespace: 'platform' },
    spec: {
      schedule: '0 2 * * *',
      jobTemplate: { spec: { template: { spec: { serviceAccountName: 'reporter', restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'date'] }] } } } },
    },
  });
  const spec = cj['spec'] as any;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  assert.equal(spec.suspend, false);
  assert.deepEqual(spec.jobTemplate.metadata, { creationTimestamp: null });
  assert.deepEqual(Object.keys(spec.jobTemplate.spec).sort(), ['template']);
  assert.equal(spec.jobTemplate.spec.backoffLimit, undefined);
  assert.deepEqual(spec.jobTemplate.spec.template.metadata, { creationTimestamp: null });
  assert.equal(spec.jobTemplate.spec.template.spec.restartPolicy, 'OnFailure');
  assert.equal(spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.deepEqual(cj['status'], {});
});

test('Job: defaults and the server-generated selector and labels', () => {
  const uid = '11111111-2222-3333-4444-555555555555';
  const job = defaulted({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', uid },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
  }, { uid });
  const spec = job['spec'] as any;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.equal(spec.manualSelector, false);
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
  assert.deepEqual(spec.template.metadata.labels, labels);
  assert.deepEqual(job.metadata.labels, labels);

  const manual = defaulted({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'm', uid, labels: { own: 'x' } },
    spec: { manualSelector: true, parallelism: 3, backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 3,
      selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x' }] } } },
  }, { uid });
  const ms = manual['spec'] as any;
  assert.deepEqual(ms.selector, { matchLabels: { a: 'b' } });
  assert.equal(ms.backoffLimit, 2147483647);
  assert.deepEqual(manual.metadata.labels, { own: 'x' });
});

test('T23: Service defaults (ClusterIP, named targetPort kept)', () => {
  const svc = defaulted({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090 }] },
  });
  assert.deepEqual(svc['spec'], {
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }, { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 }],
    type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  assert.deepEqual(svc['status'], { loadBalancer: {} });
});

test('Service: NodePort/LoadBalancer, headless with and without selector, ExternalName', () => {
  const lb = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } });
  const s = lb['spec'] as any;
  assert.equal(s.externalTrafficPolicy, 'Cluster');
  assert.equal(s.internalTrafficPolicy, 'Cluster');
  assert.equal(s.allocateLoadBalancerNodePorts, true);

  const headless = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis' }, spec: { clusterIP: 'None', selector: { app: 'redis' }, ports: [{ port: 6379 }] } });
  const h = headless['spec'] as any;
  assert.deepEqual([h.clusterIP, h.clusterIPs, h.ipFamilyPolicy, h.ipFamilies], ['None', ['None'], 'SingleStack', ['IPv4']]);

  const bare = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { clusterIP: 'None' } });
  const b = bare['spec'] as any;
  assert.deepEqual([b.ipFamilyPolicy, b.ipFamilies], ['RequireDualStack', ['IPv4', 'IPv6']]);

  const en = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'en' }, spec: { type: 'ExternalName', externalName: 'example.com', ipFamilies: ['IPv4'] } });
  const e = en['spec'] as any;
  assert.equal(e.ipFamilies, undefined);
  assert.equal(e.internalTrafficPolicy, undefined);

  const withIp = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'w' }, spec: { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] } });
  assert.deepEqual((withIp['spec'] as any).clusterIPs, ['10.96.0.10']);
});

test('T24: StatefulSet defaults incl. volumeClaimTemplates', () => {
  const sts = defaulted({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'redis', namespace: 'infra' },
    spec: {
      serviceName: 'redis', selector: { matchLabels: { app: 'redis' } },
      template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  const spec = sts['spec'] as any;
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(spec.updateStrategy, { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.volumeClaimTemplates[0], {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', creationTimestamp: null },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  });
  assert.deepEqual(sts['status'], { replicas: 0, availableReplicas: 0 });
  // OnDelete keeps no rollingUpdate; an explicit rollingUpdate gets partition 0.
  const onDelete = defaulted({ ...sts, spec: { ...spec, updateStrategy: { type: 'OnDelete' } } });
  assert.deepEqual((onDelete['spec'] as any).updateStrategy, { type: 'OnDelete' });
});

test('DaemonSet and ReplicaSet status zeros and strategy', () => {
  const ds = defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec: { containers: [] } } } });
  assert.deepEqual((ds['spec'] as any).updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.deepEqual(ds['status'], { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
  const rs = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { template: { spec: {} } } });
  assert.equal((rs['spec'] as any).replicas, 1);
  assert.deepEqual(rs['status'], { replicas: 0 });
});

test('Secret: type Opaque, stringData → base64 data (stringData wins), stringData removed', () => {
  const s = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'b2xk', keep: 'eA==' }, stringData: { a: 'new', apiKey: 'x', pw: 'hünter2' } });
  assert.equal(s['type'], 'Opaque');
  assert.equal(s['stringData'], undefined);
  assert.deepEqual(s['data'], { a: 'bmV3', keep: 'eA==', apiKey: 'eA==', pw: Buffer.from('hünter2').toString('base64') });
  const tls = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'kubernetes.io/tls' });
  assert.equal(tls['type'], 'kubernetes.io/tls');
});

test('Namespace: forced name label, kubernetes finalizer, phase', () => {
  const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'kubernetes.io/metadata.name': 'other', team: 'a' } } });
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'demo', team: 'a' });
  assert.deepEqual(ns['spec'], { finalizers: ['kubernetes'] });
  assert.deepEqual(ns['status'], { phase: 'Active' });
  const gone = defaulted({ ...ns, metadata: { ...ns.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } }, { isCreate: false });
  assert.deepEqual(gone['status'], { phase: 'Terminating' });
});

test('RoleBinding: roleRef and subject apiGroups', () => {
  const rb = defaulted({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reporter' },
    roleRef: { kind: 'Role', name: 'reporter' },
    subjects: [{ kind: 'ServiceAccount', name: 'reporter', namespace: 'platform' }, { kind: 'User', name: 'jane' }, { kind: 'Group', name: 'devs' }],
  });
  assert.deepEqual(rb['roleRef'], { kind: 'Role', name: 'reporter', apiGroup: 'rbac.authorization.k8s.io' });
  assert.deepEqual(rb['subjects'], [
    { kind: 'ServiceAccount', name: 'reporter', namespace: 'platform' },
    { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
  ]);
});

test('PVC, Ingress, NetworkPolicy, HPA v2/v1, Pod', () => {
  const pvc = defaulted({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  assert.equal((pvc['spec'] as any).volumeMode, 'Filesystem');
  assert.deepEqual(pvc['status'], { phase: 'Pending' });

  const ing = defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: {} });
  assert.deepEqual(ing['status'], { loadBalancer: {} });

  const np = defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
  assert.deepEqual((np['spec'] as any).policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual((np['spec'] as any).egress[0].ports[0], { port: 53, protocol: 'TCP' });

  const hpa = defaulted({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
  const hs = hpa['spec'] as any;
  assert.equal(hs.minReplicas, 1);
  assert.deepEqual(hs.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.deepEqual(hs.behavior.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
  assert.deepEqual(hs.behavior.scaleDown, { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  assert.equal(hs.behavior.scaleDown.selectionStrategy, undefined);
  const hpaNoBehavior = defaulted({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 2 } });
  assert.equal((hpaNoBehavior['spec'] as any).behavior, undefined);
  const v1 = defaulted({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 2 } });
  assert.deepEqual(v1['spec'], { maxReplicas: 2, minReplicas: 1, targetCPUUtilizationPercentage: 80 });

  const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } });
  const ps = pod['spec'] as any;
  assert.equal(ps.enableServiceLinks, true);
  assert.deepEqual(ps.containers[0].resources.requests, { cpu: '1', memory: '1Gi' });
  assert.deepEqual(pod['status'], { phase: 'Pending', qosClass: 'Guaranteed' });
  const tmplPod = defaulted(deployYaml());
  assert.equal((tmplPod['spec'] as any).template.spec.enableServiceLinks, undefined);
});

test('CRD defaults and controller status', () => {
  const crd: KObject = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'applications.argoproj.io' },
    spec: {
      group: 'argoproj.io', scope: 'Namespaced',
      names: { kind: 'Application', plural: 'applications', shortNames: ['app', 'apps'] },
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {} } }],
    },
  };
  const out = defaulted(crd, { now: '2025-01-01T10:00:00Z' });
  const spec = out['spec'] as any;
  assert.deepEqual(spec.conversion, { strategy: 'None' });
  assert.equal(spec.names.singular, 'application');
  assert.equal(spec.names.listKind, 'ApplicationList');
  assert.deepEqual(out['status'], {
    acceptedNames: { kind: 'Application', plural: 'applications', shortNames: ['app', 'apps'], singular: 'application', listKind: 'ApplicationList' },
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: '2025-01-01T10:00:00Z' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: '2025-01-01T10:00:00Z' },
    ],
    storedVersions: ['v1alpha1'],
  });
  // Later: transition times stay, a new storage version is appended.
  spec.versions = [{ ...spec.versions[0], storage: false }, { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }];
  setCrdStatus(out, new Date('2025-02-01T00:00:00.123Z'));
  const st = out['status'] as any;
  assert.equal(st.conditions[1].lastTransitionTime, '2025-01-01T10:00:00Z');
  assert.deepEqual(st.storedVersions, ['v1alpha1', 'v1']);
});

test('unknown kinds and custom resources are left alone', () => {
  const o: KObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root' }, spec: {} };
  assert.deepEqual(defaulted(o), o);
});
