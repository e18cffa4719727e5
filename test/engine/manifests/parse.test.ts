import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parentPath, parseManifests, parseYamlFile } from '../../../src/engine/manifests/index.js';

const SHOP = join(__dirname, '../../fixtures/repos/shop');
const read = (p: string) => readFileSync(join(SHOP, p), 'utf8');

test('every field of a manifest knows its line, with keyed list items', () => {
  const file = 'apps/storefront/base/deployment.yaml';
  const { docs, problems } = parseManifests(read(file), file);
  assert.deepEqual(problems, []);
  assert.equal(docs.length, 1);
  const d = docs[0]!;
  assert.deepEqual(d.source, { file, line: 1, column: 1 });
  assert.equal(d.object.kind, 'Deployment');
  assert.equal(d.lineOf('spec.replicas')?.line, 6);
  assert.equal(d.lineOf('spec.template.spec.containers[name=web]')?.line, 16);
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].image')?.line, 17);
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].env[name=LOG_LEVEL]')?.line, 25);
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value')?.line, 26);
  // the defaulted key field (protocol TCP) is part of the item's name, as in managedFields
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP].containerPort')?.line, 20);
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].volumeMounts[mountPath=/tmp]')?.line, 53);
  assert.equal(d.lineOf('spec.template.spec.volumes[name=tmp].emptyDir')?.line, 57);
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].resources.limits.memory')?.column, 15);
  // a keyed list item is not also recorded by index
  assert.equal(d.lineOf('spec.template.spec.containers[0]'), undefined);
  // nearest: an undeclared field falls back to its closest declared parent
  assert.equal(d.lineOf('spec.template.spec.containers[name=web].env[name=NEW].value', { nearest: true })?.line, 24);
  assert.equal(d.lineOf('spec.strategy'), undefined);
});

test('map keys outside [A-Za-z0-9_-] are quoted, Service ports keyed by port and protocol, atomic lists by index', () => {
  const text = [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  labels:',
    '    app.kubernetes.io/name: web',
    'spec:',
    '  ports:',
    '    - port: 443',
    '      protocol: UDP',
    '    - port: 80',
    '  loadBalancerSourceRanges: [10.0.0.0/8]',
  ].join('\n');
  const d = parseManifests(text, 'svc.yaml').docs[0]!;
  assert.equal(d.lineOf('metadata.labels["app.kubernetes.io/name"]')?.line, 6);
  assert.equal(d.lineOf('spec.ports[port=443,protocol=UDP]')?.line, 9);
  assert.equal(d.lineOf('spec.ports[port=80,protocol=TCP]')?.line, 11);
  assert.equal(d.lineOf('spec.loadBalancerSourceRanges[0]')?.line, 12);
});

test('multi-document files, Lists, generateName and YAML 1.1 scalars as Kubernetes reads them', () => {
  const file = 'platform/rbac.yaml';
  const { docs } = parseManifests(read(file), file);
  assert.deepEqual(docs.map((d) => [d.object.kind, d.source.line, d.index]), [['ServiceAccount', 2, 0], ['Role', 8, 1], ['RoleBinding', 21, 2]]);
  assert.equal(docs[2]!.lineOf('roleRef.kind')?.line, 28);

  const list = parseManifests('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: batch/v1\n    kind: Job\n    metadata: {generateName: run-}\n', 'list.yaml');
  assert.deepEqual(list.problems, []);
  assert.deepEqual(list.docs.map((d) => [d.object.kind, d.source.line]), [['ConfigMap', 4], ['Job', 7]]);
  assert.equal(list.docs[0]!.lineOf('metadata.name')?.line, 6);

  const y11 = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  a: yes\n  b: "yes"\n  c: 0755\n  d: 2024-01-01\n  e: 1:30\n', 'y.yaml').docs[0]!.object;
  assert.deepEqual(y11.data, { a: true, b: 'yes', c: 493, d: '2024-01-01', e: '1:30' });
});

test('merge keys: merged fields are located at the << line unless the map sets them', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\nx-base: &base\n  LOG: info\n  PORT: "80"\ndata:\n  <<: *base\n  PORT: "8080"\n';
  const d = parseManifests(text, 'm.yaml').docs[0]!;
  assert.deepEqual(d.object.data, { LOG: 'info', PORT: '8080' });
  assert.equal(d.lineOf('data.LOG')?.line, 9);
  assert.equal(d.lineOf('data.PORT')?.line, 10);
});

test('kustomization, Chart and values files are not manifests and raise no warnings', () => {
  for (const file of ['apps/storefront/base/kustomization.yaml', 'charts/payments/Chart.yaml', 'charts/payments/values.yaml', 'charts/payments/values-prod.yaml']) {
    assert.deepEqual(parseManifests(read(file), file), { docs: [], problems: [] }, file);
  }
});

test('empty documents and comment-only files are fine', () => {
  assert.deepEqual(parseManifests('', 'e.yaml'), { docs: [], problems: [] });
  assert.deepEqual(parseManifests('# nothing\n---\n---\n', 'e.yaml'), { docs: [], problems: [] });
});

test('a file over the size cap is skipped with one clear message', () => {
  const r = parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: "${'x'.repeat(2048)}"\n`, 'big.yaml', { maxBytes: 1024 });
  assert.equal(r.docs.length, 0);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /over the 0\.0 MiB limit|limit for a manifest file/);
  assert.deepEqual(r.problems[0]!.location, { file: 'big.yaml', line: 1 });
});

test('parentPath walks up the grammar', () => {
  assert.equal(parentPath('spec.template.spec.containers[name=web].env[name=A].value'), 'spec.template.spec.containers[name=web].env[name=A]');
  assert.equal(parentPath('spec.template.spec.containers[name=web].env[name=A]'), 'spec.template.spec.containers[name=web].env');
  assert.equal(parentPath('metadata.labels["a.b/c"]'), 'metadata.labels');
  assert.equal(parentPath('spec'), '');
  assert.equal(parentPath(''), undefined);
});

test('parseYamlFile locates fields of non-manifest YAML (kustomizations, JSON patches)', () => {
  const y = parseYamlFile(read('apps/storefront/overlays/prod/kustomization.yaml'), 'k.yaml');
  assert.deepEqual(y.problems, []);
  assert.equal(y.fields.get('patches[0].path')?.line, 7);
  assert.equal(y.fields.get('images[0]')?.line, 14);
});
