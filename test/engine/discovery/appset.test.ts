// ApplicationSet generators expanded against the working tree.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { discoverApps } from '../../../src/engine/discovery/index.js';
import { renderString } from '../../../src/engine/discovery/appset-template.js';
import type { AppSpec, EngineProblem } from '../../../src/engine/types.js';
import { byName, describeProblems, makeRepo, REPO, signal } from './helpers.js';

type Mode = 'go' | 'go-lenient' | 'fast';
const HEADER: Record<Mode, string> = { go: '  goTemplate: true\n  goTemplateOptions: ["missingkey=error"]\n', 'go-lenient': '  goTemplate: true\n', fast: '' };
const appset = (name: string, generators: string, template: string, mode: Mode = 'go'): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
  namespace: argocd
spec:
${HEADER[mode]}  generators:
${generators}
  template:
${template}
`;

const tmpl = (name: string, path: string, ns: string): string => `    metadata:
      name: '${name}'
    spec:
      project: default
      source:
        repoURL: ${REPO}
        targetRevision: main
        path: '${path}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '${ns}'`;

const files: Record<string, string> = {
  'apps/alpha/kustomization.yaml': 'resources: [cm.yaml]\n',
  'apps/alpha/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
  'apps/beta/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
  'apps/Gamma_Old/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: g}\n',
  'apps/alpha/nested/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\n',
  'clusters/dev/config.json': '{"cluster": {"name": "dev", "namespace": "team-dev"}, "replicas": 1}\n',
  'clusters/prod/config.json': '{"cluster": {"name": "prod", "namespace": "team-prod"}, "replicas": 3}\n',
  'clusters/prod/extra/config.yaml': '- cluster: {name: prod-eu, namespace: team-eu}\n- cluster: {name: prod-us, namespace: team-us}\n',
  // git directory generator, Go templates, with an exclude entry
  'argocd/dirs.yaml': appset(
    'dirs',
    `    - git:
        repoURL: git@github.com:example/gitops.git
        revision: HEAD
        directories:
          - path: apps/*
          - path: apps/beta
            exclude: true`,
    tmpl('dir-{{ .path.basenameNormalized }}', '{{ .path.path }}', '{{ index .path.segments 1 | lower }}'),
  ),
  // the same with fasttemplate
  'argocd/dirs-fast.yaml': appset(
    'dirs-fast',
    `    - git:
        repoURL: ${REPO}
        revision: HEAD
        directories:
          - path: 'apps/a*'`,
    tmpl('fast-{{path.basename}}', '{{path}}', 'ns-{{path[1]}}-{{unknown}}'),
    'fast',
  ),
  // git file generator, fasttemplate: flattened keys and path parameters
  'argocd/files.yaml': appset(
    'files',
    `    - git:
        repoURL: ${REPO}
        revision: HEAD
        files:
          - path: 'clusters/**/config.json'`,
    tmpl('guestbook-{{cluster.name}}', 'apps/alpha', '{{cluster.namespace}}-{{path.basename}}-{{path[0]}}'),
    'fast',
  ),
  // git file generator, Go templates, a YAML list per file, with an exclude
  'argocd/files-go.yaml': appset(
    'files-go',
    `    - git:
        repoURL: ${REPO}
        revision: HEAD
        files:
          - path: 'clusters/**'
          - path: 'clusters/*/config.json'
            exclude: true`,
    tmpl('{{ .cluster.name }}-{{ .path.filename | trimSuffix ".yaml" }}', 'apps/alpha', '{{ .cluster.namespace }}'),
  ),
  // list generator in both dialects, with values and a per-generator template
  'argocd/list.yaml': appset(
    'list',
    `    - list:
        elements:
          - env: dev
            ns: shop-dev
          - env: prod
            ns: shop-prod
            extra: {replicas: 3}
        template:
          spec:
            destination:
              server: https://prod.example.com`,
    tmpl('shop-{{ .env }}', 'apps/{{ default "alpha" .app }}', '{{ .ns }}'),
    'go-lenient',
  ),
  'argocd/list-fast.yaml': appset(
    'list-fast',
    `    - list:
        elements:
          - env: qa
            values:
              suffix: one`,
    tmpl('svc-{{env}}-{{values.suffix}}', 'apps/beta', '{{env}}'),
    'fast',
  ),
  // matrix: git directories × list, the second using the first's parameters
  'argocd/matrix.yaml': appset(
    'matrix',
    `    - matrix:
        generators:
          - git:
              repoURL: ${REPO}
              revision: HEAD
              directories:
                - path: apps/alpha
                - path: apps/beta
          - list:
              elements:
                - cluster: east
                  app: '{{ .path.basename }}'
                - cluster: west
                  app: '{{ .path.basename }}'`,
    tmpl('{{ .app }}-{{ .cluster }}', '{{ .path.path }}', '{{ .cluster }}'),
  ),
  // merge: base list overridden by a second list on the mergeKey
  'argocd/merge.yaml': appset(
    'merge',
    `    - merge:
        mergeKeys: [name]
        generators:
          - list:
              elements:
                - {name: one, ns: base}
                - {name: two, ns: base}
          - list:
              elements:
                - {name: two, ns: override}`,
    tmpl('merged-{{ .name }}', 'apps/alpha', '{{ .ns }}'),
  ),
  // generators that need a cluster, and a template Plumb cannot evaluate
  'argocd/clusters.yaml': appset(
    'clusters',
    `    - clusters: {}
    - list:
        elements:
          - name: x`,
    tmpl('{{ if .name }}x{{ end }}', 'apps/alpha', 'x'),
  ),
  'argocd/missing-key.yaml': appset(
    'missing-key',
    `    - list:
        elements:
          - name: y`,
    tmpl('{{ .nope }}', 'apps/alpha', 'x'),
  ),
  'argocd/other-repo.yaml': appset(
    'other-repo',
    `    - git:
        repoURL: https://github.com/example/elsewhere.git
        revision: HEAD
        directories:
          - path: '*'`,
    tmpl('{{ .path.basename }}', '{{ .path.path }}', 'x'),
  ),
};

