import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { globMatch, readManifestDir } from '../../../src/engine/manifests/index.js';

const SHOP = join(__dirname, '../../fixtures/repos/shop');
const signal = new AbortController().signal;
const names = (r: Awaited<ReturnType<typeof readManifestDir>>) => r.docs.map((d) => `${d.object.kind}/${d.object.metadata?.name}@${d.source.file}:${d.source.line}`);

test('platform/ with and without recurse, in lexical order, names relative to the repository', async () => {
  const flat = await readManifestDir(join(SHOP, 'platform'), { relativeTo: SHOP }, signal);
  assert.deepEqual(flat.problems, []);
  assert.deepEqual(names(flat), ['Namespace/platform@platform/namespace.yaml:1', 'ServiceAccount/reporter@platform/rbac.yaml:2', 'Role/reporter@platform/rbac.yaml:8', 'RoleBinding/reporter@platform/rbac.yaml:21']);
  const deep = await readManifestDir(join(SHOP, 'platform'), { recurse: true, relativeTo: SHOP }, signal);
  assert.deepEqual(deep.problems, []);
  assert.equal(deep.docs.length, 5);
  assert.equal(names(deep)[4], 'CronJob/nightly-report@platform/reports/nightly-report.yaml:3');
  assert.deepEqual(deep.files, ['platform/namespace.yaml', 'platform/rbac.yaml', 'platform/reports/nightly-report.yaml']);
});

test('include and exclude globs match the path relative to the folder, as Argo CD does', async () => {
  const inc = await readManifestDir(join(SHOP, 'platform'), { recurse: true, include: '{rbac.yaml,reports/*}', relativeTo: SHOP }, signal);
  assert.deepEqual(inc.files, ['platform/rbac.yaml', 'platform/reports/nightly-report.yaml']);
  const exc = await readManifestDir(join(SHOP, 'platform'), { recurse: true, exclude: '*report*', relativeTo: SHOP }, signal);
  assert.deepEqual(exc.files, ['platform/namespace.yaml', 'platform/rbac.yaml']);
  assert.ok(globMatch('*.yaml', 'a/b.yaml'), '* crosses folders like gobwas/glob without separators');
  assert.ok(!globMatch('[!a]*.yaml', 'a.yaml'));
  assert.ok(globMatch('{x,y}.y?ml', 'y.yaml'));
});

test('kustomization, Chart and values files, README and skip-marked files are left out without noise', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-dir-'));
  try {
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [a.yaml]\n');
    writeFileSync(join(dir, 'README.md'), '# hi\n');
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    writeFileSync(join(dir, 'skip.yaml'), '# +argocd:skip-file-rendering\nkind: Broken\n');
    writeFileSync(join(dir, 'values.yaml'), 'replicas: 2\n');
    writeFileSync(join(dir, 'b.json'), '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b"}}');
    const r = await readManifestDir(dir, {}, signal);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(names(r), ['ConfigMap/a@a.yaml:1', 'Secret/b@b.json:1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('problems of single files do not stop the folder; symlinks out of the repository are refused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'plumb-dir-'));
  const outside = mkdtempSync(join(tmpdir(), 'plumb-out-'));
  try {
    const dir = join(root, 'app');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
    writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    writeFileSync(join(outside, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n');
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'c.yaml'));
    const r = await readManifestDir(dir, { relativeTo: root, maxFileBytes: 1 << 20 }, signal);
    assert.deepEqual(r.docs.map((d) => d.object.metadata?.name), ['b', 'c']);
    assert.deepEqual(r.problems.map((p) => `${p.location?.file}:${p.location?.line} ${p.message.split(':')[0]}`), ['app/a.yaml:5 duplicate key name', 'app/c.yaml:1 symlink points outside the repository']);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('an aborted read stops', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(readManifestDir(join(SHOP, 'platform'), { recurse: true }, ac.signal));
});
