// appSourcePaths: which repository paths an app's history follows.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appSourcePaths } from '../../../src/engine/git/app-paths.js';
import { renderApp } from '../../../src/engine/render/index.js';
import type { AppSpec, RenderedObject } from '../../../src/engine/types.js';

const ROOT = '/repo';
const SHOP = join(__dirname, '../../fixtures/repos/shop');

const obj = (file: string, fields: Record<string, string> = {}): RenderedObject => ({
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
  source: { file, line: 1 },
  fieldSources: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, { file: f, line: 3 }])),
});

const app = (source: AppSpec['source'], extra: Partial<AppSpec> = {}): AppSpec => ({
  name: 'a', controller: 'argocd', source, destination: { namespace: 'ns' }, ...extra,
});

describe('appSourcePaths', () => {
  it('lists the app folder first, then the other files it read, sorted and without duplicates', () => {
    const paths = appSourcePaths(app({ type: 'kustomize', path: 'apps/web/overlays/prod' }, { declaredIn: { file: 'argocd/web.yaml', line: 1 } }), [
      obj('apps/web/base/deployment.yaml', { 'spec.replicas': 'apps/web/overlays/prod/patch.yaml', 'metadata.labels.app': 'apps/web/base/kustomization.yaml' }),
      obj('apps/web/base/deployment.yaml'),
      obj('components/shared/cm.yaml'),
    ], ROOT);
    assert.deepEqual(paths, [
      'apps/web/overlays/prod',
      'apps/web/base/deployment.yaml',
      'apps/web/base/kustomization.yaml',
      'argocd/web.yaml',
      'components/shared/cm.yaml',
    ]);
  });

  it('makes absolute and unnormalized paths repository-relative and drops those outside the repository', () => {
    const paths = appSourcePaths(app({ type: 'directory', path: './manifests/' }), [
      obj('/repo/shared/a.yaml'),
      obj('/elsewhere/b.yaml'),
      obj('../outside.yaml'),
      obj('manifests/../shared/c.yaml'),
    ], ROOT);
    assert.deepEqual(paths, ['manifests', 'shared/a.yaml', 'shared/c.yaml']);
  });

  it('takes Helm value files relative to the chart folder, skipping remote and $ref ones', () => {
    const paths = appSourcePaths(app({ type: 'helm', path: 'charts/pay', valueFiles: ['values-prod.yaml', '../../env/prod/pay.yaml', 'https://x/v.yaml', '$values/v.yaml'] }), [
      obj('charts/pay/templates/deployment.yaml'),
    ], ROOT);
    assert.deepEqual(paths, ['charts/pay', 'env/prod/pay.yaml']);
  });

  it('follows every local source of a multi-source app and none of a remote one', () => {
    const multi = app({ type: 'kustomize', path: 'a' }, {
      sources: [
        { source: { type: 'kustomize', path: 'a' } },
        { source: { type: 'helm', chart: 'redis', repoURL: 'https://charts.example' }, remote: { repoURL: 'https://charts.example', reason: 'chart repository' } },
        { source: { type: 'directory', path: 'a/nested' } },
        { source: { type: 'directory', path: 'b' } },
      ],
    });
    assert.deepEqual(appSourcePaths(multi, [], ROOT), ['a', 'b']);
    const remote = app({ type: 'kustomize', path: 'x' }, { remote: { repoURL: 'https://other.example/repo.git', reason: 'another repository' } });
    assert.deepEqual(appSourcePaths(remote, [], ROOT), []);
  });

  it('a source at the repository root covers every file', () => {
    assert.deepEqual(appSourcePaths(app({ type: 'directory', path: '.' }, { declaredIn: { file: '.plumb.yaml', line: 4 } }), [obj('x/y.yaml')], ROOT), ['.']);
  });

  it('for the sample storefront, names the overlay and the base files its kustomize build read', async () => {
    const storefront = app({ type: 'kustomize', path: 'apps/storefront/overlays/prod' }, { name: 'storefront', declaredIn: { file: 'argocd/apps/storefront.yaml', line: 1 }, destination: { namespace: 'shop' } });
    const r = await renderApp(storefront, SHOP, new AbortController().signal);
    assert.deepEqual(r.problems, []);
    const paths = appSourcePaths(storefront, r.objects, SHOP);
    assert.equal(paths[0], 'apps/storefront/overlays/prod');
    for (const f of ['apps/storefront/base/deployment.yaml', 'apps/storefront/base/service.yaml', 'argocd/apps/storefront.yaml']) assert.ok(paths.includes(f), `${f} in ${paths.join(', ')}`);
    assert.ok(paths.every((p) => p.startsWith('apps/storefront/') || p === 'argocd/apps/storefront.yaml'), paths.join(', '));
  });
});
