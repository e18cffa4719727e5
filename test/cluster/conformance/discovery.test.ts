// Spec §6 T1–T4, T35, T36: version, namespaces table, empty list, api-resources, legacy-only
// discovery and HTTPS for kubectl and client-node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { makeKubectl } from '../testing/kubectl.js';
import {
  cells, envFor, expectCode, expectLine, expectRequest, lines, pathOf, queryOf, row, setup, type Env,
} from './helpers.js';

describe('discovery and basics (T1–T4, T35, T36)', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => { env = await setup({ simulate: false }); });
  after(async () => { await env?.close(); });

  it('T1 kubectl version goes through the dispatcher and reports v1.32.4', async () => {
    const m = env.mark();
    const r = await env.kubectl('version');
    expectCode(r, 0);
    expectLine(r.stdout, 'Client Version: v1.32.4-dispatcher');
    expectLine(r.stdout, 'Kustomize Version: v5.5.0');
    expectLine(r.stdout, 'Server Version: v1.32.4');
    const log = env.since(m);
    const first = log[0];
    assert.ok(first, 'no request logged');
    assert.equal(first.method, 'GET');
    assert.equal(first.path, '/version?timeout=5s');
    assert.match(first.userAgent ?? '', /^kubectl-dispatcher\/v1\.0\b/);
    const byKubectl = log.find((e) => pathOf(e) === '/version' && /^kubectl\/v1\.32\.4\b/.test(e.userAgent ?? ''));
    assert.ok(byKubectl, `no GET /version from kubectl/v1.32.4 after the dispatcher's: ${log.map((e) => `${e.path} ${e.userAgent}`).join('; ')}`);
  });

  it('T2 kubectl get ns lists the four bootstrap namespaces as Active', async () => {
    const r = await env.kubectl('get', 'ns');
    expectCode(r, 0);
    const ls = lines(r.stdout);
    assert.deepEqual(cells(ls[0]!), ['NAME', 'STATUS', 'AGE']);
    const rows = ls.slice(1).map(cells);
    assert.deepEqual(rows.map((c) => c[0]), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    for (const c of rows) {
      assert.equal(c[1], 'Active', `row ${c.join(' ')}`);
      assert.match(c[2] ?? '', /^\d+[smhdy]/, `age cell of ${c[0]}`);
    }
  });

  it('T3 kubectl get pods on an empty namespace prints "No resources found" on stderr', async () => {
    const m = env.mark();
    const r = await env.kubectl('get', 'pods');
    expectCode(r, 0);
    assert.equal(r.stdout, '');
    expectLine(r.stderr, 'No resources found in default namespace.');
    const list = expectRequest(env.since(m), 'GET', '/api/v1/namespaces/default/pods');
    assert.equal(queryOf(list).get('limit'), '500');
    assert.match(list.accept ?? '', /^application\/json;as=Table;v=v1;g=meta\.k8s\.io/);
    assert.equal(list.status, 200);
  });

  it('T4 api-resources and api-versions', async () => {
    const r = await env.kubectl('api-resources', '--api-group=apps');
    expectCode(r, 0);
    assert.deepEqual(cells(lines(r.stdout)[0]!), ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    assert.deepEqual(row(r.stdout, 'deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    assert.deepEqual(row(r.stdout, 'statefulsets'), ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet']);
    const v = await env.kubectl('api-versions');
    expectCode(v, 0);
    const versions = lines(v.stdout);
    for (const gv of ['apps/v1', 'v1', 'batch/v1', 'apiextensions.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'networking.k8s.io/v1', 'autoscaling/v2']) {
      assert.ok(versions.includes(gv), `api-versions lacks ${gv}:\n${v.stdout}`);
    }
  });

  it('T35 legacy-only discovery: kubectl get deploy still works through /api/v1 and /apis/apps/v1', async () => {
    env.tc.setOptions({ discovery: 'legacy' });
    const k = makeKubectl(env.tc); // fresh cache dir: kubectl caches discovery by URL
    const legacy = envFor(env.tc, k);
    try {
      const m = legacy.mark();
      const r = await legacy.kubectl('get', 'deploy');
      expectCode(r, 0);
      expectLine(r.stderr, 'No resources found in default namespace.');
      const log = legacy.since(m);
      const apis = expectRequest(log, 'GET', '/apis');
      assert.match(apis.accept ?? '', /as=APIGroupDiscoveryList/, 'kubectl asked for aggregated discovery');
      expectRequest(log, 'GET', '/api/v1');
      expectRequest(log, 'GET', '/apis/apps/v1');
      expectRequest(log, 'GET', '/apis/apps/v1/namespaces/default/deployments');
    } finally {
      env.tc.setOptions({ discovery: 'both' });
      k.dispose();
    }
  });

  it('T35 with aggregated discovery kubectl does not need the per-group-version documents', async () => {
    const k = makeKubectl(env.tc);
    const agg = envFor(env.tc, k);
    try {
      const m = agg.mark();
      const r = await agg.kubectl('get', 'deploy');
      expectCode(r, 0);
      const log = agg.since(m);
      assert.ok(!log.some((e) => pathOf(e) === '/apis/apps/v1'), 'GET /apis/apps/v1 was needed although /apis is aggregated');
    } finally {
      k.dispose();
    }
  });

  it('T36 HTTPS with a CA-signed 127.0.0.1 certificate: kubeconfig, kubectl and client-node', async () => {
    assert.match(env.tc.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const kcText = env.tc.kubeconfig();
    assert.match(kcText, /certificate-authority-data:/);
    assert.doesNotMatch(kcText, /insecure-skip-tls-verify/);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(kcText);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    assert.equal(version.major, '1');
    assert.equal(version.minor, '32');
    assert.equal(version.gitVersion, 'v1.32.4');
    const nsList = await kc.makeApiClient(k8s.CoreV1Api).listNamespace();
    assert.ok(nsList.items.some((n) => n.metadata?.name === 'default'));
    // The certificate is really verified: without the CA, client-node refuses the server.
    const untrusted = new k8s.KubeConfig();
    untrusted.loadFromOptions({
      clusters: [{ name: 'c', server: env.tc.url, skipTLSVerify: false }],
      users: [{ name: 'u', token: env.tc.adminToken }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await assert.rejects(untrusted.makeApiClient(k8s.VersionApi).getCode(), /certificate|self.signed|CERT/i);
  });
});
