// Garbage collection of owned objects through kubectl (spec §2.10, §3.10): background, foreground
// and orphan deletion of a simulated Deployment's ReplicaSets and Pods, ownerReferences between
// ConfigMaps, and custom resources removed with their CRD.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deployYaml, describeLog, expectCode, expectLine, expectRequest, lines, setup, show, waitUntil, type Env,
} from './helpers.js';

const OWNER_CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: owner
data:
  a: "1"
`;

function dependentCm(name: string, ownerName: string, ownerUid: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: ${ownerName}
    uid: ${ownerUid}
data:
  b: "2"
`;
}

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.gc.example.com
spec:
  group: gc.example.com
  scope: Namespaced
  names:
    kind: Gizmo
    plural: gizmos
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

function gizmo(name: string, ns: string, finalizer = false): string {
  return `apiVersion: gc.example.com/v1
kind: Gizmo
metadata:
  name: ${name}
  namespace: ${ns}${finalizer ? '\n  finalizers: [example.com/hold]' : ''}
spec:
  size: 1
`;
}

describe('garbage collection through kubectl', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: true });
    for (const name of ['bg', 'fg', 'orph']) env.write(`${name}.yaml`, deployYaml(2, name));
    env.write('owner.yaml', OWNER_CM);
    env.write('crd.yaml', CRD);
    env.write('gizmos.yaml', [gizmo('g1', 'default'), gizmo('g2', 'gc-other'), gizmo('held', 'default', true)].join('---\n'));
  });
  after(async () => { await env?.close(); });

  /** `kind/name` of the objects with label app=<app> */
  async function named(kinds: string, app: string): Promise<string[]> {
    const r = await env.kubectl('get', kinds, '-l', `app=${app}`, '-o', 'name');
    expectCode(r, 0);
    return lines(r.stdout);
  }

  async function rolledOut(app: string): Promise<{ rs: string; pods: string[] }> {
    expectCode(await env.kubectl('apply', '-f', `${app}.yaml`), 0);
    expectCode(await env.kubectl('rollout', 'status', `deploy/${app}`, '--timeout=20s'), 0);
    const pods = await waitUntil(async () => { const p = await named('pods', app); return p.length === 2 ? p : undefined; }, `2 pods of ${app}`, 10_000, 100);
    const rs = await named('rs', app);
    assert.equal(rs.length, 1, `ReplicaSets of ${app}: ${rs.join(' ')}`);
    return { rs: rs[0]!, pods };
  }

  async function jsonpath(obj: string, path: string): Promise<string> {
    const r = await env.kubectl('get', obj, '-o', `jsonpath=${path}`);
    expectCode(r, 0, `get ${obj}`);
    return r.stdout;
  }

  it('deleting a Deployment (background) removes its ReplicaSets and Pods', async () => {
    await rolledOut('bg');
    const m = env.mark();
    const d = await env.kubectl('delete', 'deploy', 'bg');
    expectCode(d, 0);
    expectLine(d.stdout, 'deployment.apps "bg" deleted');
    const del = expectRequest(env.since(m), 'DELETE', '/apis/apps/v1/namespaces/default/deployments/bg');
    assert.equal(del.status, 200);
    assert.deepEqual(JSON.parse(del.body ?? '{}'), { propagationPolicy: 'Background' });
    await waitUntil(async () => (await named('rs,pods', 'bg')).length === 0, 'the ReplicaSet and Pods of bg to go', 10_000, 100);
  });

  it('--cascade=foreground keeps the Deployment with a deletionTimestamp until its dependents are gone', async () => {
    const { rs } = await rolledOut('fg');
    // A finalizer on the ReplicaSet holds the dependents back, so the waiting owner can be observed.
    expectCode(await env.kubectl('patch', rs, '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}'), 0);
    const m = env.mark();
    const d = await env.kubectl('delete', 'deploy', 'fg', '--cascade=foreground', '--wait=false');
    expectCode(d, 0);
    expectLine(d.stdout, 'deployment.apps "fg" deleted');
    const del = expectRequest(env.since(m), 'DELETE', '/apis/apps/v1/namespaces/default/deployments/fg');
    assert.equal(del.status, 200, describeLog(env.since(m)));
    assert.deepEqual(JSON.parse(del.body ?? '{}'), { propagationPolicy: 'Foreground' });

    const owner = await jsonpath('deploy/fg', '{.metadata.deletionTimestamp} {.metadata.finalizers}');
    assert.match(owner, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ \["foregroundDeletion"\]$/);
    // The dependents are deleted first: the Pods go, the held ReplicaSet stays terminating.
    await waitUntil(async () => (await named('pods', 'fg')).length === 0, 'the Pods of fg to go', 10_000, 100);
    assert.match(await jsonpath(rs, '{.metadata.deletionTimestamp}'), /^20\d\d-/);
    await new Promise((r) => setTimeout(r, 300));
    assert.match(await jsonpath('deploy/fg', '{.metadata.finalizers}'), /foregroundDeletion/, 'the owner went before its dependent');

    const fins = JSON.parse(await jsonpath(rs, '{.metadata.finalizers}')) as string[];
    const rest = fins.filter((f) => f !== 'example.com/hold');
    expectCode(await env.kubectl('patch', rs, '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/metadata/finalizers', value: rest }])), 0);
    await waitUntil(async () => (await named('deploy,rs', 'fg')).length === 0 && (await env.kubectl('get', 'deploy', 'fg')).code === 1,
      'the Deployment fg to go once its ReplicaSet is gone', 10_000, 100);
  });

  it('--cascade=orphan leaves the ReplicaSet and Pods, without the ownerReference', async () => {
    const { rs, pods } = await rolledOut('orph');
    const m = env.mark();
    const d = await env.kubectl('delete', 'deploy', 'orph', '--cascade=orphan');
    expectCode(d, 0);
    expectLine(d.stdout, 'deployment.apps "orph" deleted');
    const del = expectRequest(env.since(m), 'DELETE', '/apis/apps/v1/namespaces/default/deployments/orph');
    assert.deepEqual(JSON.parse(del.body ?? '{}'), { propagationPolicy: 'Orphan' });
    const g = await env.kubectl('get', 'deploy', 'orph');
    expectCode(g, 1);
    expectLine(g.stderr, 'Error from server (NotFound): deployments.apps "orph" not found');

    assert.equal(await jsonpath(rs, '{.metadata.ownerReferences}'), '', 'the orphaned ReplicaSet still has an ownerReference');
    assert.deepEqual(await named('pods', 'orph'), pods, 'the Pods of an orphaned ReplicaSet');
    for (const p of pods) assert.match(await jsonpath(p, '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}'), new RegExp(`^ReplicaSet/${rs.split('/')[1]}$`));
    // Still orphaned a moment later: nothing collects it or re-adopts it.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await named('rs', 'orph'), [rs]);

    expectCode(await env.kubectl('delete', rs), 0);
    await waitUntil(async () => (await named('pods', 'orph')).length === 0, 'the Pods of the deleted orphan to go', 10_000, 100);
  });

  it('a ConfigMap owned by another ConfigMap goes with its owner; one with a dangling owner is collected', async () => {
    expectCode(await env.kubectl('apply', '-f', 'owner.yaml'), 0);
    const uid = await jsonpath('cm/owner', '{.metadata.uid}');
    env.write('dep.yaml', dependentCm('dep', 'owner', uid));
    const a = await env.kubectl('apply', '-f', 'dep.yaml');
    expectCode(a, 0);
    expectLine(a.stdout, 'configmap/dep created');
    assert.equal(await jsonpath('cm/dep', '{.metadata.ownerReferences[0].uid}'), uid);
    // While the owner lives, the dependent stays.
    await new Promise((r) => setTimeout(r, 300));
    expectCode(await env.kubectl('get', 'cm', 'dep'), 0);

    const d = await env.kubectl('delete', 'cm', 'owner');
    expectCode(d, 0);
    expectLine(d.stdout, 'configmap "owner" deleted');
    await waitUntil(async () => (await env.kubectl('get', 'cm', 'dep', '--ignore-not-found', '-o', 'name')).stdout === '', 'cm/dep to be collected', 10_000, 100);

    // An owner uid that never existed: the collector deletes the dependent too.
    env.write('dangling.yaml', dependentCm('dangling', 'ghost', '0b0e5b5e-0000-4000-8000-000000000000'));
    expectCode(await env.kubectl('apply', '-f', 'dangling.yaml'), 0);
    await waitUntil(async () => (await env.kubectl('get', 'cm', 'dangling', '--ignore-not-found', '-o', 'name')).stdout === '', 'cm/dangling to be collected', 10_000, 100);
  });

  it('foreground deletion of a ConfigMap owner returns once its dependent is gone', async () => {
    expectCode(await env.kubectl('apply', '-f', 'owner.yaml'), 0);
    const uid = await jsonpath('cm/owner', '{.metadata.uid}');
    env.write('dep2.yaml', dependentCm('dep2', 'owner', uid).replace(`uid: ${uid}`, `uid: ${uid}\n    blockOwnerDeletion: true`));
    expectCode(await env.kubectl('apply', '-f', 'dep2.yaml'), 0);
    const d = await env.kubectl('delete', 'cm', 'owner', '--cascade=foreground', '--timeout=10s');
    expectCode(d, 0);
    expectLine(d.stdout, 'configmap "owner" deleted');
    // kubectl waited for the owner, which went only after its blocking dependent.
    const g = await env.kubectl('get', 'cm', 'dep2', 'owner', '--ignore-not-found', '-o', 'name');
    expectCode(g, 0);
    assert.equal(g.stdout, '');
  });

  it('deleting a CRD removes its custom resources in every namespace, honouring their finalizers', async () => {
    expectCode(await env.kubectl('apply', '-f', 'crd.yaml'), 0);
    expectCode(await env.kubectl('wait', '--for=condition=Established', 'crd/gizmos.gc.example.com', '--timeout=10s'), 0);
    expectCode(await env.kubectl('create', 'namespace', 'gc-other'), 0);
    const a = await env.kubectl('apply', '-f', 'gizmos.yaml');
    expectCode(a, 0);
    assert.deepEqual(lines(a.stdout), ['gizmo.gc.example.com/g1 created', 'gizmo.gc.example.com/g2 created', 'gizmo.gc.example.com/held created'], show(a));

    const d = await env.kubectl('delete', 'crd', 'gizmos.gc.example.com', '--wait=false');
    expectCode(d, 0);
    expectLine(d.stdout, 'customresourcedefinition.apiextensions.k8s.io "gizmos.gc.example.com" deleted');
    // The finalized CR holds the CRD in Terminating; the others are gone.
    await waitUntil(async () => {
      const r = await env.kubectl('get', 'gizmos', '-A', '-o', 'name');
      return r.code === 0 && r.stdout === 'gizmo.gc.example.com/held\n';
    }, 'only the held gizmo to remain', 10_000, 100);
    assert.match(await jsonpath('gizmo/held', '{.metadata.deletionTimestamp}'), /^20\d\d-/);
    const crd = await jsonpath('crd/gizmos.gc.example.com', '{.metadata.deletionTimestamp} {.metadata.finalizers} {.status.conditions[?(@.type=="Terminating")].status}');
    assert.match(crd, /^20\d\d-\S+ \["customresourcecleanup\.apiextensions\.k8s\.io"\] True$/);

    expectCode(await env.kubectl('patch', 'gizmo', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'), 0);
    await waitUntil(async () => (await env.kubectl('get', 'crd', 'gizmos.gc.example.com', '--ignore-not-found', '-o', 'name')).stdout === '',
      'the CRD to go once its last custom resource is gone', 10_000, 100);
    expectCode(await env.kubectl('apply', '-f', 'crd.yaml'), 0);
    expectCode(await env.kubectl('wait', '--for=condition=Established', 'crd/gizmos.gc.example.com', '--timeout=10s'), 0);
    const again = await env.kubectl('get', 'gizmos', '-A', '-o', 'name');
    expectCode(again, 0);
    assert.equal(again.stdout, '', 'custom resources survived their CRD');
  });
});
