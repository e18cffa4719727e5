// `plumb suspend` / `plumb resume` (Flux) and `plumb autosync APP on|off` (Argo CD) against the
// test server: the objects as written, the requests sent, and the refusals.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/command.js';
import { createKubeClient, type KubeClient } from '../../src/engine/kube/client.js';
import { loadKubeconfig } from '../../src/engine/kube/kubeconfig.js';
import { PREVIOUS_AUTOMATED_ANNOTATION } from '../../src/engine/sync/controller.js';
import type { KubeObject } from '../../src/engine/types.js';
import { startTestCluster, type TestCluster } from '../cluster/server.js';

const SHOP = resolve(__dirname, '..', 'fixtures', 'repos', 'shop');
let tc: TestCluster;
let client: KubeClient;
let dir: string;
let kubeconfig: string;

const crd = (group: string, kind: string, plural: string, version: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
  spec: { group, scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
    versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
});
const ksTarget = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'flux-system', name: 'infra' };
const appTarget = { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'storefront' };

before(async () => {
  tc = await startTestCluster({ simulate: false });
  dir = mkdtempSync(join(tmpdir(), 'plumb-switch-'));
  kubeconfig = join(dir, 'kubeconfig');
  tc.writeKubeconfig(kubeconfig);
  const kc = await loadKubeconfig({ env: { HOME: dir }, explicitPath: kubeconfig });
  assert.ok(kc.config);
  client = createKubeClient(kc.config);
  await client.create(crd('argoproj.io', 'Application', 'applications', 'v1alpha1'));
  await client.create(crd('kustomize.toolkit.fluxcd.io', 'Kustomization', 'kustomizations', 'v1'));
  for (const ns of ['argocd', 'flux-system']) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  // What `flux bootstrap` and Argo CD's app of apps would have created (CRDs are served at once).
  for (let i = 0; ; i++) {
    try {
      await client.create({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'infra', namespace: 'flux-system' }, spec: { interval: '10m', path: './infra', prune: true } });
      break;
    } catch (e) { if (i > 50) throw e; await new Promise((r) => setTimeout(r, 100)); }
  }
  await client.create({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'storefront', namespace: 'argocd' },
    spec: { project: 'default', source: { path: 'apps/storefront/overlays/prod' }, destination: { namespace: 'shop' }, syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] } } });
});
after(async () => { client.close(); await tc.close(); rmSync(dir, { recursive: true, force: true }); });

async function plumb(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: SHOP, env: { HOME: dir, KUBECONFIG: kubeconfig }, signal: new AbortController().signal };
  return { code: await main(argv, io), out, err };
}

const patches = (fragment: string, from: number) => tc.requestLog.slice(from)
  .filter((e) => e.method === 'PATCH' && e.path.includes(fragment)).map((e) => ({ contentType: e.contentType, body: JSON.parse(e.body ?? 'null') as unknown }));

test('suspend / resume a Flux Kustomization: spec.suspend written, then removed; repeating says so and writes nothing', async () => {
  let mark = tc.requestLog.length;
  const s = await plumb('suspend', 'flux-system/infra');
  assert.equal(s.code, 0, s.err);
  assert.equal(s.out, 'Kustomization flux-system/infra suspended: Flux no longer reconciles it\n');
  assert.equal(((await client.get(ksTarget))['spec'] as { suspend?: boolean }).suspend, true);
  assert.deepEqual(patches('/kustomizations/infra', mark), [{ contentType: 'application/merge-patch+json', body: { spec: { suspend: true } } }]);

  mark = tc.requestLog.length;
  const again = await plumb('suspend', 'flux-system/infra', '--json');
  assert.equal(again.code, 0);
  assert.equal((JSON.parse(again.out) as { changed: boolean }).changed, false);
  assert.deepEqual(patches('/kustomizations/infra', mark), []);

  const r = await plumb('resume', 'flux-system/infra');
  assert.equal(r.code, 0, r.err);
  const spec = (await client.get(ksTarget))['spec'] as Record<string, unknown>;
  assert.equal('suspend' in spec, false, 'flux resume removes the field');
  assert.equal(spec['path'], './infra', 'the rest of the spec is untouched');
});

test('autosync off / on for an Argo CD Application: automated removed and kept aside, then restored', async () => {
  const off = await plumb('autosync', 'storefront', 'off');
  assert.equal(off.code, 0, off.err);
  assert.equal(off.out, 'Application argocd/storefront: auto-sync disabled\n');
  let app = await client.get(appTarget);
  let policy = (app['spec'] as { syncPolicy: Record<string, unknown> }).syncPolicy;
  assert.equal('automated' in policy, false);
  assert.deepEqual(policy['syncOptions'], ['CreateNamespace=true']);
  assert.deepEqual(JSON.parse(app.metadata?.annotations?.[PREVIOUS_AUTOMATED_ANNOTATION] ?? 'null'), { prune: true, selfHeal: true });
  assert.match((await plumb('autosync', 'storefront', 'off')).out, /auto-sync is already off/);

  const on = await plumb('autosync', 'storefront', 'on');
  assert.equal(on.code, 0, on.err);
  app = await client.get(appTarget);
  policy = (app['spec'] as { syncPolicy: Record<string, unknown> }).syncPolicy;
  assert.deepEqual(policy['automated'], { prune: true, selfHeal: true });
  assert.equal(app.metadata?.annotations?.[PREVIOUS_AUTOMATED_ANNOTATION], undefined);
});

test('refusals: wrong tool, no object in the cluster, unknown app, bad value (exit 2, nothing written)', async () => {
  const mark = tc.requestLog.length;
  const wrongTool = await plumb('suspend', 'storefront');
  assert.equal(wrongTool.code, 2);
  assert.match(wrongTool.err, /storefront is an Argo CD app, not a Flux app \(plumb autosync APP on\|off\)/);
  const plain = await plumb('autosync', 'redis', 'off');
  assert.equal(plain.code, 2);
  assert.match(plain.err, /redis is a plain app, not an Argo CD app \(nothing to switch: Plumb itself syncs it\)/);
  const absent = await plumb('suspend', 'flux-system/platform');
  assert.equal(absent.code, 2);
  assert.match(absent.err, /no Flux object for flux-system\/platform in context "plumb-test"/);
  assert.equal((await plumb('resume', 'nope')).code, 2);
  const bad = await plumb('autosync', 'storefront', 'maybe');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /say on or off/);
  assert.deepEqual(tc.requestLog.slice(mark).filter((e) => e.method !== 'GET'), []);
});
