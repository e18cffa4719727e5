// Spec §6 T17–T19: immutability and validation errors (422 rendered by kubectl) and the
// optimistic-lock conflict of `kubectl replace`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deployYaml, dig, expectCode, expectLine, expectRequest, getObject, lines, queryOf, setup, type Env,
} from './helpers.js';

const BAD_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  selector:
    matchLabels:
      a: b
  template:
    metadata:
      labels:
        a: c
    spec:
      containers: []
`;

describe('validation and conflicts (T17–T19)', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    env.write('deploy.yaml', deployYaml(2));
    env.write('web2.yaml', deployYaml(2).replace(/app: web$/gm, 'app: web2'));
    env.write('bad.yaml', BAD_YAML);
    expectCode(await env.kubectl('apply', '-f', 'deploy.yaml'), 0, 'apply deploy.yaml');
  });
  after(async () => { await env?.close(); });

  const immutable = (stderr: string) => {
    const line = lines(stderr).find((l) => l.startsWith('The Deployment "web" is invalid: spec.selector: Invalid value: '));
    assert.ok(line, `no immutability error in:\n${stderr}`);
    assert.ok(line.endsWith(': field is immutable'), line);
  };

  it('T17 changing spec.selector is rejected as immutable (client-side and server-side apply)', async () => {
    const r1 = await env.kubectl('apply', '-f', 'web2.yaml');
    expectCode(r1, 1);
    immutable(r1.stderr);
    const r2 = await env.kubectl('apply', '--server-side', '--force-conflicts', '-f', 'web2.yaml');
    expectCode(r2, 1);
    immutable(r2.stderr);
    assert.deepEqual(dig(getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web'), 'spec', 'selector'), { matchLabels: { app: 'web' } });
  });

  it('T18 several validation errors are listed one per line', async () => {
    const r = await env.kubectl('apply', '-f', 'bad.yaml');
    expectCode(r, 1);
    const ls = lines(r.stderr);
    const head = ls.findIndex((l) => l === 'The Deployment "bad" is invalid:');
    assert.ok(head >= 0, r.stderr);
    const items = ls.slice(head + 1);
    assert.ok(items.some((l) => l.startsWith('* spec.template.metadata.labels: Invalid value: ') && l.endsWith(': `selector` does not match template `labels`')), r.stderr);
    assert.ok(items.includes('* spec.template.spec.containers: Required value'), r.stderr);
    assert.equal(getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'bad'), undefined);
  });

  it('T19 replace with a stale resourceVersion conflicts; annotate bumps a Deployment generation', async () => {
    const live = await env.kubectl('get', 'deploy', 'web', '-o', 'yaml');
    expectCode(live, 0);
    env.write('live.yaml', live.stdout);
    const gen = getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web')?.metadata.generation;
    assert.equal(typeof gen, 'number');

    const m = env.mark();
    const a = await env.kubectl('annotate', 'deploy', 'web', 'x=y');
    expectCode(a, 0);
    expectLine(a.stdout, 'deployment.apps/web annotated');
    const patch = expectRequest(env.since(m), 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(queryOf(patch).get('fieldManager'), 'kubectl-annotate');
    assert.equal(patch.contentType, 'application/merge-patch+json');
    assert.equal(getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'web')?.metadata.generation, gen! + 1,
      'a Deployment annotation change must bump generation (§3.2)');

    const r = await env.kubectl('replace', '-f', 'live.yaml');
    expectCode(r, 1);
    expectLine(r.stderr, 'Error from server (Conflict): error when replacing "live.yaml": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
  });
});
