// Flux Kustomizations and HelmReleases with their sources, substitutions and values.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { discoverApps } from '../../../src/engine/discovery/index.js';
import type { AppSpec, EngineProblem } from '../../../src/engine/types.js';
import { byName, describeProblems, makeRepo, REPO, signal } from './helpers.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';

const ks = (name: string, spec: string, ns = 'flux-system'): string => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  interval: 10m
${spec}`;

const hr = (name: string, spec: string): string => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: apps
spec:
  interval: 10m
${spec}`;

const files: Record<string, string> = {
  'clusters/prod/flux-system/gotk-sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  url: ssh://git@github.com/example/gitops
  ref: {branch: main}
---
${ks('flux-system', '  path: ./clusters/prod\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n')}`,
  'clusters/prod/apps.yaml': ks('apps', `  path: ./apps
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
  targetNamespace: web
  namePrefix: prod-
  images:
    - {name: web, newName: ghcr.io/x/web, newTag: "2.0"}
    - {name: api, digest: "sha256:abc"}
  patches:
    - patch: '[{"op": "add", "path": "/metadata/labels/x", "value": "y"}]'
      target: {kind: Deployment}
  components: [../components/tls]
  postBuild:
    substitute: {region: eu, domain: inline.example.com}
    substituteFrom:
      - {kind: ConfigMap, name: cluster-vars}
      - {kind: Secret, name: cluster-secrets}
      - {kind: Secret, name: sops-secrets}
      - {kind: ConfigMap, name: missing-vars}
      - {kind: ConfigMap, name: optional-vars, optional: true}
  ignore:
    - paths: [/spec/replicas]
      target: {kind: Deployment, name: web}
    - paths: [/data]
      target: {kind: ConfigMap, name: "cache-.*"}
`),
  'clusters/prod/vars.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-vars
  namespace: flux-system
data:
  domain: cm.example.com
  tier: gold
---
apiVersion: v1
kind: Secret
metadata:
  name: cluster-secrets
  namespace: flux-system
data:
  token: c2VjcmV0LXRva2Vu
  tier: cGxhdGludW0=
---
apiVersion: v1
kind: Secret
metadata: {name: sops-secrets, namespace: flux-system}
stringData:
  key: ENC[AES256_GCM,data:abc,type:str]
sops:
  version: 3.8.1
`,
  'clusters/prod/tenants.yaml': `${ks('suspended', '  path: ./apps\n  suspend: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n  dependsOn: [{name: apps}, {name: db, namespace: data}]\n')}---
${ks('elsewhere', '  path: ./deploy\n  sourceRef: {kind: GitRepository, name: other}\n', 'tenant')}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: other, namespace: tenant}
spec: {url: https://github.com/example/tenant.git}
---
${ks('oci', '  path: ./\n  sourceRef: {kind: OCIRepository, name: manifests}\n')}---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: manifests, namespace: flux-system}
spec: {url: oci://ghcr.io/example/manifests}
---
${ks('undeclared', '  path: ./missing\n  sourceRef: {kind: GitRepository, name: bootstrap}\n')}`,
  'clusters/prod/releases.yaml': `${hr('local-chart', `  targetNamespace: web
  chart:
    spec:
      chart: ./charts/web
      sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
      valuesFiles: [charts/web/values.yaml, charts/web/values-prod.yaml]
  valuesFrom:
    - {kind: ConfigMap, name: web-values}
    - {kind: ConfigMap, name: web-values, valuesKey: tag, targetPath: image.tag}
    - {kind: Secret, name: web-secret-values}
  values:
    replicas: 3
    image: {repository: web, tag: inline}
`)}---
${hr('a-release-with-a-name-long-enough-to-need-shortening', `  targetNamespace: a-very-long-target-namespace
  chartRef: {kind: OCIRepository, name: web-chart}
`)}---
${hr('oci-repo', `  chart:
    spec:
      chart: redis
      version: 19.x
      sourceRef: {kind: HelmRepository, name: bitnami}
  driftDetection: {mode: warn}
`)}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: bitnami, namespace: apps}
spec: {type: oci, url: oci://registry-1.docker.io/bitnamicharts}
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: web-chart, namespace: apps}
spec: {url: oci://ghcr.io/example/charts/web}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-values, namespace: apps}
data:
  values.yaml: |
    replicas: 1
    image: {repository: from-cm, pullPolicy: Always}
  tag: "1.2.3"
`,
  'apps/deploy.yaml': CM,
  'apps/nested/cm.yaml': CM,
  'components/tls/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'replicas: 1\n',
  'charts/web/values-prod.yaml': 'replicas: 2\n',
};

