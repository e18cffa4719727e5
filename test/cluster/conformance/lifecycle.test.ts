// Spec §6 T22–T30: the sample repository through apply -R / -k, defaults of CronJob, Service and
// StatefulSet, wait/rollout/scale without controllers, deletion, finalizers and namespace lifecycle.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import {
  CM_YAML, SHOP, api, cells, deployYaml, describeLog, dig, expectCode, expectLine, expectRequest, getObject, lines, pathOf,
  queryOf, row, setup, startKubectl, waitUntil, type Env,
} from './helpers.js';

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';
const C1 = '/api/v1/namespaces/default/configmaps/c1';

function inServiceCidr(ip: string): boolean {
  const p = ip.split('.').map(Number);
  return p.length === 4 && p[0] === 10 && p[1]! >= 96 && p[1]! <= 111;
}

describe('lifecycle (T22–T30)', { timeout: 150_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    env.write('cm.yaml', CM_YAML);
    env.write('cm2.yaml', CM_YAML.replace('name: c1', 'name: c2'));
    env.write('deploy.yaml', deployYaml(2));
  });
  after(async () => { await env?.close(); });

  it('T22 apply -R of the platform folder; CronJob and RoleBinding defaults', async () => {
    const n = await env.kubectl('apply', '-f', join(SHOP, 'platform/namespace.yaml'));
    expectCode(n, 0);
    expectLine(n.stdout, 'namespace/platform created');
    const r = await env.kubectl('apply', '-R', '-f', join(SHOP, 'platform'));
    expectCode(r, 0);
    assert.deepEqual(lines(r.stdout).sort(), [
      'cronjob.batch/nightly-report created',
      'namespace/platform unchanged',
      'role.rbac.authorization.k8s.io/reporter created',
      'rolebinding.rbac.authorization.k8s.io/reporter created',
      'serviceaccount/reporter created',
    ]);
    const cj = await env.kubectl('get', 'cronjob', 'nightly-report', '-n', 'platform', '-o', 'yaml');
    expectCode(cj, 0);
    const spec = dig(YAML.parse(cj.stdout), 'spec');
    assert.equal(dig(spec, 'concurrencyPolicy'), 'Allow');
    assert.equal(dig(spec, 'successfulJobsHistoryLimit'), 3);
    assert.equal(dig(spec, 'failedJobsHistoryLimit'), 1);
    assert.equal(dig(spec, 'suspend'), false);
    const jobSpec = dig(spec, 'jobTemplate', 'spec') as Record<string, unknown>;
    assert.equal(jobSpec['backoffLimit'], undefined, 'jobTemplate.spec must get no Job defaults');
    assert.equal(dig(jobSpec, 'template', 'spec', 'containers', 0, 'terminationMessagePath'), '/dev/termination-log', 'PodSpec defaults inside the jobTemplate');
    const rb = await env.kubectl('get', 'rolebinding', 'reporter', '-n', 'platform', '-o', 'jsonpath={.roleRef.apiGroup}');
    expectCode(rb, 0);
    assert.equal(rb.stdout, 'rbac.authorization.k8s.io');
  });

  it('T23 apply -k of the storefront prod overlay, diff -k is clean, Service allocation', async () => {
    const ns = await env.kubectl('create', 'ns', 'shop');
    expectCode(ns, 0);
    expectLine(ns.stdout, 'namespace/shop created');
    const overlay = join(SHOP, 'apps/storefront/overlays/prod');
    const r = await env.kubectl('apply', '-k', overlay);
    expectCode(r, 0);
    expectLine(r.stdout, /^configmap\/web-config-[a-z0-9]{10} created$/);
    expectLine(r.stdout, 'service/web created');
    expectLine(r.stdout, 'deployment.apps/web created');
    const d = await env.kubectl('diff', '-k', overlay);
    expectCode(d, 0, 'diff right after apply');
    assert.equal(d.stdout, '');

    const s = await env.kubectl('get', 'svc', 'web', '-n', 'shop', '-o', 'yaml');
    expectCode(s, 0);
    const svc: unknown = YAML.parse(s.stdout);
    const spec = dig(svc, 'spec');
    const ip = dig(spec, 'clusterIP');
    assert.equal(typeof ip, 'string');
    assert.ok(inServiceCidr(ip as string), `clusterIP ${String(ip)} outside 10.96.0.0/12`);
    assert.deepEqual(dig(spec, 'clusterIPs'), [ip]);
    assert.deepEqual(dig(spec, 'ipFamilies'), ['IPv4']);
    assert.equal(dig(spec, 'ipFamilyPolicy'), 'SingleStack');
    assert.equal(dig(spec, 'internalTrafficPolicy'), 'Cluster');
    assert.equal(dig(spec, 'sessionAffinity'), 'None');
    assert.equal(dig(spec, 'type'), 'ClusterIP');
    assert.deepEqual(dig(spec, 'ports'), [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
    assert.deepEqual(dig(svc, 'status'), { loadBalancer: {} });
  });

  it('T24 apply -k infra -n infra: headless Service and StatefulSet defaults', async () => {
    expectCode(await env.kubectl('create', 'ns', 'infra'), 0);
    const r = await env.kubectl('apply', '-k', join(SHOP, 'infra'), '-n', 'infra');
    expectCode(r, 0);
    expectLine(r.stdout, 'service/redis created');
    expectLine(r.stdout, 'statefulset.apps/redis created');
    const redis = getObject(env.tc, '', 'v1', 'services', 'infra', 'redis');
    assert.ok(redis, 'service redis is not in namespace infra');
    assert.equal(dig(redis, 'spec', 'clusterIP'), 'None');
    assert.deepEqual(dig(redis, 'spec', 'clusterIPs'), ['None']);
    assert.equal(dig(redis, 'spec', 'ipFamilyPolicy'), 'SingleStack');

    const s = await env.kubectl('get', 'sts', 'redis', '-n', 'infra', '-o', 'yaml');
    expectCode(s, 0);
    const spec = dig(YAML.parse(s.stdout), 'spec');
    assert.equal(dig(spec, 'podManagementPolicy'), 'OrderedReady');
    assert.deepEqual(dig(spec, 'updateStrategy'), { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' });
    assert.deepEqual(dig(spec, 'persistentVolumeClaimRetentionPolicy'), { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.equal(dig(spec, 'revisionHistoryLimit'), 10);
    assert.equal(dig(spec, 'volumeClaimTemplates', 0, 'spec', 'volumeMode'), 'Filesystem');
    assert.deepEqual(dig(spec, 'volumeClaimTemplates', 0, 'status'), { phase: 'Pending' });
  });

  it('T25 kubectl wait for Available times out without controllers (GET, LIST, WATCH)', async () => {
    expectCode(await env.kubectl('apply', '-f', 'deploy.yaml'), 0);
    const m = env.mark();
    const t0 = Date.now();
    const r = await env.kubectl('wait', '--for=condition=Available', 'deploy/web', '--timeout=3s');
    const ms = Date.now() - t0;
    expectCode(r, 1);
    assert.ok(ms < 8000, `kubectl wait --timeout=3s took ${ms} ms (the watch answered late)`);
    expectLine(r.stderr, 'error: timed out waiting for the condition on deployments/web');
    const log = env.since(m);
    expectRequest(log, 'GET', WEB);
    const list = log.find((e) => e.method === 'GET' && pathOf(e) === '/apis/apps/v1/namespaces/default/deployments' && queryOf(e).get('watch') !== 'true');
    assert.ok(list, describeLog(log));
    assert.equal(queryOf(list).get('fieldSelector'), 'metadata.name=web');
    assert.equal(queryOf(list).get('limit'), '500');
    assert.equal(queryOf(list).get('resourceVersion'), '0');
    const watch = log.find((e) => e.method === 'GET' && queryOf(e).get('watch') === 'true');
    assert.ok(watch, describeLog(log));
    const q = queryOf(watch);
    assert.equal(q.get('allowWatchBookmarks'), 'true');
    assert.equal(q.get('fieldSelector'), 'metadata.name=web');
    assert.match(q.get('resourceVersion') ?? '', /^\d+$/);
    assert.ok(q.get('timeoutSeconds'), 'timeoutSeconds');
    assert.equal(watch.status, 200);
  });

  it('T26 a /status patch makes wait, rollout status and the table see an available Deployment', async () => {
    const gen = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web')?.metadata.generation;
    assert.equal(typeof gen, 'number');
    const status = {
      status: {
        observedGeneration: gen, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2,
        conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok', lastTransitionTime: '2024-01-01T00:00:00Z', lastUpdateTime: '2024-01-01T00:00:00Z' }],
      },
    };
    const m = env.mark();
    const p = await env.kubectl('patch', 'deploy', 'web', '--subresource=status', '--type=merge', '-p', JSON.stringify(status));
    expectCode(p, 0);
    expectLine(p.stdout, 'deployment.apps/web patched');
    const log = env.since(m);
    const get = expectRequest(log, 'GET', `${WEB}/status`);
    const patch = expectRequest(log, 'PATCH', `${WEB}/status`);
    assert.ok(log.indexOf(get) < log.indexOf(patch));
    assert.equal(queryOf(patch).get('fieldManager'), 'kubectl-patch');
    assert.equal(getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web')?.metadata.generation, gen, '/status bumped generation');

    // The condition already holds: both commands must answer at once, not at their timeout.
    let t0 = Date.now();
    const w = await env.kubectl('wait', '--for=condition=Available', 'deploy/web', '--timeout=5s');
    expectCode(w, 0);
    expectLine(w.stdout, 'deployment.apps/web condition met');
    assert.ok(Date.now() - t0 < 4000, `kubectl wait took ${Date.now() - t0} ms`);
    t0 = Date.now();
    const ro = await env.kubectl('rollout', 'status', 'deploy/web', '--timeout=5s');
    expectCode(ro, 0);
    expectLine(ro.stdout, 'deployment "web" successfully rolled out');
    assert.ok(Date.now() - t0 < 4000, `kubectl rollout status took ${Date.now() - t0} ms`);
    const g = await env.kubectl('get', 'deploy', 'web');
    expectCode(g, 0);
    assert.deepEqual(cells(lines(g.stdout)[0]!), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(row(g.stdout, 'web')?.slice(0, 4), ['web', '2/2', '2', '2']);
  });

  it('T27 kubectl scale through /scale; --current-replicas mismatch writes nothing', async () => {
    const gen = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web')!.metadata.generation!;
    let m = env.mark();
    const s = await env.kubectl('scale', 'deploy', 'web', '--replicas=4');
    expectCode(s, 0);
    expectLine(s.stdout, 'deployment.apps/web scaled');
    const patch = expectRequest(env.since(m), 'PATCH', `${WEB}/scale`);
    assert.equal(patch.contentType, 'application/merge-patch+json');
    assert.equal(patch.status, 200);
    const after = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web');
    assert.equal(dig(after, 'spec', 'replicas'), 4);
    assert.equal(after?.metadata.generation, gen + 1);

    m = env.mark();
    const s2 = await env.kubectl('scale', 'deploy', 'web', '--replicas=5', '--current-replicas=3');
    expectCode(s2, 1);
    expectLine(s2.stderr, 'error: Expected replicas to be 3, was 4');
    const log = env.since(m);
    expectRequest(log, 'GET', `${WEB}/scale`);
    assert.ok(!log.some((e) => e.method !== 'GET'), `a write was sent:\n${describeLog(log)}`);
    assert.equal(dig(getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web'), 'spec', 'replicas'), 4);
  });

  it('T28 kubectl delete: Background propagation, Status with uid, then 404', async () => {
    expectCode(await env.kubectl('create', '-f', 'cm.yaml'), 0);
    const m = env.mark();
    const d = await env.kubectl('delete', 'cm', 'c1');
    expectCode(d, 0);
    expectLine(d.stdout, 'configmap "c1" deleted');
    const log = env.since(m);
    const del = expectRequest(log, 'DELETE', C1);
    assert.deepEqual(JSON.parse(del.body ?? '{}'), { propagationPolicy: 'Background' });
    assert.equal(del.status, 200);
    const after = log.slice(log.indexOf(del) + 1).find((e) => e.method === 'GET' && pathOf(e) === C1);
    assert.equal(after?.status, 404, describeLog(log));

    // The response body kubectl got: a Status naming the plural resource and the uid.
    const cm = await api(env.tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'c28' } } });
    assert.equal(cm.status, 201, cm.text);
    const uid = dig(cm.json, 'metadata', 'uid');
    const res = await api(env.tc, 'DELETE', '/api/v1/namespaces/default/configmaps/c28', { body: { propagationPolicy: 'Background' } });
    assert.equal(res.status, 200);
    const st = res.json as { kind?: string; status?: string; details?: { name?: string; group?: string; kind?: string; uid?: string } };
    assert.equal(st.kind, 'Status', res.text);
    assert.equal(st.status, 'Success');
    assert.equal(st.details?.name, 'c28');
    assert.equal(st.details?.kind, 'configmaps', 'details.kind is the plural resource');
    assert.ok(!st.details?.group, 'core group is empty');
    assert.equal(st.details?.uid, uid);
  });

  it('T29 a finalizer holds deletion until removed', async () => {
    expectCode(await env.kubectl('create', '-f', 'cm.yaml'), 0);
    expectCode(await env.kubectl('patch', 'cm', 'c1', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/block"]}}'), 0);
    const d1 = await env.kubectl('delete', 'cm', 'c1', '--wait=false');
    expectCode(d1, 0);
    expectLine(d1.stdout, 'configmap "c1" deleted');
    const ts = await env.kubectl('get', 'cm', 'c1', '-o', 'jsonpath={.metadata.deletionTimestamp}');
    expectCode(ts, 0);
    assert.match(ts.stdout, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const d2 = await env.kubectl('delete', 'cm', 'c1', '--timeout=3s');
    expectCode(d2, 1);
    expectLine(d2.stdout, 'configmap "c1" deleted');
    expectLine(d2.stderr, 'error: timed out waiting for the condition on configmaps/c1');
    const p = await env.kubectl('patch', 'cm', 'c1', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
    expectCode(p, 0);
    expectLine(p.stdout, 'configmap/c1 patched');
    const g = await env.kubectl('get', 'cm', 'c1');
    expectCode(g, 1);
    expectLine(g.stderr, 'Error from server (NotFound): configmaps "c1" not found');
  });

  it('T30 namespace lifecycle: create (protobuf), Terminating refuses new content, deletion completes', async () => {
    const m = env.mark();
    const ns = await env.kubectl('create', 'ns', 'demo');
    expectCode(ns, 0);
    expectLine(ns.stdout, 'namespace/demo created');
    const post = expectRequest(env.since(m), 'POST', '/api/v1/namespaces');
    assert.equal(post.contentType, 'application/vnd.kubernetes.protobuf');
    const a = await env.kubectl('apply', '-f', 'cm.yaml', '-n', 'demo');
    expectCode(a, 0);
    expectLine(a.stdout, 'configmap/c1 created');

    // A finalizer on c1 keeps the namespace Terminating long enough to try to create in it.
    expectCode(await env.kubectl('patch', 'cm', 'c1', '-n', 'demo', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/block"]}}'), 0);
    const d1 = await env.kubectl('delete', 'ns', 'demo', '--wait=false');
    expectCode(d1, 0);
    expectLine(d1.stdout, 'namespace "demo" deleted');
    await waitUntil(() => dig(getObject(env.tc, '', 'v1', 'namespaces', undefined, 'demo'), 'status', 'phase') === 'Terminating', 'namespace demo Terminating');
    const c2 = await env.kubectl('apply', '-f', 'cm2.yaml', '-n', 'demo');
    expectCode(c2, 1);
    expectLine(c2.stderr, 'Error from server (Forbidden): error when creating "cm2.yaml": configmaps "c2" is forbidden: unable to create new content in namespace demo because it is being terminated');

    // `kubectl delete ns` waits (LIST + WATCH) until the namespace is really gone.
    const waiting = startKubectl(env.k, ['delete', 'ns', 'demo', '--timeout=30s']);
    await waitUntil(() => env.tc.requestLog.some((e) => pathOf(e) === '/api/v1/namespaces' && queryOf(e).get('watch') === 'true' && queryOf(e).get('fieldSelector') === 'metadata.name=demo'),
      'kubectl delete ns to start watching', 15_000);
    assert.ok(getObject(env.tc, '', 'v1', 'namespaces', undefined, 'demo'), 'namespace vanished while c1 still had a finalizer');
    expectCode(await env.kubectl('patch', 'cm', 'c1', '-n', 'demo', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'), 0);
    const d2 = await waiting.done;
    expectCode(d2, 0, 'kubectl delete ns demo');
    expectLine(d2.stdout, 'namespace "demo" deleted');
    const g = await env.kubectl('get', 'ns', 'demo');
    expectCode(g, 1);
    expectLine(g.stderr, 'Error from server (NotFound): namespaces "demo" not found');
  });
});
