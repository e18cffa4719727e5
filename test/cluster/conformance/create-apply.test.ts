// Spec §6 T5–T11 and T16: create, OpenAPI-driven validation, NotFound paths, client-side apply,
// diff and server dry-run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { makeKubectl } from '../testing/kubectl.js';
import {
  CM_YAML, createNamespace, deployYaml, describeLog, dig, envFor, expectCode, expectLine, expectNoLine, expectRequest,
  getObject, lines, pathOf, queryOf, setup, type Env,
} from './helpers.js';

const CM_PATH = '/api/v1/namespaces/default/configmaps';
const WEB_PATH = '/apis/apps/v1/namespaces/default/deployments/web';

describe('create, apply and diff (T5–T11, T16)', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    env.write('cm.yaml', CM_YAML);
    env.write('deploy.yaml', deployYaml(2));
    env.write('deploy3.yaml', deployYaml(3));
  });
  after(async () => { await env?.close(); });

  it('T5 kubectl create -f twice: created, then AlreadyExists', async () => {
    const m = env.mark();
    const r1 = await env.kubectl('create', '-f', 'cm.yaml');
    expectCode(r1, 0);
    expectLine(r1.stdout, 'configmap/c1 created');
    const log = env.since(m);
    expectRequest(log, 'GET', '/openapi/v3');
    const doc = expectRequest(log, 'GET', '/openapi/v3/api/v1');
    assert.ok(queryOf(doc).get('hash'), `no hash on ${doc.path}`);
    const post = expectRequest(log, 'POST', CM_PATH);
    assert.equal(queryOf(post).get('fieldManager'), 'kubectl-create');
    assert.equal(queryOf(post).get('fieldValidation'), 'Strict');
    assert.equal(post.status, 201);
    assert.ok(!log.some((e) => pathOf(e).startsWith('/openapi/v2')), 'kubectl fell back to /openapi/v2');

    const r2 = await env.kubectl('create', '-f', 'cm.yaml');
    expectCode(r2, 1);
    expectLine(r2.stderr, 'Error from server (AlreadyExists): error when creating "cm.yaml": configmaps "c1" already exists');
  });

  it('T6 without /openapi/v3 strict validation fails; --validate=false sends fieldValidation=Ignore', async () => {
    env.tc.setOptions({ openapi: false });
    const k = makeKubectl(env.tc);
    const e6 = envFor(env.tc, k);
    try {
      e6.write('cm.yaml', CM_YAML.replace('name: c1', 'name: c6'));
      const r1 = await e6.kubectl('create', '-f', 'cm.yaml');
      expectCode(r1, 1);
      expectLine(r1.stderr, 'error: error validating "cm.yaml": error validating data: failed to download openapi: the server could not find the requested resource; if you choose to ignore these errors, turn validation off with --validate=false');
      const m = e6.mark();
      const r2 = await e6.kubectl('create', '-f', 'cm.yaml', '--validate=false');
      expectCode(r2, 0);
      expectLine(r2.stdout, 'configmap/c6 created');
      const log = e6.since(m);
      const post = expectRequest(log, 'POST', CM_PATH);
      assert.equal(queryOf(post).get('fieldValidation'), 'Ignore');
      assert.ok(!log.some((e) => pathOf(e).startsWith('/openapi')), `openapi requested with --validate=false:\n${describeLog(log)}`);
    } finally {
      env.tc.setOptions({ openapi: true });
      k.dispose();
    }
  });

  it('T7 get/delete of a missing object: NotFound, --ignore-not-found is silent', async () => {
    const r1 = await env.kubectl('get', 'deploy', 'nope');
    expectCode(r1, 1);
    expectLine(r1.stderr, 'Error from server (NotFound): deployments.apps "nope" not found');
    const r2 = await env.kubectl('delete', 'deploy', 'nope');
    expectCode(r2, 1);
    expectLine(r2.stderr, 'Error from server (NotFound): deployments.apps "nope" not found');
    const r3 = await env.kubectl('delete', 'deploy', 'nope', '--ignore-not-found');
    expectCode(r3, 0);
    assert.equal(r3.stdout + r3.stderr, '');
  });

  it('T8 apply into a missing namespace: NotFound for the namespace', async () => {
    const r = await env.kubectl('apply', '-f', 'cm.yaml', '-n', 'ghost');
    expectCode(r, 1);
    expectLine(r.stderr, 'Error from server (NotFound): error when creating "cm.yaml": namespaces "ghost" not found');
  });

  it('T9 client-side apply creates a Deployment with the 1.32 defaults', async () => {
    const m = env.mark();
    const r = await env.kubectl('apply', '-f', 'deploy.yaml');
    expectCode(r, 0);
    expectLine(r.stdout, 'deployment.apps/web created');
    const log = env.since(m);
    const get = expectRequest(log, 'GET', WEB_PATH);
    assert.equal(get.status, 404);
    const post = expectRequest(log, 'POST', '/apis/apps/v1/namespaces/default/deployments');
    assert.equal(queryOf(post).get('fieldManager'), 'kubectl-client-side-apply');
    assert.ok(log.indexOf(get) < log.indexOf(post), 'GET must precede POST');

    const y = await env.kubectl('get', 'deploy', 'web', '-o', 'yaml');
    expectCode(y, 0);
    const d: unknown = YAML.parse(y.stdout);
    const lastApplied = dig(d, 'metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration');
    assert.equal(typeof lastApplied, 'string');
    const la = lastApplied as string;
    assert.ok(la.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{'), la);
    assert.ok(la.endsWith('}\n'), 'last-applied ends with a newline');
    assert.equal(dig(JSON.parse(la), 'spec', 'replicas'), 2);
    assert.equal(dig(d, 'metadata', 'generation'), 1);
    assert.ok(dig(d, 'metadata', 'uid'), 'uid');
    assert.ok(dig(d, 'metadata', 'resourceVersion'), 'resourceVersion');
    assert.equal(dig(d, 'metadata', 'managedFields'), undefined, 'managedFields shown without --show-managed-fields');
    const spec = dig(d, 'spec');
    assert.equal(dig(spec, 'progressDeadlineSeconds'), 600);
    assert.equal(dig(spec, 'revisionHistoryLimit'), 10);
    assert.deepEqual(dig(spec, 'strategy'), { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' });
    assert.equal(dig(spec, 'template', 'metadata', 'creationTimestamp'), null);
    assert.ok(Object.hasOwn(dig(spec, 'template', 'metadata') as object, 'creationTimestamp'), 'template creationTimestamp: null is serialised');
    const c = dig(spec, 'template', 'spec', 'containers', 0);
    assert.equal(dig(c, 'imagePullPolicy'), 'IfNotPresent');
    assert.deepEqual(dig(c, 'resources'), {});
    assert.equal(dig(c, 'terminationMessagePath'), '/dev/termination-log');
    assert.equal(dig(c, 'terminationMessagePolicy'), 'File');
    const ps = dig(spec, 'template', 'spec');
    assert.equal(dig(ps, 'dnsPolicy'), 'ClusterFirst');
    assert.equal(dig(ps, 'restartPolicy'), 'Always');
    assert.equal(dig(ps, 'schedulerName'), 'default-scheduler');
    assert.deepEqual(dig(ps, 'securityContext'), {});
    assert.equal(dig(ps, 'terminationGracePeriodSeconds'), 30);
    assert.deepEqual(dig(d, 'status'), {});
  });

  it('T10 re-apply unchanged sends no PATCH; a change is a strategic merge patch', async () => {
    let m = env.mark();
    const r1 = await env.kubectl('apply', '-f', 'deploy.yaml');
    expectCode(r1, 0);
    expectLine(r1.stdout, 'deployment.apps/web unchanged');
    assert.ok(!env.since(m).some((e) => e.method === 'PATCH'), 'PATCH sent for an unchanged apply');

    m = env.mark();
    const r2 = await env.kubectl('apply', '-f', 'deploy3.yaml');
    expectCode(r2, 0);
    expectLine(r2.stdout, 'deployment.apps/web configured');
    const patch = expectRequest(env.since(m), 'PATCH', WEB_PATH);
    assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
    assert.equal(queryOf(patch).get('fieldManager'), 'kubectl-client-side-apply');
    const body = JSON.parse(patch.body ?? '{}') as unknown;
    assert.deepEqual(Object.keys(body as object).sort(), ['metadata', 'spec']);
    assert.deepEqual(dig(body, 'spec'), { replicas: 3 });
    assert.deepEqual(Object.keys(dig(body, 'metadata', 'annotations') as object), ['kubectl.kubernetes.io/last-applied-configuration']);

    const j = await env.kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}');
    expectCode(j, 0);
    assert.equal(j.stdout, '3 2');
  });

  it('T11 kubectl diff: 0 when equal, 1 with a unified diff, dry-run only', async () => {
    const before = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web');
    const r0 = await env.kubectl('diff', '-f', 'deploy3.yaml');
    expectCode(r0, 0, 'diff of an unchanged manifest');
    assert.equal(r0.stdout, '');

    const m = env.mark();
    const r1 = await env.kubectl('diff', '-f', 'deploy.yaml');
    expectCode(r1, 1, 'diff of a changed manifest');
    expectLine(r1.stdout, /^--- \S*\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web(\s|$)/);
    expectLine(r1.stdout, /^\+\+\+ \S*\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web(\s|$)/);
    expectLine(r1.stdout, '-  replicas: 3');
    expectLine(r1.stdout, '+  replicas: 2');
    expectLine(r1.stdout, '-  generation: 2');
    expectLine(r1.stdout, '+  generation: 3');
    expectNoLine(r1.stdout, /^[-+]\s+resourceVersion:/, 'a dry-run update must keep the old resourceVersion');
    const patch = expectRequest(env.since(m), 'PATCH', WEB_PATH);
    assert.equal(queryOf(patch).get('dryRun'), 'All');
    assert.equal(queryOf(patch).get('fieldManager'), 'kubectl-client-side-apply');

    env.write('new-cm.yaml', CM_YAML.replace('name: c1', 'name: new-cm'));
    const m2 = env.mark();
    const r2 = await env.kubectl('diff', '-f', 'new-cm.yaml');
    expectCode(r2, 1, 'diff of an absent object');
    const body = lines(r2.stdout).filter((l) => !l.startsWith('---') && !l.startsWith('+++') && !l.startsWith('@@') && !l.startsWith('diff '));
    assert.ok(body.length > 3, r2.stdout);
    assert.ok(body.every((l) => l.startsWith('+')), `not an all-+ diff:\n${r2.stdout}`);
    expectLine(r2.stdout, '+  name: new-cm');
    const post = expectRequest(env.since(m2), 'POST', CM_PATH);
    assert.equal(queryOf(post).get('dryRun'), 'All');

    assert.equal(getObject(env.tc, '', 'v1', 'configmaps', 'default', 'new-cm'), undefined, 'diff persisted new-cm');
    const afterObj = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web');
    assert.equal(afterObj?.metadata.resourceVersion, before?.metadata.resourceVersion, 'diff changed the live Deployment');
    assert.equal(dig(afterObj, 'spec', 'replicas'), 3);
  });

  it('T16 server dry-run: nothing persisted, requests carry dryRun=All', async () => {
    createNamespace(env.tc, 't16');
    const m = env.mark();
    const r1 = await env.kubectl('apply', '--server-side', '-f', 'deploy.yaml', '--dry-run=server', '-n', 't16');
    expectCode(r1, 0);
    expectLine(r1.stdout, 'deployment.apps/web serverside-applied (server dry run)');
    const r2 = await env.kubectl('apply', '-f', 'cm.yaml', '--dry-run=server', '-n', 't16');
    expectCode(r2, 0);
    expectLine(r2.stdout, 'configmap/c1 created (server dry run)');
    const writes = env.since(m).filter((e) => e.method !== 'GET');
    assert.ok(writes.length >= 2, describeLog(writes));
    for (const w of writes) assert.equal(queryOf(w).get('dryRun'), 'All', `${w.method} ${w.path} without dryRun=All`);
    const g = await env.kubectl('get', 'cm', 'c1', '-n', 't16');
    expectCode(g, 1);
    expectLine(g.stderr, 'Error from server (NotFound): configmaps "c1" not found');
    assert.equal(getObject(env.tc, 'apps', 'v1', 'deployments', 't16', 'web'), undefined, 'dry-run apply persisted the Deployment');
  });
});