describe('discovery: ApplicationSet generators', () => {
  let repo: Awaited<ReturnType<typeof makeRepo>>;
  let apps: AppSpec[];
  let problems: EngineProblem[];
  before(async () => {
    repo = await makeRepo(files);
    ({ apps, problems } = await discoverApps(repo.root, { signal: signal(), remoteUrls: [REPO] }));
  });
  after(() => repo.cleanup());

  const from = (set: string): string[] => apps.filter((a) => a.generatedBy?.name === set).map((a) => a.name);

  it('git directories (Go template): * stays in one folder, exclude wins, basenameNormalized and index .path.segments', () => {
    assert.deepEqual(from('dirs'), ['dir-gamma-old', 'dir-alpha']);
    const alpha = byName(apps, 'dir-alpha');
    assert.deepEqual(alpha.source, { type: 'kustomize', path: 'apps/alpha' });
    assert.equal(alpha.destination.namespace, 'alpha');
    assert.deepEqual(alpha.declaredIn, { file: 'argocd/dirs.yaml', line: 14, column: 13 });
    assert.deepEqual(byName(apps, 'dir-gamma-old').source, { type: 'directory', path: 'apps/Gamma_Old' });
  });

  it('git directories (fasttemplate): {{path}}, {{path.basename}}, {{path[n]}}; unknown tags stay as written', () => {
    assert.deepEqual(from('dirs-fast'), ['fast-alpha']);
    assert.equal(byName(apps, 'fast-alpha').destination.namespace, 'ns-alpha-{{unknown}}');
  });

  it('git files (fasttemplate): flattened keys and the path of the file', () => {
    assert.deepEqual(from('files'), ['guestbook-dev', 'guestbook-prod']);
    const prod = byName(apps, 'guestbook-prod');
    assert.equal(prod.destination.namespace, 'team-prod-prod-clusters');
    assert.deepEqual(prod.declaredIn, { file: 'clusters/prod/config.json', line: 1 });
  });

  it('git files (Go template): a list per file, exclude entries, path.filename', () => {
    assert.deepEqual(from('files-go'), ['prod-eu-config', 'prod-us-config']);
    assert.equal(byName(apps, 'prod-us-config').destination.namespace, 'team-us');
  });

  it('list: element keys, per-generator template override, sprig default', () => {
    assert.deepEqual(from('list'), ['shop-dev', 'shop-prod']);
    const prod = byName(apps, 'shop-prod');
    assert.deepEqual(prod.destination, { namespace: 'shop-prod', server: 'https://prod.example.com' });
    assert.equal(prod.source.path, 'apps/alpha');
    assert.deepEqual(prod.declaredIn?.line, 13);
    assert.deepEqual(from('list-fast'), ['svc-qa-one']);
  });

  it('matrix: the second generator sees the first one\'s parameters', () => {
    assert.deepEqual(from('matrix'), ['alpha-east', 'alpha-west', 'beta-east', 'beta-west']);
    assert.equal(byName(apps, 'beta-west').source.path, 'apps/beta');
  });

  it('merge: later generators override on mergeKeys', () => {
    assert.deepEqual(from('merge').map((n) => `${n}:${byName(apps, n).destination.namespace}`), ['merged-one:base', 'merged-two:override']);
  });

  it('reports what cannot be expanded, per ApplicationSet, without failing the others', () => {
    const text = describeProblems(problems);
    const has = (re: RegExp): void => assert.ok(text.some((t) => re.test(t)), `${re} not in\n${text.join('\n')}`);
    has(/^warning argocd\/clusters\.yaml:10 ApplicationSet clusters: the clusters generator needs the cluster/);
    has(/^error argocd\/clusters\.yaml:\d+ ApplicationSet clusters: "\{\{ if \.name \}\}": template control structures are not evaluated offline/);
    has(/^error argocd\/missing-key\.yaml:\d+ ApplicationSet missing-key: map has no entry for key "nope"/);
    has(/^warning argocd\/other-repo\.yaml:\d+ ApplicationSet other-repo: the git generator reads https:\/\/github\.com\/example\/elsewhere\.git, which is not this repository/);
    assert.equal(from('clusters').length + from('missing-key').length + from('other-repo').length, 0);
    assert.equal(problems.length, 4, text.join('\n'));
  });
});

