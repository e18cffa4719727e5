// End to end: the sample repository applied to the test cluster by field manager plumb, then
// changed with kubectl; `plumb diff --json` must report exactly those changes and nothing else.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import { makeKubectl, type Kubectl } from '../../cluster/testing/kubectl.js';
import { main } from '../../../src/cli/main.js';

const SHOP = join(__dirname, '../../fixtures/repos/shop');

interface DiffJson {
  apps: Array<{ name: string; sync: string; health: string; resources: Array<{ kind: string; name: string; namespace?: string; status: string;
    drift: Array<{ path: string; kind?: string; desired?: unknown; live?: unknown; manager?: string }>; source?: { file: string; line: number } }> }>;
  problems: Array<{ severity: string; message: string }>;
}

async function plumb(repo: string, kubeconfig: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: repo,
    env: { ...process.env, KUBECONFIG: kubeconfig }, signal: new AbortController().signal,
  });
  return { code, out, err };
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd, env });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    c.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${err}`))));
  });
}

describe('plumb diff against a cluster', () => {
  let tc: TestCluster;
  let k: Kubectl;
  let repo: string;
  before(async () => {
    tc = await startTestCluster({ simulate: true });
    k = makeKubectl(tc);
    repo = mkdtempSync(join(tmpdir(), 'plumb-e2e-'));
    cpSync(SHOP, repo, { recursive: true });
    // Deploy storefront and platform the way Plumb's sync will: server-side apply, manager plumb.
    for (const ns of ['shop']) assert.equal((await k.run(['create', 'ns', ns])).code, 0);
    const storefront = await sh('kubectl', ['kustomize', 'apps/storefront/overlays/prod'], repo, process.env);
    const r1 = await k.run(['apply', '--server-side', '--field-manager=plumb', '-f', '-'], { stdin: storefront });
    assert.equal(r1.code, 0, r1.stderr);
    const r2 = await k.run(['apply', '--server-side', '--field-manager=plumb', '-R', '-f', join(repo, 'platform')]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal((await k.run(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=30s'])).code, 0);
  });
  after(async () => {
    k?.dispose();
    await tc?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('freshly applied apps are Synced and Healthy, with nothing drifted', async () => {
    const r = await plumb(repo, k.kubeconfig, ['diff', 'storefront', 'platform', '--json', '--exit-code']);
    const j = JSON.parse(r.out) as DiffJson;
    assert.equal(r.code, 0, r.err);
    for (const app of j.apps) {
      assert.equal(app.sync, 'Synced', JSON.stringify(app.resources.filter((x) => x.status !== 'Synced'), null, 1));
      assert.equal(app.health, 'Healthy');
    }
    assert.equal(j.apps.find((a) => a.name === 'storefront')!.resources.length, 3);
  });

  it('reports exactly the kubectl changes, attributed to their field managers', async () => {
    for (const args of [
      ['set', 'image', 'deploy/web', '-n', 'shop', 'web=ghcr.io/example/storefront:9.9'],
      ['set', 'env', 'deploy/web', '-n', 'shop', 'DEBUG=1'],
      ['label', 'svc', 'web', '-n', 'shop', 'team=x'],
      ['scale', 'deploy/web', '-n', 'shop', '--replicas=5'], // ignored: .plumb.yaml ignores web's replicas (HPA-style)
      ['delete', 'rolebinding', 'reporter', '-n', 'platform'],
      ['annotate', 'sa', 'reporter', '-n', 'platform', 'owner=ops'],
    ]) {
      const r = await k.run(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    const r = await plumb(repo, k.kubeconfig, ['diff', 'storefront', 'platform', '--json', '--exit-code']);
    assert.equal(r.code, 1, r.err);
    const j = JSON.parse(r.out) as DiffJson;
    const found = j.apps.flatMap((a) => a.resources.flatMap((res) =>
      res.status === 'Synced' ? [] : res.drift.length
        ? res.drift.map((d) => `${a.name} ${res.kind}/${res.name} ${res.status} ${d.path} ${d.kind} ${d.manager}`)
        : [`${a.name} ${res.kind}/${res.name} ${res.status}`]));
    assert.deepEqual(found.sort(), [
      'platform RoleBinding/reporter Missing',
      'platform ServiceAccount/reporter OutOfSync metadata.annotations.owner foreign-edit kubectl-annotate',
      'storefront Deployment/web OutOfSync spec.template.spec.containers[name=web].env[name=DEBUG] foreign-edit kubectl-set',
      'storefront Deployment/web OutOfSync spec.template.spec.containers[name=web].image conflict kubectl-set',
      'storefront Service/web OutOfSync metadata.labels.team foreign-edit kubectl-label',
    ]);
    const deploy = j.apps.find((a) => a.name === 'storefront')!.resources.find((x) => x.kind === 'Deployment')!;
    const image = deploy.drift.find((d) => d.path.endsWith('.image'))!;
    assert.equal(image.desired, 'ghcr.io/example/storefront:1.9.2');
    assert.equal(image.live, 'ghcr.io/example/storefront:9.9');
    assert.deepEqual(deploy.source, { file: 'apps/storefront/base/deployment.yaml', line: 1 });
  });

  it('a kubectl edit is reported, and scale is reported once the repository stops ignoring replicas', async () => {
    // kubectl edit through a scripted editor: the ConfigMap's LOG_LEVEL changes.
    const edit = await k.run(['edit', 'cm', 'web-config-gbcd84cg24', '-n', 'shop'], {
      env: { KUBE_EDITOR: `sed -i -e "s/^  CURRENCY: .*/  CURRENCY: GBP/"` },
    });
    assert.equal(edit.code, 0, edit.stderr);
    assert.equal((await k.run(['scale', 'deploy/web', '-n', 'shop', '--replicas=5'])).code, 0);
    // Both the repo-wide rule (.plumb.yaml) and the Application's ignoreDifferences ignore web's replicas.
    const { readFileSync, writeFileSync } = await import('node:fs');
    const cfg = join(repo, '.plumb.yaml');
    const appFile = join(repo, 'argocd/apps/storefront.yaml');
    const original = readFileSync(cfg, 'utf8');
    const originalApp = readFileSync(appFile, 'utf8');
    writeFileSync(cfg, original.replace(/  - group: apps\n    kind: Deployment\n    name: web\n    namespace: shop\n    jsonPointers:\n      - \/spec\/replicas\n/, ''));
    writeFileSync(appFile, originalApp.replace(/  ignoreDifferences:\n(    .*\n|      .*\n)+/, ''));
    try {
      const r = await plumb(repo, k.kubeconfig, ['diff', 'storefront', '--json']);
      const j = JSON.parse(r.out) as DiffJson;
      const drift = j.apps[0]!.resources.flatMap((res) => res.drift.map((d) => ({ res: `${res.kind}/${res.name}`, ...d })));
      const level = drift.find((d) => d.path === 'data.CURRENCY')!;
      assert.deepEqual([level.kind, level.manager, level.live], ['conflict', 'kubectl-edit', 'GBP']);
      const replicas = drift.find((d) => d.path === 'spec.replicas')!;
      assert.deepEqual([replicas.res, replicas.kind, replicas.desired, replicas.live], ['Deployment/web', 'conflict', 3, 5]);
      assert.ok(replicas.manager?.startsWith('kubectl'), `replicas changed by ${replicas.manager}`);
    } finally {
      writeFileSync(cfg, original);
      writeFileSync(appFile, originalApp);
    }
  });

  it('custom resources are compared with the list keys of their CRD, read from the cluster', async () => {
    const { mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(repo, 'routes'));
    writeFileSync(join(repo, 'routes/crd.yaml'), `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: routes.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: routes, singular: route, kind: Route}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              targets:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties: {name: {type: string}, weight: {type: integer}}
