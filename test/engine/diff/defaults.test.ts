// The engine's table of API-server defaults against the Kubernetes API test server: for each
// manifest, a server-side-apply dry-run (real kubectl) must equal the manifest with the engine's
// defaults filled in, except what the server allocates or generates (Service IPs and node ports,
// the Job selector and labels). Catches a default the engine forgets or gets wrong.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import { makeKubectl, type Kubectl } from '../../cluster/testing/kubectl.js';
import { applyServerDefaults } from '../../../src/engine/diff/defaults/index.js';
import { diffTree } from '../../../src/engine/diff/diff-tree.js';
import { normalizeForCompare, prepareDesired } from '../../../src/engine/diff/normalize.js';
import { renderPath } from '../../../src/engine/diff/path.js';
import { holdsRetained, isRetained } from '../../../src/engine/diff/retained.js';
import { builtinSemantics, splitApiVersion } from '../../../src/engine/schema/index.js';
import type { KubeObject } from '../../../src/engine/types.js';
import {
  configMap, cronJob, deployment, hpa, job, namespace, networkPolicy, pvc, roleBinding, secret, service, statefulSet, type Obj,
} from './case-objects.js';

let cluster: TestCluster;
let k: Kubectl;
before(async () => {
  cluster = await startTestCluster({ simulate: false, bootstrap: false });
  k = makeKubectl(cluster);
  const r = await k.run(['create', 'namespace', 'defaults']);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  k.dispose();
  await cluster.close();
});

const ns = (o: Obj): Obj => JSON.parse(JSON.stringify(o).replace(/"NS"/g, '"defaults"')) as Obj;

const MANIFESTS: Array<[string, Obj]> = [
  ['Deployment', deployment((o) => {
    const c = o.spec.template.spec.containers[0];
    c.livenessProbe = { httpGet: { port: 8080 } };
    c.startupProbe = { exec: { command: ['true'] } };
    c.lifecycle = { preStop: { httpGet: { port: 8080, path: '/quit' } } };
    c.env.push({ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    c.ports.push({ containerPort: 9125, protocol: 'UDP' });
    o.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox' }];
    o.spec.template.spec.volumes = [
      { name: 'cfg', configMap: { name: 'web-config' } }, { name: 'sec', secret: { secretName: 'db' } },
      { name: 'tmp' }, { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'proj', projected: { sources: [{ configMap: { name: 'web-config' } }] } }, { name: 'host', hostPath: { path: '/var/log' } },
    ];
  })],
  ['Deployment Recreate', deployment((o) => { o.metadata.name = 'recreate'; o.spec.strategy = { type: 'Recreate' }; })],
  ['StatefulSet', statefulSet()],
  ['DaemonSet', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'NS' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'agent:1.0' }] } } } }],
  ['ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'NS' }, spec: { selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'c', image: 'c:latest' }] } } } }],
  ['Job', job()],
  ['CronJob', cronJob()],
  ['Service ClusterIP', service()],
  ['Service NodePort', service((o) => { o.metadata.name = 'np'; o.spec.type = 'NodePort'; })],
  ['Service LoadBalancer', service((o) => { o.metadata.name = 'lb'; o.spec.type = 'LoadBalancer'; })],
  ['Service headless', service((o) => { o.metadata.name = 'headless'; o.spec.clusterIP = 'None'; })],
  ['Service ClientIP affinity', service((o) => { o.metadata.name = 'sticky'; o.spec.sessionAffinity = 'ClientIP'; })],
  ['Secret', secret({ a: 'b' })],
  ['ConfigMap', configMap()],
  ['Namespace', namespace('defaults-ns')],
  ['PVC', pvc()],
  ['RoleBinding', roleBinding()],
  ['NetworkPolicy', networkPolicy()],
  ['NetworkPolicy egress', { ...networkPolicy(), metadata: { name: 'egress', namespace: 'NS' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 443 }] }] } }],
  ['HPA', hpa()],
  ['HPA behavior', { ...hpa(), metadata: { name: 'behave', namespace: 'NS' }, spec: { ...hpa().spec, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }],
];

for (const [title, manifest] of MANIFESTS) {
  test(`defaults: ${title}`, async () => {
    const desired = ns(manifest) as KubeObject;
    const r = await k.run(['apply', '--server-side', '--dry-run=server', '--field-manager=plumb', '-o', 'json', '-f', '-'], { stdin: stringify(desired) });
    assert.equal(r.code, 0, r.stderr);
    const live = JSON.parse(r.stdout) as KubeObject;
    const { group, version } = splitApiVersion(desired.apiVersion!);
    const kind = desired.kind!;
    const predicted = normalizeForCompare(prepareDesired(desired));
    applyServerDefaults(predicted, { group, version, kind, name: desired.metadata?.name });
    const root = builtinSemantics.forKind(desired.apiVersion!, kind);
    const diffs = diffTree(predicted, normalizeForCompare(live), root)
      .filter((d) => !isRetained(group, kind, d.path) && !holdsRetained(group, kind, d.path))
      .map((d) => `${renderPath(d.path)}: engine ${JSON.stringify(d.predicted)}, server ${JSON.stringify(d.live)}`);
    assert.deepEqual(diffs, []);
  });
}