describe('ApplicationSet templates', () => {
  const go = { goTemplate: true, missingKeyError: false };
  const p = { path: { path: 'apps/a/b', basename: 'b', segments: ['apps', 'a', 'b'] }, name: 'My App', n: 3 };
  it('evaluates fields, index, pipes and functions', () => {
    assert.equal(renderString('{{.path.basename}}-{{ index .path.segments 1 }}', p, go), 'b-a');
    assert.equal(renderString('{{ .name | lower | replace " " "-" }}', p, go), 'my-app');
    assert.equal(renderString('{{ normalize .name }}', p, go), 'my-app');
    assert.equal(renderString('{{ printf "%s-%d" .path.basename .n }}', p, go), 'b-3');
    assert.equal(renderString('{{- .name -}}  x', p, go), 'My Appx');
    assert.equal(renderString('{{ .missing }}', p, go), '<no value>');
    assert.throws(() => renderString('{{ .missing }}', p, { goTemplate: true, missingKeyError: true }), /no entry for key "missing"/);
    assert.throws(() => renderString('{{ range .x }}{{ end }}', p, go), /not evaluated offline/);
  });
  it('fasttemplate replaces only known flat keys', () => {
    const fast = { goTemplate: false, missingKeyError: false };
    assert.equal(renderString('{{path.basename}}/{{ name }}/{{nope}}', { 'path.basename': 'b', name: 'x' }, fast), 'b/x/{{nope}}');
  });
});