describe('discovery: Flux', () => {
  let repo: Awaited<ReturnType<typeof makeRepo>>;
  let apps: AppSpec[];
  let problems: EngineProblem[];
  before(async () => {
    repo = await makeRepo(files);
    ({ apps, problems } = await discoverApps(repo.root, { signal: signal(), remoteUrls: [REPO] }));
  });
  after(() => repo.cleanup());

  it('names apps <namespace>/<name> and lists them all', () => {
    assert.deepEqual(apps.map((a) => `${a.controller}:${a.name}`), [
      'flux:flux-system/apps',
      'flux:flux-system/flux-system',
      'flux:apps/local-chart',
      'flux:apps/a-release-with-a-name-long-enough-to-need-shortening',
      'flux:apps/oci-repo',
      'flux:flux-system/suspended',
      'flux:tenant/elsewhere',
      'flux:flux-system/oci',
      'flux:flux-system/undeclared',
    ]);
  });

  it('reads a Kustomization: ssh GitRepository, images, patches, components, substitutions and ignore rules', () => {
    const a = byName(apps, 'flux-system/apps');
    assert.equal(a.remote, undefined);
    assert.deepEqual(a.source, {
      type: 'kustomize',
      path: 'apps',
      namePrefix: 'prod-',
      images: ['web=ghcr.io/x/web:2.0', 'api@sha256:abc'],
      namespace: 'web',
      patches: [{ patch: '[{"op": "add", "path": "/metadata/labels/x", "value": "y"}]', target: { kind: 'Deployment' } }],
      // later substituteFrom entries win; inline substitute wins over all
      postBuild: { substitute: { domain: 'inline.example.com', tier: 'platinum', token: 'secret-token', region: 'eu' }, sensitive: ['tier', 'token'] },
      components: ['components/tls'],
    });
    assert.deepEqual(a.destination, { namespace: 'web' });
    assert.deepEqual(a.ignoreDifferences, [{ group: '*', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }]);
  });

  it('links the bootstrap Kustomization to the apps its path declares', () => {
    assert.deepEqual(byName(apps, 'flux-system/flux-system').children, [
      'apps/a-release-with-a-name-long-enough-to-need-shortening',
      'apps/local-chart',
      'apps/oci-repo',
      'flux-system/apps',
      'flux-system/oci',
      'flux-system/suspended',
      'flux-system/undeclared',
      'tenant/elsewhere',
    ]);
  });

  it('reads suspend and dependsOn with namespaces', () => {
    const a = byName(apps, 'flux-system/suspended');
    assert.equal(a.suspended, true);
    assert.deepEqual(a.syncPolicy, { automated: false, prune: false, selfHeal: false });
    assert.deepEqual(a.dependsOn, ['flux-system/apps', 'data/db']);
  });

  it('lists sources of other repositories and OCI artifacts as remote', () => {
    assert.deepEqual(byName(apps, 'tenant/elsewhere').remote, { repoURL: 'https://github.com/example/tenant.git', reason: 'GitRepository tenant/other is another Git repository' });
    assert.deepEqual(byName(apps, 'flux-system/oci').remote, { repoURL: 'oci://ghcr.io/example/manifests', reason: 'OCIRepository flux-system/manifests is not a Git repository of this workspace' });
  });

  it('reads a HelmRelease with a chart in the repository: values files, valuesFrom, release name', () => {
    const a = byName(apps, 'apps/local-chart');
    assert.equal(a.remote, undefined);
    assert.deepEqual(a.source, {
      type: 'helm',
      releaseName: 'web-local-chart',
      namespace: 'web',
      values: { replicas: 3, image: { repository: 'web', tag: '1.2.3', pullPolicy: 'Always' } },
      path: 'charts/web',
      valueFiles: ['values.yaml', 'values-prod.yaml'],
      valueFilesReplaceChartValues: true,
    });
    assert.deepEqual(a.destination, { namespace: 'web' });
  });

  it('lists OCI charts as remote, not available offline, with helm-controller release names', () => {
    const long = byName(apps, 'apps/a-release-with-a-name-long-enough-to-need-shortening');
    // [targetNamespace-]name, over 53 characters: the first 40, a dash, 12 hex of its SHA-256
    const full = 'a-very-long-target-namespace-a-release-with-a-name-long-enough-to-need-shortening';
    const expected = `${full.slice(0, 40)}-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
    assert.equal(expected.length, 53);
    assert.equal(long.source.type === 'helm' && long.source.releaseName, expected);
    assert.deepEqual(long.remote, { repoURL: 'oci://ghcr.io/example/charts/web', reason: 'chart from OCIRepository apps/web-chart: chart is not available offline' });
    const redis = byName(apps, 'apps/oci-repo');
    assert.deepEqual(redis.remote, { repoURL: 'oci://registry-1.docker.io/bitnamicharts', reason: 'OCI chart "redis" 19.x from HelmRepository apps/bitnami: chart is not available offline' });
    assert.deepEqual(redis.syncPolicy, { automated: true, prune: true, selfHeal: false });
  });

  it('reports what it could not resolve, with lines', () => {
    assert.deepEqual(describeProblems(problems), [
      'warning clusters/prod/apps.yaml:25 Secret flux-system/sops-secrets (substituteFrom) is SOPS-encrypted; its variables are left empty',
      'warning clusters/prod/apps.yaml:26 ConfigMap flux-system/missing-vars (substituteFrom) is not declared in this repository; its variables are left empty',
      'warning clusters/prod/apps.yaml:32 ignore rule targets with regular expressions are not applied by Plumb yet (use plain names)',
      'warning clusters/prod/releases.yaml:17 values from Secret apps/web-secret-values are not applied offline (Plumb never reads Secret values into an app)',
      'warning clusters/prod/tenants.yaml:51 GitRepository flux-system/bootstrap is not declared in this repository; assuming it is this repository',
      'error clusters/prod/tenants.yaml:50 path "missing" does not exist in this repository',
    ]);
  });
});
