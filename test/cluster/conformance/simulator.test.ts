// The status simulator (issue 3, spec §3.11): Deployments roll out through ReplicaSets and Pods,
// StatefulSets become ready, Jobs complete, PVCs bind, Services get Endpoints, and an image
// tagged `broken` never becomes ready.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cells, deployYaml, dig, expectCode, expectLine, getObject, lines, row, setup, typeOf, waitUntil, type Env,
} from './helpers.js';

const MORE = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: redis:7.2
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: busybox:1.36
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

describe('status simulator', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: true });
    env.write('deploy.yaml', deployYaml(2));
    env.write('bad.yaml', deployYaml(1, 'bad', 'nginx:broken'));
    env.write('more.yaml', MORE);
  });
  after(async () => { await env?.close(); });

  it('a Deployment rolls out: rollout status and wait --for=condition=Available finish', async () => {
    expectCode(await env.kubectl('apply', '-f', 'deploy.yaml'), 0);
    const t0 = Date.now();
    const ro = await env.kubectl('rollout', 'status', 'deploy/web', '--timeout=20s');
    expectCode(ro, 0);
    expectLine(ro.stdout, 'deployment "web" successfully rolled out');
    assert.ok(Date.now() - t0 < 8000, `the simulated rollout took ${Date.now() - t0} ms`);
    const w = await env.kubectl('wait', '--for=condition=Available', 'deploy/web', '--timeout=20s');
    expectCode(w, 0);
    expectLine(w.stdout, 'deployment.apps/web condition met');
    const g = await env.kubectl('get', 'deploy', 'web');
    expectCode(g, 0);
    assert.deepEqual(row(g.stdout, 'web')?.slice(0, 4), ['web', '2/2', '2', '2']);

    const d = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web');
    assert.equal(dig(d, 'metadata', 'annotations', 'deployment.kubernetes.io/revision'), '1');
    const status = d?.metadata.managedFields?.find((e) => e.manager === 'kube-controller-manager' && e.subresource === 'status');
    assert.ok(status, `no kube-controller-manager status entry: ${JSON.stringify(d?.metadata.managedFields)}`);
    assert.equal(status.operation, 'Update');

    const pods = await waitUntil(async () => {
      const p = await env.kubectl('get', 'pods', '-l', 'app=web');
      const rows = lines(p.stdout).slice(1).map(cells);
      return rows.length === 2 && rows.every((c) => c[1] === '1/1' && c[2] === 'Running') ? rows : undefined;
    }, 'two Running pods of web', 15_000, 200);
    assert.ok(pods.every((c) => c[0]!.startsWith('web-')));
    const rs = await env.kubectl('get', 'rs', '-l', 'app=web');
    expectCode(rs, 0);
    const rsRows = lines(rs.stdout).slice(1).map(cells);
    assert.equal(rsRows.length, 1, rs.stdout);
    assert.deepEqual(rsRows[0]!.slice(1, 4), ['2', '2', '2']);
  });

  it('a template change rolls out a new revision', async () => {
    const s = await env.kubectl('set', 'image', 'deploy/web', 'web=nginx:1.26');
    expectCode(s, 0);
    const ro = await env.kubectl('rollout', 'status', 'deploy/web', '--timeout=20s');
    expectCode(ro, 0);
    expectLine(ro.stdout, 'deployment "web" successfully rolled out');
    const d = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web');
    assert.equal(dig(d, 'metadata', 'annotations', 'deployment.kubernetes.io/revision'), '2');
    assert.equal(dig(d, 'status', 'observedGeneration'), d?.metadata.generation);
  });

  it('an image tagged broken never becomes ready', async () => {
    expectCode(await env.kubectl('apply', '-f', 'bad.yaml'), 0);
    const t0 = Date.now();
    const ro = await env.kubectl('rollout', 'status', 'deploy/bad', '--timeout=3s');
    expectCode(ro, 1);
    assert.ok(Date.now() - t0 < 8000, `rollout status --timeout=3s took ${Date.now() - t0} ms`);
    expectLine(ro.stderr, /^error: timed out waiting for the condition/);
    const w = await env.kubectl('wait', '--for=condition=Available', 'deploy/bad', '--timeout=1s');
    expectCode(w, 1);
    const podT = typeOf(env.tc, '', 'v1', 'pods');
    await waitUntil(() => env.tc.cluster.list(podT, 'default').some((p) => p.metadata.labels?.['app'] === 'bad'), 'a pod for bad');
    const p = await env.kubectl('get', 'pods', '-l', 'app=bad');
    expectCode(p, 0);
    const rows = lines(p.stdout).slice(1).map(cells);
    assert.ok(rows.length >= 1, p.stdout);
    for (const c of rows) {
      assert.equal(c[1], '0/1', p.stdout);
      assert.match(c[2] ?? '', /^(ImagePullBackOff|ErrImagePull)$/, p.stdout);
    }
  });

  it('StatefulSets become ready, Jobs complete, PVCs bind, Services get Endpoints', async () => {
    expectCode(await env.kubectl('apply', '-f', 'more.yaml'), 0);
    const sts = await env.kubectl('rollout', 'status', 'sts/db', '--timeout=20s');
    expectCode(sts, 0);
    const job = await env.kubectl('wait', '--for=condition=complete', 'job/migrate', '--timeout=20s');
    expectCode(job, 0);
    expectLine(job.stdout, 'job.batch/migrate condition met');
    const pvc = await env.kubectl('wait', '--for=jsonpath={.status.phase}=Bound', 'pvc/data', '--timeout=20s');
    expectCode(pvc, 0);
    expectLine(pvc.stdout, 'persistentvolumeclaim/data condition met');
    const epT = typeOf(env.tc, '', 'v1', 'endpoints');
    const ips = await waitUntil(() => {
      const ep = env.tc.cluster.tryGet(epT, 'default', 'web');
      const a = dig(ep, 'subsets', 0, 'addresses') as unknown[] | undefined;
      return a && a.length === 2 ? a : undefined;
    }, 'two endpoint addresses for service web');
    assert.equal(ips.length, 2);
  });
});
