// The shop's apps rendered as their controllers would, with the measured time of each.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultNamespace, renderApp, scopeLookup } from '../../../src/engine/render/index.js';
import type { AppSpec, KubeObject } from '../../../src/engine/types.js';

const SHOP = join(__dirname, '../../fixtures/repos/shop');
const signal = new AbortController().signal;

const apps: AppSpec[] = [
  { name: 'storefront', controller: 'argocd', source: { type: 'kustomize', path: 'apps/storefront/overlays/prod' }, destination: { namespace: 'shop' } },
  {
    name: 'payments', controller: 'argocd', destination: { namespace: 'payments' },
    source: { type: 'helm', path: 'charts/payments', releaseName: 'payments', valueFiles: ['values-prod.yaml'], parameters: [{ name: 'image.tag', value: '2.4.1' }] },
  },
  { name: 'platform', controller: 'argocd', source: { type: 'directory', path: 'platform', recurse: true }, destination: { namespace: 'platform' } },
  { name: 'tools-echo', controller: 'argocd', source: { type: 'kustomize', path: 'apps/tools/echo' }, destination: { namespace: 'tools' } },
  { name: 'tools-status-page', controller: 'argocd', source: { type: 'directory', path: 'apps/tools/status-page' }, destination: { namespace: 'tools' } },
  { name: 'flux-infra', controller: 'flux', source: { type: 'kustomize', path: 'infra', namespace: 'infra' }, destination: { namespace: 'infra' }, declaredIn: { file: 'flux/clusters/prod/infra.yaml', line: 1 } },
  { name: 'flux-platform', controller: 'flux', source: { type: 'kustomize', path: 'platform', postBuild: { substitute: { cluster_name: 'prod' } } }, destination: {}, declaredIn: { file: 'flux/clusters/prod/platform.yaml', line: 1 } },
];

test('every shop app renders without problems; times measured', async () => {
  const times: Record<string, string> = {};
  for (const app of apps) {
    await renderApp(app, SHOP, signal); // warm caches (first process spawn, module load)
    const runs: number[] = [];
    let result;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      result = await renderApp(app, SHOP, signal);
      runs.push(performance.now() - t0);
    }
    assert.deepEqual(result!.problems, [], app.name);
    assert.ok(result!.objects.length > 0, app.name);
    for (const o of result!.objects) assert.ok(o.source, `${app.name}: ${o.object.kind}/${o.object.metadata?.name} has a source`);
    times[app.name] = `${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)} ms, ${result!.objects.length} objects`;
  }
  console.log(`render times: ${JSON.stringify(times)}`);
});

test('storefront (Argo kustomize): Deployment from the base file, replicas from the prod patch', async () => {
  const r = await renderApp(apps[0]!, SHOP, signal);
  const dep = r.objects.find((o) => o.object.kind === 'Deployment')!;
  assert.equal(dep.source?.file, 'apps/storefront/base/deployment.yaml');
  assert.equal(dep.fieldSources?.['spec.replicas']?.file, 'apps/storefront/overlays/prod/deployment-patch.yaml');
});

test('payments (Argo helm): Secret payments-db from templates/secret.yaml, namespace from the destination', async () => {
  const r = await renderApp(apps[1]!, SHOP, signal);
  const secret = r.objects.find((o) => o.object.kind === 'Secret')!;
  assert.equal(secret.object.metadata?.name, 'payments-db');
  assert.equal(secret.object.metadata?.namespace, 'payments');
  assert.deepEqual(secret.source, { file: 'charts/payments/templates/secret.yaml', line: 1 });
});

test('platform (Argo directory, recurse): all five objects; the Namespace stays cluster-scoped; ${} left as written', async () => {
  const r = await renderApp(apps[2]!, SHOP, signal);
  assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.namespace ?? '-'}/${o.object.metadata?.name}`), [
    'Namespace/-/platform', 'ServiceAccount/platform/reporter', 'Role/platform/reporter', 'RoleBinding/platform/reporter', 'CronJob/platform/nightly-report',
  ]);
  const cron = r.objects[4]!;
  assert.equal(cron.fieldSources?.['spec.jobTemplate.spec.template.spec.containers[name=report].env[name=CLUSTER_NAME].value']?.line, 30);
  assert.match(JSON.stringify(cron.object), /\$\{cluster_name:=dev\}/);
});

test('flux-platform: postBuild substitution of ${cluster_name:=dev}', async () => {
  const r = await renderApp(apps[6]!, SHOP, signal);
  assert.match(JSON.stringify(r.objects.find((o) => o.object.kind === 'CronJob')!.object), /"name":"CLUSTER_NAME","value":"prod"/);
  const dev = await renderApp({ ...apps[6]!, source: { type: 'kustomize', path: 'platform', postBuild: { substitute: { region: 'eu' } } } }, SHOP, signal);
  assert.match(JSON.stringify(dev.objects.find((o) => o.object.kind === 'CronJob')!.object), /"name":"CLUSTER_NAME","value":"dev"/);
});

test('flux-infra: targetNamespace on every namespaced object; the Namespace stays cluster-scoped', async () => {
  const r = await renderApp(apps[5]!, SHOP, signal);
  assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.namespace ?? '-'}`), ['Namespace/-', 'Service/infra', 'StatefulSet/infra']);
});

test('namespace defaulting: namespaced kinds get the destination, cluster-scoped ones and CRD scopes are respected', () => {
  const objs: KubeObject[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'b' } },
    { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget' } } },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    { apiVersion: 'other.io/v1', kind: 'Thing', metadata: { name: 't' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'kept' } },
  ];
  defaultNamespace(objs, 'dest', scopeLookup(objs));
  assert.deepEqual(objs.map((o) => o.metadata?.namespace), ['dest', undefined, undefined, undefined, 'dest', 'kept']);
  const withDiscovery: KubeObject[] = [{ apiVersion: 'other.io/v1', kind: 'Thing', metadata: { name: 't' } }];
  defaultNamespace(withDiscovery, 'dest', scopeLookup(withDiscovery, (g, k) => (g === 'other.io' && k === 'Thing' ? false : undefined)));
  assert.equal(withDiscovery[0]!.metadata?.namespace, undefined);
});

test('an aborted render rejects and leaves no child behind', async () => {
  const ac = new AbortController();
  const p = renderApp(apps[0]!, SHOP, ac.signal);
  setTimeout(() => ac.abort(), 5);
  await assert.rejects(p);
});
