// Spec §6 T12–T15: server-side apply — the CSA→SSA migration, conflicts and force, removal of
// fields a manager stops applying, and ownership taken by a non-apply patch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KObject, ManagedFieldsEntry } from '../api/types.js';
import {
  deployYaml, describeLog, dig, expectCode, expectLine, getObject, lines, pathOf, queryOf, setup, type Env,
} from './helpers.js';

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';
const SSA = '/apis/apps/v1/namespaces/default/deployments/ssa';

const ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** The T13 manifest `d.yaml`; `replicas`/`image` undefined leave the field out. */
function ssaYaml(o: { replicas?: number; image?: string; env: string[] }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ssa
spec:
${o.replicas === undefined ? '' : `  replicas: ${o.replicas}\n`}  selector:
    matchLabels:
      app: ssa
  template:
    metadata:
      labels:
        app: ssa
    spec:
      containers:
      - name: app
${o.image === undefined ? '' : `        image: ${o.image}\n`}        env:
${o.env.map((n) => `        - name: ${n}\n          value: "${n.toLowerCase()}"\n`).join('')}`;
}

function entry(o: KObject | undefined, manager: string, operation: string): ManagedFieldsEntry | undefined {
  return o?.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation);
}

describe('server-side apply (T12–T15)', { timeout: 120_000 }, () => {
  let env: Env;
  const ssa = () => getObject(env.tc, 'apps', 'v1', 'deployments', 'default', 'ssa');
  const envNames = () => (dig(ssa(), 'spec', 'template', 'spec', 'containers', 0, 'env') as Array<{ name: string }> | undefined)?.map((e) => e.name);
  const apply = (manager: string, file: string, ...extra: string[]) =>
    env.kubectl('apply', '--server-side', `--field-manager=${manager}`, '-f', file, ...extra);

  before(async () => { env = await setup({ simulate: false }); });
  after(async () => { await env?.close(); });

  it('T12 CSA then SSA with manager kubectl migrates ownership without a conflict', async () => {
    env.write('deploy.yaml', deployYaml(2));
    env.write('deploy3.yaml', deployYaml(3));
    expectCode(await env.kubectl('apply', '-f', 'deploy.yaml'), 0);
    const m = env.mark();
    const r = await env.kubectl('apply', '--server-side', '-f', 'deploy3.yaml');
    expectCode(r, 0);
    expectLine(r.stdout, 'deployment.apps/web serverside-applied');

    const patches = env.since(m).filter((e) => e.method === 'PATCH' && pathOf(e) === WEB);
    const shape = patches.map((e) => `${e.contentType} ${queryOf(e).get('fieldManager')} ${queryOf(e).get('force') ?? '-'} ${e.status}`);
    assert.deepEqual(shape, [
      'application/apply-patch+yaml kubectl false 200',
      'application/apply-patch+yaml kubectl-last-applied - 200',
      'application/json-patch+json kubectl - 200',
      'application/apply-patch+yaml kubectl false 200',
    ], describeLog(env.since(m)));
    const ops = JSON.parse(patches[2]!.body ?? '[]') as Array<{ op: string; path: string }>;
    assert.deepEqual(ops.map((o) => `${o.op} ${o.path}`), ['replace /metadata/managedFields', 'replace /metadata/resourceVersion']);

    const g = await env.kubectl('get', 'deploy', 'web', '-o', 'json', '--show-managed-fields');
    expectCode(g, 0);
    const d = JSON.parse(g.stdout) as KObject;
    assert.equal(dig(d, 'spec', 'replicas'), 3);
    const mf = d.metadata.managedFields ?? [];
    const lastApplied = mf.find((e) => e.manager === 'kubectl-last-applied' && e.operation === 'Apply');
    assert.ok(lastApplied, JSON.stringify(mf));
    assert.deepEqual(lastApplied.fieldsV1, { 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } });
    const kubectlEntry = mf.find((e) => e.manager === 'kubectl' && e.operation === 'Apply');
    assert.ok(kubectlEntry, JSON.stringify(mf));
    assert.ok(dig(kubectlEntry.fieldsV1, 'f:spec', 'f:replicas'), `kubectl does not own spec.replicas: ${JSON.stringify(kubectlEntry.fieldsV1)}`);
    assert.ok(!mf.some((e) => e.manager === 'kubectl-client-side-apply'), `kubectl-client-side-apply still listed: ${JSON.stringify(mf)}`);
    const la = JSON.parse(String(dig(d, 'metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'))) as unknown;
    assert.equal(dig(la, 'spec', 'replicas'), 3, 'the last-applied annotation was not refreshed');

    // A second server-side apply is a single request.
    const m2 = env.mark();
    expectCode(await env.kubectl('apply', '--server-side', '-f', 'deploy3.yaml'), 0);
    assert.equal(env.since(m2).filter((e) => e.method === 'PATCH').length, 1, describeLog(env.since(m2)));
  });

  it('T13 conflicts between managers, then --force-conflicts', async () => {
    env.write('d.yaml', ssaYaml({ replicas: 2, image: 'nginx:1.25', env: ['A', 'B'] }));
    const r1 = await apply('team-a', 'd.yaml');
    expectCode(r1, 0);
    expectLine(r1.stdout, 'deployment.apps/ssa serverside-applied');

    env.write('d5.yaml', ssaYaml({ replicas: 5, image: 'nginx:1.25', env: ['A', 'B'] }));
    const r2 = await apply('team-b', 'd5.yaml');
    expectCode(r2, 1);
    assert.ok(r2.stderr.startsWith('error: Apply failed with 1 conflict: conflict with "team-a": .spec.replicas\n'), r2.stderr);
    assert.ok(r2.stderr.includes(ADVICE), `advice block missing:\n${r2.stderr}`);

    env.write('d5i.yaml', ssaYaml({ replicas: 5, image: 'nginx:1.26', env: ['A', 'B'] }));
    const r3 = await apply('team-b', 'd5i.yaml');
    expectCode(r3, 1);
    const ls = lines(r3.stderr);
    assert.equal(ls[0], 'error: Apply failed with 2 conflicts: conflicts with "team-a":');
    assert.deepEqual(ls.slice(1, 3).sort(), ['- .spec.replicas', '- .spec.template.spec.containers[name="app"].image']);
    assert.equal(dig(ssa(), 'spec', 'replicas'), 2, 'a conflicting apply changed the object');

    const r4 = await apply('team-b', 'd5i.yaml', '--force-conflicts');
    expectCode(r4, 0);
    expectLine(r4.stdout, 'deployment.apps/ssa serverside-applied');
    const o = ssa();
    assert.equal(dig(o, 'spec', 'replicas'), 5);
    assert.equal(dig(o, 'spec', 'template', 'spec', 'containers', 0, 'image'), 'nginx:1.26');
    const a = entry(o, 'team-a', 'Apply');
    assert.ok(a, 'team-a lost its whole entry');
    assert.equal(dig(a.fieldsV1, 'f:spec', 'f:replicas'), undefined, `team-a still owns spec.replicas: ${JSON.stringify(a.fieldsV1)}`);
    assert.ok(dig(entry(o, 'team-b', 'Apply')?.fieldsV1, 'f:spec', 'f:replicas'), 'team-b does not own spec.replicas');
  });

  it('T14 fields dropped from one manifest stay while another manager owns them', async () => {
    // team-a stops applying env A (and never re-applies replicas or image): A is still team-b's.
    env.write('a-noA.yaml', ssaYaml({ env: ['B'] }));
    expectCode(await apply('team-a', 'a-noA.yaml'), 0);
    assert.deepEqual(envNames(), ['A', 'B'], 'env A was removed although team-b owns it');
    assert.equal(dig(ssa(), 'spec', 'replicas'), 5, 'replicas changed although team-b owns it');

    env.write('b-noA.yaml', ssaYaml({ replicas: 5, image: 'nginx:1.26', env: ['B'] }));
    expectCode(await apply('team-b', 'b-noA.yaml'), 0);
    assert.deepEqual(envNames(), ['B'], 'env A survived after its last owner dropped it');
    assert.equal(dig(ssa(), 'spec', 'replicas'), 5);

    // team-b is now the only owner of replicas; dropping it re-defaults to 1.
    env.write('b-noReplicas.yaml', ssaYaml({ image: 'nginx:1.26', env: ['B'] }));
    expectCode(await apply('team-b', 'b-noReplicas.yaml'), 0);
    assert.equal(dig(ssa(), 'spec', 'replicas'), 1, 'replicas was not removed and re-defaulted');
  });

  it('T15 a merge patch takes ownership; a later apply conflicts with kubectl-patch', async () => {
    const m = env.mark();
    const p = await env.kubectl('patch', 'deploy', 'ssa', '--type=merge', '-p', '{"spec":{"replicas":7}}');
    expectCode(p, 0);
    expectLine(p.stdout, 'deployment.apps/ssa patched');
    const req = env.since(m).find((e) => e.method === 'PATCH' && pathOf(e) === SSA);
    assert.ok(req, describeLog(env.since(m)));
    assert.equal(req.contentType, 'application/merge-patch+json');
    assert.equal(queryOf(req).get('fieldManager'), 'kubectl-patch');
    assert.equal(dig(ssa(), 'spec', 'replicas'), 7);

    env.write('a8.yaml', ssaYaml({ replicas: 8, env: ['B'] }));
    const r = await apply('team-a', 'a8.yaml');
    expectCode(r, 1);
    assert.ok(r.stderr.startsWith('error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas\n'), r.stderr);
  });
});
