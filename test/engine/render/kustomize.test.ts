import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseImageArg, renderKustomize } from '../../../src/engine/render/index.js';
import type { RenderedObject } from '../../../src/engine/types.js';

const SHOP = join(__dirname, '../../fixtures/repos/shop');
const signal = new AbortController().signal;
const find = (objs: RenderedObject[], kind: string) => objs.find((o) => o.object.kind === kind)!;

/** Runs `fn` with a private TMPDIR (other test files render at the same time) and lists what it left. */
async function leftInTmp<T>(fn: () => Promise<T>): Promise<{ result: T; left: string[] }> {
  const saved = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'plumb-test-tmp-'));
  process.env.TMPDIR = dir;
  try {
    const result = await fn();
    return { result, left: readdirSync(dir) };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('storefront overlay: objects map to the base files, patched fields to the prod patch', async () => {
  const { result: r, left } = await leftInTmp(() => renderKustomize(join(SHOP, 'apps/storefront/overlays/prod'), SHOP, {}, signal));
  assert.deepEqual(left, [], 'the temporary wrapper kustomization is removed');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.namespace}/${o.object.metadata?.name}`).sort(), [
    'ConfigMap/shop/web-config-gbcd84cg24', 'Deployment/shop/web', 'Service/shop/web',
  ]);
  const dep = find(r.objects, 'Deployment');
  assert.deepEqual(dep.source, { file: 'apps/storefront/base/deployment.yaml', line: 1, column: 1 });
  const fs = dep.fieldSources!;
  const at = (p: string) => fs[p] && `${fs[p]!.file}:${fs[p]!.line}`;
  assert.equal(at('spec.replicas'), 'apps/storefront/overlays/prod/deployment-patch.yaml:6');
  assert.equal(at('spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value'), 'apps/storefront/overlays/prod/deployment-patch.yaml:13');
  assert.equal(at('spec.template.spec.containers[name=web].resources.limits.memory'), 'apps/storefront/overlays/prod/deployment-patch.yaml:19');
  // unpatched fields stay with the base; maps leading to patched leaves too
  assert.equal(at('spec.template.spec.containers[name=web].env[name=PORT].value'), 'apps/storefront/base/deployment.yaml:28');
  assert.equal(at('spec.template.spec.containers[name=web]'), 'apps/storefront/base/deployment.yaml:16');
  // transformers: the images entry, the namespace and the labels of the kustomizations
  assert.equal(at('spec.template.spec.containers[name=web].image'), 'apps/storefront/overlays/prod/kustomization.yaml:14');
  assert.equal(at('metadata.namespace'), 'apps/storefront/overlays/prod/kustomization.yaml:3');
  assert.equal(at('metadata.labels["app.kubernetes.io/part-of"]'), 'apps/storefront/base/kustomization.yaml:8');
  // the build annotations are gone from the objects
  for (const o of r.objects) {
    const ann = o.object.metadata?.annotations ?? {};
    assert.ok(!('config.kubernetes.io/origin' in ann) && !('alpha.config.kubernetes.io/transformations' in ann));
  }
  assert.equal((dep.object.spec as { replicas: number }).replicas, 3);
  // generated ConfigMap: the generator entry, literal lines, and the overlay's merge
  const cm = find(r.objects, 'ConfigMap');
  assert.equal(`${cm.source!.file}:${cm.source!.line}`, 'apps/storefront/base/kustomization.yaml:13');
  assert.equal(cm.fieldSources!['data.CURRENCY']!.line, 15);
  assert.equal(`${cm.fieldSources!['data.CDN_URL']!.file}:${cm.fieldSources!['data.CDN_URL']!.line}`, 'apps/storefront/overlays/prod/kustomization.yaml:12');
});

test('Flux platform: a folder without kustomization.yaml, postBuild substitution with defaults', async () => {
  const r = await renderKustomize(join(SHOP, 'platform'), SHOP, { postBuild: { substitute: { cluster_name: 'prod' } } }, signal);
  assert.deepEqual(r.problems, []);
  assert.equal(r.objects.length, 5);
  const cron = find(r.objects, 'CronJob');
  assert.equal(`${cron.source!.file}:${cron.source!.line}`, 'platform/reports/nightly-report.yaml:3');
  const env = (cron.object as { spec: { jobTemplate: { spec: { template: { spec: { containers: Array<{ env: unknown }> } } } } } }).spec.jobTemplate.spec.template.spec.containers[0]!.env;
  assert.deepEqual(env, [{ name: 'CLUSTER_NAME', value: 'prod' }]);
  // without the variable, the default applies (${cluster_name:=dev})
  const other = await renderKustomize(join(SHOP, 'platform'), SHOP, { postBuild: { substitute: { region: 'eu' } } }, signal);
  const env2 = JSON.stringify(find(other.objects, 'CronJob').object);
  assert.match(env2, /"CLUSTER_NAME","value":"dev"/);
  // no postBuild: left as written, as Argo CD and kubectl apply it
  const plain = await renderKustomize(join(SHOP, 'platform'), SHOP, {}, signal);
  assert.match(JSON.stringify(find(plain.objects, 'CronJob').object), /\$\{cluster_name:=dev\}/);
});

test('Flux strict substitution: a variable without default and without value is an error with its line', async () => {
  const r = await renderKustomize(join(__dirname, '../../fixtures/render/flux-strict'), join(__dirname, '../../fixtures/render'), { postBuild: { substitute: { other: 'x' } } }, signal);
  assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
  assert.match(r.problems[0]!.message, /postBuild substitution failed for ConfigMap settings: variable not set \(strict mode\): "region"/);
  assert.deepEqual(r.problems[0]!.location, { file: 'flux-strict/configmap.yaml', line: 6, column: 3 });
  assert.equal(r.objects.length, 0);
  const loose = await renderKustomize(join(__dirname, '../../fixtures/render/flux-strict'), join(__dirname, '../../fixtures/render'), { postBuild: { substitute: { other: 'x' } }, strictSubstitution: false }, signal);
  assert.equal(loose.problems[0]!.severity, 'warning');
  assert.match(loose.problems[0]!.message, /variable region is not set/);
  // as in Flux: `REGION: ${region}` becomes `REGION: ` (YAML null)
  assert.equal((loose.objects[0]!.object.data as Record<string, unknown>).REGION, null);
});

test('Flux options: targetNamespace, namePrefix, images and inline patches, declared where the app is', async () => {
  const declaredIn = { file: 'flux/clusters/prod/infra.yaml', line: 1 };
  const r = await renderKustomize(join(SHOP, 'infra'), SHOP, {
    namespace: 'infra',
    namePrefix: 'shop-',
    images: ['redis=redis:7.4-alpine'],
    patches: [{ patch: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\nspec:\n  replicas: 2\n', target: { kind: 'StatefulSet' } }],
    declaredIn,
  }, signal);
  assert.deepEqual(r.problems, []);
  const sts = find(r.objects, 'StatefulSet');
  assert.equal(sts.object.metadata?.name, 'shop-redis');
  assert.equal(sts.object.metadata?.namespace, 'infra');
  assert.equal((sts.object.spec as { replicas: number }).replicas, 2);
  assert.match(JSON.stringify(sts.object), /redis:7\.4-alpine/);
  assert.equal(`${sts.source!.file}:${sts.source!.line}`, 'infra/redis-statefulset.yaml:1');
  assert.deepEqual(sts.fieldSources!['metadata.namespace'], declaredIn);
  assert.deepEqual(sts.fieldSources!['metadata.name'], declaredIn);
  assert.deepEqual(sts.fieldSources!['spec.template.spec.containers[name=redis].image'], declaredIn);
  assert.equal(find(r.objects, 'Service').object.metadata?.name, 'shop-redis');
});

test('JSON 6902 patches map each operation to its line', async () => {
  const root = join(__dirname, '../../fixtures/render');
  const r = await renderKustomize(join(root, 'json6902'), root, {}, signal);
  assert.deepEqual(r.problems, []);
  const dep = find(r.objects, 'Deployment');
  assert.equal((dep.object.spec as { replicas: number }).replicas, 4);
  const fs = dep.fieldSources!;
  // the operation's value line; the index of the pointer becomes the item's key
  assert.equal(`${fs['spec.replicas']!.file}:${fs['spec.replicas']!.line}`, 'json6902/patch.yaml:3');
  assert.equal(`${fs['spec.template.spec.containers[name=app].image']!.file}:${fs['spec.template.spec.containers[name=app].image']!.line}`, 'json6902/patch.yaml:6');
  // an inline patch in the kustomization points into the kustomization's block
  assert.equal(`${fs['metadata.annotations.team']!.file}:${fs['metadata.annotations.team']!.line}`, 'json6902/kustomization.yaml:16');
});

test('parseImageArg reads kustomize edit set image syntax', () => {
  assert.deepEqual(parseImageArg('nginx:1.27'), { name: 'nginx', newTag: '1.27' });
  assert.deepEqual(parseImageArg('nginx=registry.local:5000/nginx:1.27'), { name: 'nginx', newName: 'registry.local:5000/nginx', newTag: '1.27' });
  assert.deepEqual(parseImageArg('app=app@sha256:abc'), { name: 'app', digest: 'sha256:abc' });
});

test('a resource file outside the kustomization folder: rendered (as Flux does), with a warning for Argo CD', async () => {
  const root = join(__dirname, '../../fixtures/render');
  const flux = await renderKustomize(join(root, 'outside-root/overlay'), root, {}, signal);
  assert.deepEqual(flux.problems, []);
  assert.equal(flux.objects[0]!.source?.file, 'outside-root/shared/configmap.yaml');
  const argo = await renderKustomize(join(root, 'outside-root/overlay'), root, { rootOnly: true }, signal);
  assert.equal(argo.objects.length, 1);
  assert.equal(argo.problems.length, 1);
  assert.equal(argo.problems[0]!.severity, 'warning');
  assert.match(argo.problems[0]!.message, /LoadRestrictionsRootOnly/);
  assert.deepEqual(argo.problems[0]!.location, { file: 'outside-root/overlay/kustomization.yaml', line: 4, column: 5 });
});

test('Argo/Flux extras: commonLabels, commonMetadata, replicas, substituteStrategy Always', async () => {
  const declaredIn = { file: 'flux/clusters/prod/platform.yaml', line: 1 };
  const r = await renderKustomize(join(SHOP, 'infra'), SHOP, {
    commonLabels: { team: 'shop' },
    commonMetadata: { annotations: { owner: 'ops' } },
    replicas: [{ name: 'redis', count: 3 }],
    declaredIn,
  }, signal);
  assert.deepEqual(r.problems, []);
  const sts = find(r.objects, 'StatefulSet');
  assert.equal(sts.object.metadata?.labels?.team, 'shop');
  assert.equal(sts.object.metadata?.annotations?.owner, 'ops');
  assert.deepEqual(sts.fieldSources!['metadata.annotations.owner'], declaredIn);
  assert.equal((sts.object.spec as { replicas: number }).replicas, 3);
  // Always: defaults are substituted even without variables
  const always = await renderKustomize(join(SHOP, 'platform'), SHOP, { postBuild: {}, substituteAlways: true }, signal);
  assert.match(JSON.stringify(find(always.objects, 'CronJob').object), /"name":"CLUSTER_NAME","value":"dev"/);
  const never = await renderKustomize(join(SHOP, 'platform'), SHOP, { postBuild: {} }, signal);
  assert.match(JSON.stringify(find(never.objects, 'CronJob').object), /\$\{cluster_name:=dev\}/);
});
