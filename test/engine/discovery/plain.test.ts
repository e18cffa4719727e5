// .plumb.yaml validation and plain folders.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverApps, parsePlumbConfig } from '../../../src/engine/discovery/index.js';
import { application, byName, describeProblems, makeRepo, REPO, signal } from './helpers.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';

async function discover(files: Record<string, string>) {
  const repo = await makeRepo(files);
  try {
    return await discoverApps(repo.root, { signal: signal(), remoteUrls: [REPO] });
  } finally {
    await repo.cleanup();
  }
}

const BAD = `repoURLs: https://github.com/example/gitops.git
apps:
  - name: web
    path: apps/web
    namspace: web
  - name: web
    path: apps/web2
  - path: apps/api
  - name: bad name
    path: x
  - name: gone
    path: does/not/exist
  - name: escape
    path: ../outside
  - name: rec
    path: apps/web
    recurse: "yes"
ignore:
  - kind: Deployment
    jsonPointers: [spec/replicas]
  - name: x
  - kind: Service
protectedContexts: prod
discover:
  plain: maybe
  exclud: [x]
colour: red
`;

describe('.plumb.yaml', () => {
  it('reports every mistake with its line, and keeps what is valid', async () => {
    const { apps, problems, config } = await discover({ '.plumb.yaml': BAD, 'apps/web/cm.yaml': CM });
    assert.deepEqual(describeProblems(problems), [
      'warning .plumb.yaml:27 unknown field "colour" (known: repoURLs, apps, ignore, protectedContexts, discover)',
      'error .plumb.yaml:1 repoURLs must be a list of strings',
      'error .plumb.yaml:23 protectedContexts must be a list of strings',
      'error .plumb.yaml:20 JSON pointer "spec/replicas" must start with "/" (e.g. /spec/replicas)',
      'error .plumb.yaml:21 ignore rule needs a kind (use "*" for every kind)',
      'warning .plumb.yaml:22 ignore rule for Service ignores nothing: add jsonPointers, jqPathExpressions or managedFieldsManagers',
      'warning .plumb.yaml:26 unknown field "exclud" (did you mean "exclude"?)',
      'error .plumb.yaml:25 discover.plain must be true or false',
      'warning .plumb.yaml:5 unknown field "namspace" (did you mean "namespace"?)',
      'error .plumb.yaml:6 app "web" is already declared at line 3',
      'error .plumb.yaml:8 apps[2] needs a name',
      'error .plumb.yaml:9 app name "bad name" may only contain letters, digits, ".", "_" and "-"',
      'error .plumb.yaml:14 app "escape": path "../outside" must be relative to the repository root and stay inside it',
      'error .plumb.yaml:17 recurse must be true or false',
      'error .plumb.yaml:12 path "does/not/exist" does not exist in this repository',
    ]);
    assert.deepEqual(apps.map((a) => a.name), ['web', 'gone', 'rec']);
    assert.deepEqual(byName(apps, 'web').source, { type: 'directory', path: 'apps/web', recurse: true });
    assert.deepEqual(config.ignore.map((r) => r.rule.kind), ['Deployment', 'Service']);
    assert.deepEqual(config.protectedContexts, []);
  });

  it('reports a YAML syntax error and falls back to defaults', () => {
    const { config, problems } = parsePlumbConfig('apps:\n  - name: a\n    path: [x\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'error');
    assert.equal(problems[0]!.location?.file, '.plumb.yaml');
    assert.equal(problems[0]!.location?.line, 4);
    assert.deepEqual(config.apps, []);
  });

  it('reads Helm chart folders, contexts, app ignore rules and extra repoURLs', async () => {
    const { apps, problems } = await discover({
      '.plumb.yaml': `repoURLs: [git@github.com:fork/gitops.git]
apps:
  - name: cache
    path: charts/cache
    namespace: cache
    context: kind-dev
    valueFiles: [values-dev.yaml]
    ignore:
      - {kind: StatefulSet, jsonPointers: [/spec/replicas]}
`,
      'charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
      'charts/cache/values-dev.yaml': 'a: 1\n',
      'argocd/web.yaml': application('web', 'web', '', 'https://github.com/fork/gitops'),
      'web/cm.yaml': CM,
    });
    assert.deepEqual(problems, []);
    const cache = byName(apps, 'cache');
    assert.deepEqual(cache.source, { type: 'helm', path: 'charts/cache', releaseName: 'cache', valueFiles: ['values-dev.yaml'], namespace: 'cache' });
    assert.deepEqual(cache.destination, { namespace: 'cache', context: 'kind-dev' });
    assert.deepEqual(cache.ignoreDifferences, [{ kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] }]);
    assert.equal(byName(apps, 'web').remote, undefined);
  });
});

describe('plain kustomize folders', () => {
  const overlays = {
    'apps/web/base/kustomization.yaml': 'resources: [cm.yaml]\n',
    'apps/web/base/cm.yaml': CM,
    'apps/web/overlays/dev/kustomization.yaml': 'namespace: web-dev\nresources: [../../base]\ncomponents: [../../components/debug]\n',
    'apps/web/overlays/prod/kustomization.yml': 'namespace: web-prod\nresources: [../../base]\n',
    'apps/web/components/debug/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
    'apps/api/Kustomization': 'resources: [cm.yaml]\n',
    'apps/api/cm.yaml': CM,
    'vendor/lib/kustomization.yaml': 'resources: []\n',
  };

  it('lists the overlays of a repository with kustomize alone, not its bases or components', async () => {
    const { apps, problems } = await discover(overlays);
    assert.deepEqual(problems, []);
    assert.deepEqual(apps.map((a) => `${a.controller}:${a.name}`), ['plain:apps/api', 'plain:apps/web/overlays/dev', 'plain:apps/web/overlays/prod', 'plain:vendor/lib']);
    assert.deepEqual(byName(apps, 'apps/web/overlays/prod'), {
      name: 'apps/web/overlays/prod',
      controller: 'plain',
      declaredIn: { file: 'apps/web/overlays/prod/kustomization.yml', line: 1 },
      source: { type: 'kustomize', path: 'apps/web/overlays/prod' },
      destination: { namespace: 'web-prod' },
    });
  });

  it('leaves out folders an app covers and folders .plumb.yaml excludes', async () => {
    const { apps } = await discover({
      ...overlays,
      'argocd/api.yaml': application('api', 'apps/api'),
      'argocd/dev.yaml': application('dev', 'apps/web/overlays/dev'),
      '.plumb.yaml': 'discover:\n  exclude: [vendor/**]\n',
    });
    assert.deepEqual(apps.map((a) => `${a.controller}:${a.name}`), ['argocd:api', 'argocd:dev', 'plain:apps/web/overlays/prod']);
  });

  it('can be turned off', async () => {
    const { apps } = await discover({ ...overlays, '.plumb.yaml': 'discover: {plain: false}\n' });
    assert.deepEqual(apps, []);
  });
});
