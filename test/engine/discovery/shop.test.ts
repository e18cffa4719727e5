// The sample repository: every app its README lists, as the brief expects them.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { discoverApps } from '../../../src/engine/discovery/index.js';
import { byName, describeProblems, signal } from './helpers.js';

const SHOP = resolve(__dirname, '../../fixtures/repos/shop');

describe('discovery: shop sample repository', async () => {
  const { apps, problems, config } = await discoverApps(SHOP, { signal: signal(), remoteUrls: ['git@github.com:example/shop.git'] });

  it('lists exactly the declared apps', () => {
    assert.deepEqual(apps.map((a) => `${a.controller}:${a.name}`).sort(), [
      'argocd:payments',
      'argocd:platform',
      'argocd:root',
      'argocd:storefront',
      'argocd:tools-echo',
      'argocd:tools-status-page',
      'flux:flux-system/infra',
      'flux:flux-system/platform',
      'flux:flux-system/podinfo',
      'plain:argocd-bootstrap',
      'plain:platform-local',
      'plain:redis',
    ]);
  });

  it('reports no problem for the sample repository', () => {
    assert.deepEqual(describeProblems(problems), []);
  });

  it('follows the app of apps, ApplicationSet apps included', () => {
    const root = byName(apps, 'root');
    assert.deepEqual(root.children, ['payments', 'platform', 'storefront', 'tools-echo', 'tools-status-page']);
    assert.deepEqual(root.source, { type: 'directory', path: 'argocd/apps' });
    assert.deepEqual(root.declaredIn, { file: 'argocd/root.yaml', line: 3 });
  });

  it('reads the storefront kustomize app with its ignoreDifferences, sync policy and wave', () => {
    const a = byName(apps, 'storefront');
    assert.deepEqual(a.source, { type: 'kustomize', path: 'apps/storefront/overlays/prod' });
    assert.deepEqual(a.destination, { namespace: 'shop', server: 'https://kubernetes.default.svc' });
    assert.deepEqual(a.ignoreDifferences, [{ group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }]);
    assert.deepEqual(a.syncPolicy, { automated: true, prune: true, selfHeal: true, syncOptions: ['CreateNamespace=true', 'RespectIgnoreDifferences=true'] });
    assert.equal(a.syncWave, 1);
    assert.equal(a.remote, undefined);
  });

  it('reads the payments Helm app with repository-relative values files and parameters', () => {
    const a = byName(apps, 'payments');
    assert.deepEqual(a.source, {
      type: 'helm',
      path: 'charts/payments',
      releaseName: 'payments',
      valueFiles: ['values-prod.yaml'],
      parameters: [{ name: 'image.tag', value: '2.4.1' }],
      namespace: 'payments',
    });
    assert.deepEqual(a.syncPolicy, { automated: false, syncOptions: ['CreateNamespace=true', 'PruneLast=true'] });
    assert.equal(a.syncWave, 0);
  });

  it('reads platform as a recursive directory app in wave -1, without reports/ (Flux keeps it)', () => {
    const a = byName(apps, 'platform', 'argocd');
    assert.deepEqual(a.source, { type: 'directory', path: 'platform', recurse: true, exclude: 'reports/*' });
    assert.equal(a.syncWave, -1);
  });

  it('expands the tools ApplicationSet over apps/tools/*', () => {
    const echo = byName(apps, 'tools-echo');
    const status = byName(apps, 'tools-status-page');
    assert.deepEqual(echo.source, { type: 'kustomize', path: 'apps/tools/echo' });
    assert.deepEqual(status.source, { type: 'directory', path: 'apps/tools/status-page' });
    assert.equal(echo.destination.namespace, 'tools');
    assert.deepEqual(echo.generatedBy, { kind: 'ApplicationSet', name: 'tools', location: { file: 'argocd/apps/tools.yaml', line: 2 } });
    assert.equal(echo.declaredIn?.file, 'argocd/apps/tools.yaml');
    assert.equal(echo.declaredIn?.line, 15);
  });

  it('reads the Flux Kustomizations with their GitRepository, targetNamespace, dependsOn and substitutions', () => {
    const infra = byName(apps, 'flux-system/infra');
    assert.deepEqual(infra.source, { type: 'kustomize', path: 'infra', namespace: 'infra' });
    assert.deepEqual(infra.destination, { namespace: 'infra' });
    assert.deepEqual(infra.owner, { kind: 'Kustomization', namespace: 'flux-system', name: 'infra' });
    assert.deepEqual(infra.syncPolicy, { automated: true, prune: true, selfHeal: true });
    const platform = byName(apps, 'flux-system/platform');
    assert.deepEqual(platform.dependsOn, ['flux-system/infra']);
    assert.deepEqual(platform.source, { type: 'kustomize', path: 'platform', postBuild: { substitute: { cluster_name: 'prod' } } });
    assert.equal(platform.remote, undefined);
  });

  it('lists podinfo as a remote chart that is not available offline', () => {
    const a = byName(apps, 'flux-system/podinfo');
    assert.equal(a.remote?.repoURL, 'https://stefanprodan.github.io/podinfo');
    assert.match(a.remote?.reason ?? '', /chart is not available offline/);
    assert.equal(a.source.type, 'helm');
    if (a.source.type !== 'helm') return;
    assert.equal(a.source.chart, 'podinfo');
    assert.equal(a.source.version, '6.7.1');
    assert.equal(a.source.releaseName, 'podinfo');
    assert.equal(a.source.namespace, 'podinfo');
    assert.deepEqual(a.ignoreDifferences, [{ group: '*', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }]);
  });

  it('reads the .plumb.yaml apps, ignore rules and protected contexts', () => {
    assert.deepEqual(byName(apps, 'redis').source, { type: 'kustomize', path: 'infra' });
    assert.deepEqual(byName(apps, 'redis').destination, { namespace: 'infra' });
    assert.deepEqual(byName(apps, 'platform-local', 'plain').source, { type: 'directory', path: 'platform', recurse: true, exclude: 'reports/*' });
    assert.deepEqual(byName(apps, 'argocd-bootstrap', 'plain').source, { type: 'directory', path: 'bootstrap/argocd', recurse: true });
    assert.deepEqual(config.protectedContexts, ['prod']);
    assert.deepEqual(config.ignore.map((r) => [r.rule.kind, r.location.line]), [['Deployment', 24], ['ConfigMap', 31]]);
  });

  it('does not list bases, the Flux bootstrap folder or chart folders as plain apps', () => {
    assert.equal(apps.filter((a) => a.controller === 'plain').length, 3);
  });
});

describe('discovery: shop without a matching remote', () => {
  it('lists Git apps as remote and says how to declare the repository', async () => {
    // A copy of the sample without its repoURLs: nothing says which URL means this repository.
    const copy = mkdtempSync(join(tmpdir(), 'plumb-shop-'));
    cpSync(SHOP, copy, { recursive: true });
    const cfg = join(copy, '.plumb.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^repoURLs:\n(  - .*\n)+/m, ''));
    const { apps, problems } = await discoverApps(copy, { signal: signal(), remoteUrls: ['https://github.com/someone/else.git'] });
    rmSync(copy, { recursive: true, force: true });
    const storefront = byName(apps, 'storefront');
    assert.deepEqual(storefront.remote, { repoURL: 'https://github.com/example/shop.git', reason: 'the source is another Git repository' });
    assert.equal(storefront.children, undefined);
    assert.ok(byName(apps, 'flux-system/infra').remote);
    const hints = problems.filter((p) => p.message.includes('add it to repoURLs in .plumb.yaml'));
    assert.equal(hints.length, 1, describeProblems(problems).join('\n'));
    assert.match(hints[0]!.message, /^https:\/\/github\.com\/example\/shop\.git is not a remote of this repository/);
  });
});
