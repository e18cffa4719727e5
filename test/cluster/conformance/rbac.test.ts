// Authentication and RBAC (issue 3, spec §1.2, §2.12): unknown tokens get 401, the restricted
// user gets 403 until a Role and RoleBinding grant access, `kubectl auth can-i` answers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeKubectl, type Kubectl } from '../testing/kubectl.js';
import { CM_YAML, api, envFor, expectCode, expectLine, setup, type Env } from './helpers.js';

const GRANT = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: cm-reader
  namespace: default
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: jane-reads-cms
  namespace: default
subjects:
- kind: User
  name: jane
roleRef:
  kind: Role
  name: cm-reader
`;

const CLUSTER_GRANT = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ns-viewer
rules:
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: jane-views-ns
subjects:
- kind: User
  name: jane
roleRef:
  kind: ClusterRole
  name: ns-viewer
`;

const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

describe('authentication and RBAC', { timeout: 90_000 }, () => {
  let env: Env;
  let jane: Kubectl;
  const asJane = (...args: string[]) => jane.run(args);
  before(async () => {
    env = await setup({ simulate: false });
    jane = makeKubectl(env.tc, { user: 'restricted' });
    env.write('grant.yaml', GRANT);
    env.write('cluster-grant.yaml', CLUSTER_GRANT);
    writeFileSync(join(jane.dir, 'cm.yaml'), CM_YAML);
  });
  after(async () => { jane?.dispose(); await env?.close(); });

  it('an unknown or missing token gets 401 Unauthorized', async () => {
    const bad = await api(env.tc, 'GET', '/api/v1/namespaces', { token: 'not-a-token' });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, UNAUTHORIZED);
    const none = await api(env.tc, 'GET', '/api/v1/namespaces', { token: null });
    assert.equal(none.status, 401);
    assert.deepEqual(none.json, UNAUTHORIZED);

    const k = makeKubectl(env.tc);
    try {
      writeFileSync(k.kubeconfig, env.tc.kubeconfig().replace(env.tc.adminToken, 'not-a-token'));
      const r = await envFor(env.tc, k).kubectl('get', 'ns');
      expectCode(r, 1);
      expectLine(r.stderr, 'error: You must be logged in to the server (the server has asked for the client to provide credentials)');
    } finally {
      k.dispose();
    }
  });

  it('the restricted user is forbidden until a Role and RoleBinding grant access', async () => {
    const r = await asJane('get', 'cm');
    expectCode(r, 1);
    expectLine(r.stderr, 'Error from server (Forbidden): configmaps is forbidden: User "jane" cannot list resource "configmaps" in API group "" in the namespace "default"');
    const one = await api(env.tc, 'GET', '/api/v1/namespaces/default/configmaps/x', { token: env.tc.restrictedToken });
    assert.equal(one.status, 403);
    assert.equal((one.json as { reason?: string }).reason, 'Forbidden');
    assert.equal((one.json as { message?: string }).message, 'configmaps "x" is forbidden: User "jane" cannot get resource "configmaps" in API group "" in the namespace "default"');

    const no = await asJane('auth', 'can-i', 'list', 'configmaps');
    expectCode(no, 1);
    assert.equal(no.stdout.trim(), 'no');
    const admin = await env.kubectl('auth', 'can-i', 'delete', 'deployments', '-n', 'kube-system');
    expectCode(admin, 0);
    assert.equal(admin.stdout.trim(), 'yes');

    const g = await env.kubectl('apply', '-f', 'grant.yaml');
    expectCode(g, 0);
    expectLine(g.stdout, 'role.rbac.authorization.k8s.io/cm-reader created');
    expectLine(g.stdout, 'rolebinding.rbac.authorization.k8s.io/jane-reads-cms created');

    const ok = await asJane('get', 'cm');
    expectCode(ok, 0);
    const yes = await asJane('auth', 'can-i', 'list', 'configmaps');
    expectCode(yes, 0);
    assert.equal(yes.stdout.trim(), 'yes');
    for (const q of [['delete', 'configmaps'], ['list', 'secrets'], ['list', 'configmaps', '-n', 'kube-system']]) {
      const c = await asJane('auth', 'can-i', ...q);
      expectCode(c, 1, `can-i ${q.join(' ')}`);
      assert.equal(c.stdout.trim(), 'no', `can-i ${q.join(' ')}`);
    }
    const create = await asJane('create', '-f', 'cm.yaml');
    expectCode(create, 1);
    expectLine(create.stderr, 'Error from server (Forbidden): error when creating "cm.yaml": configmaps is forbidden: User "jane" cannot create resource "configmaps" in API group "" in the namespace "default"');
  });

  it('a ClusterRoleBinding grants cluster-scoped access', async () => {
    const before = await asJane('get', 'ns');
    expectCode(before, 1);
    expectLine(before.stderr, 'Error from server (Forbidden): namespaces is forbidden: User "jane" cannot list resource "namespaces" in API group "" at the cluster scope');
    expectCode(await env.kubectl('apply', '-f', 'cluster-grant.yaml'), 0);
    const after = await asJane('get', 'ns');
    expectCode(after, 0);
    expectLine(after.stdout, /^default\s+Active\s/);
    const c = await asJane('auth', 'can-i', 'get', 'namespaces');
    expectCode(c, 0);
    assert.equal(c.stdout.trim(), 'yes');
  });

  it('only the admin may use the control endpoint', async () => {
    const r = await api(env.tc, 'GET', '/_plumb/faults', { token: env.tc.restrictedToken });
    assert.equal(r.status, 403);
    const u = await api(env.tc, 'GET', '/_plumb/faults', { token: 'nope' });
    assert.equal(u.status, 401);
    const a = await api(env.tc, 'GET', '/_plumb/faults');
    assert.equal(a.status, 200);
  });
});
