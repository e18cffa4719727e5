// Spec §6 T20, T21 (with T4's CRD half) and T33: CustomResourceDefinitions that are established at
// once, custom resources through kubectl, CRD deletion, and `kubectl explain`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeKubectl } from '../testing/kubectl.js';
import {
  CRD_YAML, SHOP, cells, describeLog, envFor, expectCode, expectLine, getObject, lines, pathOf, queryOf, row, setup, type Env,
} from './helpers.js';

const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

describe('custom resources (T20, T21, T4, T33)', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    env.write('crd.yaml', CRD_YAML);
    env.write('root2.yaml', readFileSync(join(SHOP, 'argocd/root.yaml'), 'utf8').replace('targetRevision: main', 'targetRevision: v2'));
  });
  after(async () => { await env?.close(); });

  it('T20 a CRD is established at once and its custom resources work through kubectl', async () => {
    const c = await env.kubectl('apply', '-f', 'crd.yaml');
    expectCode(c, 0);
    expectLine(c.stdout, 'customresourcedefinition.apiextensions.k8s.io/applications.argoproj.io created');
    const t0 = Date.now();
    const w = await env.kubectl('wait', '--for=condition=Established', 'crd/applications.argoproj.io', '--timeout=10s');
    expectCode(w, 0);
    expectLine(w.stdout, 'customresourcedefinition.apiextensions.k8s.io/applications.argoproj.io condition met');
    // Established at once: the wait must not sit out its timeout (it does when watch headers are held back).
    assert.ok(Date.now() - t0 < 5000, `kubectl wait took ${Date.now() - t0} ms for an already established CRD`);
    const ns = await env.kubectl('create', 'ns', 'argocd');
    expectCode(ns, 0);
    expectLine(ns.stdout, 'namespace/argocd created');

    const m = env.mark();
    const a = await env.kubectl('apply', '-f', join(SHOP, 'argocd/root.yaml'));
    expectCode(a, 0);
    expectLine(a.stdout, 'application.argoproj.io/root created');
    const log = env.since(m);
    const post = log.findIndex((e) => e.method === 'POST' && pathOf(e) === APPS);
    assert.ok(post >= 0, describeLog(log));
    assert.ok(log.slice(0, post).some((e) => pathOf(e) === '/apis'), `discovery was not re-fetched before the POST:\n${describeLog(log)}`);

    const g = await env.kubectl('get', 'applications', '-n', 'argocd');
    expectCode(g, 0);
    const gl = lines(g.stdout);
    assert.deepEqual(cells(gl[0]!), ['NAME', 'AGE']);
    assert.equal(cells(gl[1]!)[0], 'root');
    assert.match(cells(gl[1]!)[1] ?? '', /^\d+s$/);

    const crds = await env.kubectl('get', 'crd');
    expectCode(crds, 0);
    assert.deepEqual(cells(lines(crds.stdout)[0]!), ['NAME', 'CREATED', 'AT']);
    const r = row(crds.stdout, 'applications.argoproj.io');
    assert.ok(r, crds.stdout);
    assert.match(r[1] ?? '', /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const m2 = env.mark();
    const re = await env.kubectl('apply', '-f', 'root2.yaml');
    expectCode(re, 0);
    expectLine(re.stdout, 'application.argoproj.io/root configured');
    const patch = env.since(m2).find((e) => e.method === 'PATCH' && pathOf(e) === `${APPS}/root`);
    assert.ok(patch, describeLog(env.since(m2)));
    assert.equal(patch.contentType, 'application/merge-patch+json');
    assert.equal(queryOf(patch).get('fieldManager'), 'kubectl-client-side-apply');
    const live = getObject(env.tc, 'argoproj.io', 'v1alpha1', 'applications', 'argocd', 'root');
    assert.equal((live?.['spec'] as { source?: { targetRevision?: string } } | undefined)?.source?.targetRevision, 'v2');

    const p = await env.kubectl('patch', 'application', 'root', '-n', 'argocd', '-p', '{"spec":{"project":"x"}}');
    expectCode(p, 1);
    expectLine(p.stderr, 'error: application/strategic-merge-patch+json is not supported by argoproj.io/v1alpha1, Kind=Application: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  });

  it('T4 api-resources shows the CRD kind with its short names', async () => {
    const r = await env.kubectl('api-resources', '--api-group=argoproj.io');
    expectCode(r, 0);
    assert.deepEqual(row(r.stdout, 'applications'), ['applications', 'app,apps', 'argoproj.io/v1alpha1', 'true', 'Application']);
  });

  it('T33 kubectl explain works from the served OpenAPI v3 schemas', async () => {
    const r = await env.kubectl('explain', 'deployment.spec.replicas');
    expectCode(r, 0);
    expectLine(r.stdout, /^GROUP:\s+apps$/);
    expectLine(r.stdout, /^KIND:\s+Deployment$/);
    expectLine(r.stdout, /^VERSION:\s+v1$/);
    expectLine(r.stdout, /^FIELD:\s+replicas\s+<integer>$/);
    const cr = await env.kubectl('explain', 'applications');
    expectCode(cr, 0);
    expectLine(cr.stdout, /^GROUP:\s+argoproj\.io$/);
    expectLine(cr.stdout, /^KIND:\s+Application$/);
  });

  it('T21 deleting the CRD removes its kind, endpoints and custom resources', async () => {
    const d = await env.kubectl('delete', 'crd', 'applications.argoproj.io');
    expectCode(d, 0);
    expectLine(d.stdout, 'customresourcedefinition.apiextensions.k8s.io "applications.argoproj.io" deleted');

    // kubectl still has the kind in its discovery cache: the endpoint answers the generic 404.
    const cached = await env.kubectl('get', 'applications', '-A');
    expectCode(cached, 1);
    expectLine(cached.stderr, 'Error from server (NotFound): Unable to list "argoproj.io/v1alpha1, Resource=applications": the server could not find the requested resource');

    const k = makeKubectl(env.tc);
    try {
      const fresh = await envFor(env.tc, k).kubectl('get', 'applications', '-A');
      expectCode(fresh, 1);
      expectLine(fresh.stderr, 'error: the server doesn\'t have a resource type "applications"');
    } finally {
      k.dispose();
    }

    // Re-creating the CRD does not bring the old custom resources back.
    expectCode(await env.kubectl('apply', '-f', 'crd.yaml'), 0);
    expectCode(await env.kubectl('wait', '--for=condition=Established', 'crd/applications.argoproj.io', '--timeout=10s'), 0);
    const again = await env.kubectl('get', 'applications', '-n', 'argocd', '-o', 'name');
    expectCode(again, 0);
    assert.equal(again.stdout, '');
    assert.equal(getObject(env.tc, 'argoproj.io', 'v1alpha1', 'applications', 'argocd', 'root'), undefined);
  });
});
