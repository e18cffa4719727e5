// Argo CD Applications: paths, sources, app of apps, and the problems users see.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverApps } from '../../../src/engine/discovery/index.js';
import { application, byName, describeProblems, makeRepo, REPO, signal } from './helpers.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';

async function discover(files: Record<string, string>, remoteUrls = [REPO]) {
  const repo = await makeRepo(files);
  try {
    return await discoverApps(repo.root, { signal: signal(), remoteUrls });
  } finally {
    await repo.cleanup();
  }
}

describe('discovery: Argo CD Applications', () => {
  it('keeps an app whose path is missing, with an error at the path line', async () => {
    const { apps, problems } = await discover({ 'apps/web.yaml': application('web', 'deploy/web') });
    assert.deepEqual(byName(apps, 'web').source, { type: 'directory', path: 'deploy/web' });
    assert.deepEqual(describeProblems(problems), ['error apps/web.yaml:11 path "deploy/web" does not exist in this repository']);
    assert.equal(problems[0]!.app, 'web');
    assert.equal(problems[0]!.location?.column, 5);
  });

  it('lists two apps that claim the same path without complaint', async () => {
    const { apps, problems } = await discover({
      'argocd/a.yaml': application('a', 'shared'),
      'argocd/b.yaml': application('b', './shared/'),
      'shared/cm.yaml': CM,
    });
    assert.deepEqual(describeProblems(problems), []);
    assert.deepEqual([byName(apps, 'a').source, byName(apps, 'b').source], [{ type: 'directory', path: 'shared' }, { type: 'directory', path: 'shared' }]);
  });

  it('accepts a path inside a hidden folder, which the scan does not walk', async () => {
    const { problems } = await discover({ 'a.yaml': application('a', '.deploy/a'), '.deploy/a/cm.yaml': CM });
    assert.deepEqual(problems, []);
  });

  it('reports an app-of-apps cycle once and breaks it', async () => {
    const { apps, problems } = await discover({
      'a-apps/b.yaml': application('b', 'b-apps'),
      'b-apps/a.yaml': application('a', 'a-apps'),
    });
    // b is declared first, so the walk starts there and the edge closing the loop is a → b
    assert.deepEqual(byName(apps, 'b').children, ['a']);
    assert.equal(byName(apps, 'a').children, undefined);
    assert.deepEqual(describeProblems(problems), ['warning b-apps/a.yaml:1 app-of-apps cycle: b → a → b; b is not shown as a child of a']);
  });

  it('does not make a self-managed root app its own child', async () => {
    const { apps, problems } = await discover({
      'argocd/root.yaml': application('root', 'argocd'),
      'argocd/web.yaml': application('web', 'web'),
      'web/cm.yaml': CM,
    });
    assert.deepEqual(byName(apps, 'root').children, ['web']);
    assert.deepEqual(problems, []);
  });

  it('follows app of apps through kustomize and nested folders only when recurse is set', async () => {
    const { apps } = await discover({
      'root.yaml': application('root', 'envs/prod'),
      'flat.yaml': application('flat', 'deep'),
      'deep-r.yaml': application('deep-r', 'deep', '    directory: {recurse: true}\n'),
      'envs/prod/kustomization.yaml': 'resources: [../base, extra.yaml]\n',
      'envs/prod/extra.yaml': application('extra', 'web'),
      'envs/base/kustomization.yaml': 'resources: [web.yaml]\n',
      'envs/base/web.yaml': application('web', 'web'),
      'deep/sub/nested.yaml': application('nested', 'web'),
      'web/cm.yaml': CM,
    });
    assert.deepEqual(byName(apps, 'root').children, ['extra', 'web']);
    assert.equal(byName(apps, 'flat').children, undefined);
    assert.deepEqual(byName(apps, 'deep-r').children, ['nested']);
  });

  it('detects the tool from the folder, applies .argocd-source overrides, and resolves values files', async () => {
    const { apps, problems } = await discover({
      'k.yaml': application('k', 'kust', '    kustomize:\n      namePrefix: p-\n      images: [web=ghcr.io/x/web:2]\n      components: [../comp]\n'),
      'kust/kustomization.yaml': 'resources: [cm.yaml]\n',
      'kust/cm.yaml': CM,
      'kust/.argocd-source-k.yaml': 'kustomize:\n  images: [web=ghcr.io/x/web:3]\n',
      'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      'h.yaml': application('h', 'chart', '    helm:\n      valueFiles: [values-prod.yaml, ../shared/missing.yaml]\n      values: |\n        replicas: 2\n      parameters:\n        - {name: image.tag, value: 1.2, forceString: true}\n'),
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/values-prod.yaml': 'a: 1\n',
    });
    assert.deepEqual(byName(apps, 'k').source, { type: 'kustomize', path: 'kust', namePrefix: 'p-', images: ['web=ghcr.io/x/web:3'], components: ['comp'] });
    assert.deepEqual(byName(apps, 'h').source, {
      type: 'helm',
      path: 'chart',
      releaseName: 'h',
      valueFiles: ['values-prod.yaml', '../shared/missing.yaml'],
      values: { replicas: 2 },
      parameters: [{ name: 'image.tag', value: '1.2', forceString: true }],
      namespace: 'h',
    });
    assert.deepEqual(describeProblems(problems), ['error h.yaml:13 values file "shared/missing.yaml" does not exist in this repository']);
    // the discovered Component folder is not an app of its own
    assert.equal(apps.length, 2);
  });

  it('reads multi-source apps with a $values ref', async () => {
    const { apps, problems } = await discover({
      'm.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: m, namespace: argocd}
spec:
  sources:
    - repoURL: https://charts.example.com
      chart: redis
      targetRevision: 19.0.0
      helm:
        valueFiles: [$values/envs/prod/redis.yaml]
    - repoURL: ${REPO}
      targetRevision: main
      ref: values
    - repoURL: ${REPO}
      path: extra
  destination: {server: https://kubernetes.default.svc, namespace: data}
`,
      'envs/prod/redis.yaml': 'a: 1\n',
      'extra/cm.yaml': CM,
    });
    const m = byName(apps, 'm');
    assert.equal(m.sources?.length, 2);
    assert.deepEqual(m.sources?.[0]?.source, { type: 'helm', chart: 'redis', repoURL: 'https://charts.example.com', version: '19.0.0', releaseName: 'm', valueFiles: ['$values/envs/prod/redis.yaml'], namespace: 'data' });
    assert.match(m.sources?.[0]?.remote?.reason ?? '', /chart is not available offline/);
    assert.deepEqual(m.source, { type: 'directory', path: 'extra' });
    assert.equal(m.remote, undefined);
    assert.deepEqual(problems, []);
  });

  it('resolves a $values ref of a chart in this repository relative to the chart', async () => {
    const { apps, problems } = await discover({
      'l.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: l}
spec:
  sources:
    - {repoURL: ${REPO}, path: charts/web, helm: {valueFiles: [$vals/envs/prod/web.yaml, $nope/x.yaml]}}
    - {repoURL: ${REPO}, ref: vals}
  destination: {namespace: web}
`,
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'envs/prod/web.yaml': 'a: 1\n',
    });
    const l = byName(apps, 'l');
    assert.equal(l.source.type === 'helm' && l.source.valueFiles?.join(','), '../../envs/prod/web.yaml,$nope/x.yaml');
    assert.deepEqual(describeProblems(problems), ['error l.yaml:6 values file "$nope/x.yaml" names the source ref "nope", which no source declares']);
  });

  it('lists apps of other repositories, charts and plugins as remote', async () => {
    const { apps } = await discover({
      'o.yaml': application('o', 'deploy', '', 'https://github.com/example/other.git'),
      'c.yaml': `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: c}\nspec:\n  source: {repoURL: 'https://user:secret@charts.example.com/', chart: nginx, targetRevision: 1.0.0}\n  destination: {namespace: web}\n`,
      'p.yaml': application('p', 'plug', '    plugin: {name: sops}\n'),
      'plug/x.yaml': CM,
    });
    assert.deepEqual(byName(apps, 'o').remote, { repoURL: 'https://github.com/example/other.git', reason: 'the source is another Git repository' });
    assert.deepEqual(byName(apps, 'c').remote, { repoURL: 'https://charts.example.com/', reason: 'Helm chart "nginx" 1.0.0 from a chart repository: chart is not available offline' });
    assert.match(byName(apps, 'p').remote?.reason ?? '', /config management plugin "sops"/);
  });

  it('reports bad YAML with its line and keeps the other apps', async () => {
    const { apps, problems } = await discover({
      'bad.yaml': `${application('ok', 'web')}---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: dup\n  name: dup2\n`,
      'tabs.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n\tname: t\n',
      'web/cm.yaml': CM,
    });
    assert.deepEqual(apps.map((a) => a.name), ['ok']);
    // a duplicate key is reported and the last value read, as Go's decoders do
    assert.deepEqual(describeProblems(problems), [
      'error bad.yaml:20 duplicate key name: the last value wins here, but kubectl and kustomize reject the file',
      'error tabs.yaml:4 tab used for indentation (YAML indentation must be spaces): the document is skipped',
      'error bad.yaml:16 Application has no spec',
    ]);
  });

  it('reports duplicate names, missing names and bad sync waves', async () => {
    const { apps, problems } = await discover({
      'a1.yaml': application('same', 'web'),
      'a2.yaml': application('same', 'web'),
      'noname.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {namespace: argocd}\nspec: {}\n',
      'wave.yaml': application('wave', 'web').replace('  namespace: argocd\n', '  namespace: argocd\n  annotations:\n    argocd.argoproj.io/sync-wave: soon\n'),
      'web/cm.yaml': CM,
    });
    assert.equal(apps.filter((a) => a.name === 'same').length, 2);
    assert.deepEqual(describeProblems(problems), [
      'warning noname.yaml:1 document has no metadata.name: it is not a Kubernetes object and is skipped',
      'warning wave.yaml:7 argocd.argoproj.io/sync-wave "soon" is not an integer; Argo CD treats it as wave 0',
      'error a2.yaml:1 app name "same" is declared more than once: argocd at a1.yaml:1 and argocd at a2.yaml:1; both are listed',
    ]);
  });

  it('reads YAML 1.1 booleans, valuesObject, directory include/exclude; skips Helm chart templates', async () => {
    const { apps, problems } = await discover({
      'd.yaml': application('d', 'plain', "    directory:\n      recurse: yes\n      include: '*.yaml'\n      exclude: '{secret*,tmp/*}'\n"),
      'plain/cm.yaml': CM,
      'v.yaml': application('v', 'chart', '    helm:\n      values: "a: 1"\n      valuesObject: {b: 2}\n'),
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/app.yaml': application('{{ .Values.name }}', 'x'),
    });
    assert.deepEqual(byName(apps, 'd').source, { type: 'directory', path: 'plain', recurse: true, include: '*.yaml', exclude: '{secret*,tmp/*}' });
    const v = byName(apps, 'v');
    assert.equal(v.source.type === 'helm' && JSON.stringify(v.source.values), '{"b":2}');
    assert.deepEqual(apps.map((a) => a.name).sort(), ['d', 'v']);
    assert.deepEqual(problems, []);
  });

  it('rejects when aborted', async () => {
    const repo = await makeRepo({ 'a.yaml': application('a', 'web') });
    try {
      await assert.rejects(discoverApps(repo.root, { signal: AbortSignal.abort(), remoteUrls: [REPO] }), { name: 'AbortError' });
    } finally {
      await repo.cleanup();
    }
  });
});