`);
    assert.equal((await k.run(['apply', '--server-side', '--field-manager=plumb', '-f', join(repo, 'routes/crd.yaml')])).code, 0);
    const cr = `apiVersion: example.com/v1
kind: Route
metadata: {name: checkout, namespace: shop}
spec:
  targets:
  - {name: blue, weight: 90}
  - {name: green, weight: 10}
`;
    writeFileSync(join(repo, 'routes/route.yaml'), cr);
    const cfg = join(repo, '.plumb.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('apps:\n', 'apps:\n  - name: routes\n    path: routes\n    namespace: shop\n'));
    const applied = await k.run(['apply', '--server-side', '--field-manager=plumb', '-f', join(repo, 'routes/route.yaml')]);
    assert.equal(applied.code, 0, applied.stderr);
    // kubectl edits one keyed item's weight and adds an item: keyed paths, not one atomic list.
    const patched = await k.run(['patch', 'route', 'checkout', '-n', 'shop', '--type=json', '-p',
      '[{"op":"replace","path":"/spec/targets/1/weight","value":50},{"op":"add","path":"/spec/targets/-","value":{"name":"canary","weight":1}}]']);
    assert.equal(patched.code, 0, patched.stderr);
    const r = await plumb(repo, k.kubeconfig, ['diff', 'routes', '--json']);
    const j = JSON.parse(r.out) as DiffJson;
    const route = j.apps[0]!.resources.find((x) => x.kind === 'Route')!;
    assert.deepEqual(route.drift.map((d) => `${d.path} ${d.kind}`).sort(), [
      'spec.targets[name=canary] foreign-edit',
      'spec.targets[name=green].weight conflict',
    ]);
  });

  it('an unreachable cluster is a clear run-level error, exit 2', async () => {
    const dead = join(k.dir, 'dead-kubeconfig');
    const text = tc.kubeconfig('admin').replace(tc.url, 'https://127.0.0.1:1');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(dead, text);
    const r = await plumb(repo, dead, ['status', 'storefront']);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /cannot reach the cluster at https:\/\/127\.0\.0\.1:1/);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  });
});
