// Render failures: one clear problem per app, naming the file (and line when the tool says).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderApp, renderHelm, renderKustomize } from '../../../src/engine/render/index.js';
import type { AppSpec } from '../../../src/engine/types.js';

const BAD = join(__dirname, '../../fixtures/bad');
const signal = new AbortController().signal;

const kustomizeCases: Array<{ dir: string; file: string; line: number; message: RegExp }> = [
  { dir: 'kustomize-missing-resource', file: 'kustomize-missing-resource/kustomization.yaml', line: 6, message: /resource service\.yaml listed in kustomize-missing-resource\/kustomization\.yaml does not exist/ },
  { dir: 'kustomize-bad-resource', file: 'kustomize-bad-resource/configmap.yaml', line: 5, message: /YAML syntax error/ },
  { dir: 'kustomize-remote-base', file: 'kustomize-remote-base/kustomization.yaml', line: 4, message: /remote resource github\.com\/example\/infra\/\/base\?ref=v1\.0\.0: it is not available offline/ },
  { dir: 'kustomize-patch-no-target', file: 'kustomize-patch-no-target/kustomization.yaml', line: 6, message: /kustomize build of kustomize-patch-no-target\/kustomization\.yaml failed: a patch targets Deployment ghost, which is not among the resources/ },
];

for (const c of kustomizeCases) {
  test(`kustomize: ${c.dir}`, async () => {
    const r = await renderKustomize(join(BAD, c.dir), BAD, { app: 'demo' }, signal);
    assert.equal(r.objects.length, 0);
    assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
    const p = r.problems[0]!;
    assert.equal(p.severity, 'error');
    assert.equal(p.app, 'demo');
    assert.match(p.message, c.message);
    assert.equal(p.location?.file, c.file);
    assert.equal(p.location?.line, c.line);
  });
}

test('helm: a template error names the template and line', async () => {
  const r = await renderHelm(join(BAD, 'helm-template-error'), BAD, { releaseName: 'demo', namespace: 'demo' }, signal);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /helm template of helm-template-error failed: template error in templates\/configmap\.yaml: \.Values\.config\.database\.host: nil pointer/);
  assert.deepEqual(r.problems[0]!.location, { file: 'helm-template-error/templates/configmap.yaml', line: 7 });
});

test('helm: dependencies that are not vendored are "not available offline"', async () => {
  const r = await renderHelm(join(BAD, 'helm-missing-dependency'), BAD, { releaseName: 'demo' }, signal);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /chart dependencies redis are not available offline/);
  assert.equal(r.problems[0]!.location?.file, 'helm-missing-dependency/Chart.yaml');
});

test('renderApp: a remote chart, a missing path, a directory with bad files: per-app problems', async () => {
  const base = { controller: 'flux' as const, destination: { namespace: 'podinfo' }, declaredIn: { file: 'flux/clusters/prod/podinfo.yaml', line: 2 } };
  const remote: AppSpec = { ...base, name: 'podinfo', source: { type: 'helm', chart: 'podinfo', version: '6.7.1', repoURL: 'https://stefanprodan.github.io/podinfo' } };
  const r1 = await renderApp(remote, BAD, signal);
  assert.equal(r1.problems.length, 1);
  assert.match(r1.problems[0]!.message, /chart podinfo 6\.7\.1 from https:\/\/stefanprodan\.github\.io\/podinfo is not available offline/);
  assert.deepEqual(r1.problems[0]!.location, base.declaredIn);
  assert.equal(r1.problems[0]!.app, 'podinfo');

  const gone: AppSpec = { ...base, name: 'gone', source: { type: 'directory', path: 'no/such/dir' } };
  const r2 = await renderApp(gone, BAD, signal);
  assert.match(r2.problems[0]!.message, /path no\/such\/dir does not exist/);

  const dir: AppSpec = { ...base, name: 'bad', source: { type: 'directory', path: '.' } };
  const r3 = await renderApp(dir, BAD, signal);
  // every bad file yields its one problem and the good documents are still rendered
  assert.deepEqual(r3.problems.map((p) => p.location?.file).sort(), [
    'bad-alias.yaml', 'billion-laughs.yaml', 'duplicate-keys.yaml', 'malformed.yaml', 'no-kind.yaml', 'non-utf8.yaml', 'not-kubernetes.yaml', 'tabs.yaml',
  ]);
  assert.deepEqual(r3.objects.map((o) => o.object.metadata?.name).sort(), ['dup', 'fine']);
  assert.ok(r3.objects.every((o) => o.object.metadata?.namespace === 'podinfo'));
});
