// Inline drift from a REAL snapshot: the shop repository synced to the test cluster, then changed
// with kubectl (set env, scale, edit, label); each drifted field must land on the line that
// declares it — the kustomize patch, the Helm values file, a plain resource file — and follow
// unsaved edits of the buffer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WorkspaceSession, type SessionSnapshot } from '../../src/engine/session/workspace-session.js';
import { applyEdit } from '../../src/engine/manifests/edit-field.js';
import { driftLinesForFile, type DriftLine } from '../../src/ui-model/drift-lines.js';
import { adoptEdit, adoptPlan, ignoreEdit, ignorePlan } from '../../src/ui-model/drift/drift-actions.js';
import { driftDiagnostics, filesWithDrift, problemsByFile } from '../../src/ui-model/drift/file-problems.js';
import { makeKubectl } from '../cluster/testing/kubectl.js';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';

let env: SyncEnv;
let session: WorkspaceSession;
let snap: SessionSnapshot;
const now = Date.now();

function nextSnapshot(pred: (s: SessionSnapshot) => boolean, timeoutMs = 20_000): Promise<SessionSnapshot> {
  const cur = session.snapshot();
  if (cur && pred(cur)) return Promise.resolve(cur);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('no matching snapshot in time')); }, timeoutMs);
    const off = session.onDidChange((s) => { if (pred(s)) { clearTimeout(timer); off(); resolve(s); } });
  });
}

const res = (s: SessionSnapshot, app: string, kind: string, name: string) => s.status.apps.find((a) => a.name === app)?.resources.find((r) => r.kind === kind && r.name === name);
const hasDrift = (s: SessionSnapshot, app: string, kind: string, name: string, prefix: string) => (res(s, app, kind, name)?.drift ?? []).some((d) => d.path.startsWith(prefix));

before(async () => {
  env = await startSyncEnv();
  for (const ns of ['shop', 'payments', 'infra']) await env.namespace(ns);
  for (const app of ['storefront', 'payments', 'redis']) {
    const { report } = await env.sync(app);
    assert.ok(report, `sync ${app}`);
  }
  session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo }, kubeconfig: env.kubeconfig, debounceMs: 50 });
  await session.refresh();
  const kubectl = makeKubectl(env.tc);
  try {
    const run = async (args: string[], e?: Record<string, string>) => {
      const r = await kubectl.run(args, e ? { env: e } : {});
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    };
    await run(['-n', 'shop', 'set', 'env', 'deployment/web', 'LOG_LEVEL=debug']);
    await run(['-n', 'payments', 'scale', 'deployment/payments', '--replicas=4']);
    // a real `kubectl edit`, with a non-interactive editor
    await run(['-n', 'payments', 'edit', 'configmap/payments-config'], { KUBE_EDITOR: `sed -i -e 's/LOG_LEVEL: warn/LOG_LEVEL: error/'` });
    await run(['-n', 'infra', 'label', 'statefulset/redis', 'team=cache']);
    await run(['-n', 'infra', 'scale', 'statefulset/redis', '--replicas=3']);
  } finally {
    kubectl.dispose();
  }
  snap = await nextSnapshot((s) => hasDrift(s, 'storefront', 'Deployment', 'web', 'spec.template.spec.containers[name=web].env')
    && hasDrift(s, 'payments', 'Deployment', 'payments', 'spec.replicas') && hasDrift(s, 'payments', 'ConfigMap', 'payments-config', 'data')
    && hasDrift(s, 'redis', 'StatefulSet', 'redis', 'metadata.labels') && hasDrift(s, 'redis', 'StatefulSet', 'redis', 'spec.replicas'));
});

after(async () => { session?.dispose(); await env?.close(); });

const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;
const read = (rel: string) => readFileSync(join(env.repo, rel), 'utf8');
const at = (lines: DriftLine[], line: number) => lines.find((l) => l.line === line);

test('kubectl set env on a kustomize app lands on the overlay patch line, with manager and time', () => {
  const file = 'apps/storefront/overlays/prod/deployment-patch.yaml';
  const { lines } = driftLinesForFile({ file, snapshot: snap, now });
  const want = lineOf(read(file), /value: warn/);
  const l = at(lines, want);
  assert.ok(l, `no drift on line ${want}: ${JSON.stringify(lines.map((x) => [x.line, x.text]))}`);
  assert.match(l.text, /^live: debug · kubectl-set, (just now|\d+ min ago)$/);
  assert.match(l.hover, /Git: `warn`/);
  assert.match(l.hover, /Live: `debug`/);
  assert.match(l.hover, /Argo CD self-heal is on/);
  // the base's env line is not decorated for the overlay's value
  const base = driftLinesForFile({ file: 'apps/storefront/base/deployment.yaml', snapshot: snap, now });
  assert.ok(!base.lines.some((x) => x.facts.some((f) => f.drift.path.endsWith('env[name=LOG_LEVEL].value'))), JSON.stringify(base.lines.map((x) => x.text)));
});

test('kubectl scale and kubectl edit of a Helm app land on the values file keys', () => {
  const file = 'charts/payments/values-prod.yaml';
  const text = read(file);
  const { lines } = driftLinesForFile({ file, snapshot: snap, now });
  const replicas = at(lines, lineOf(text, /^replicaCount:/));
  assert.ok(replicas, JSON.stringify(lines.map((x) => [x.line, x.text])));
  assert.match(replicas.text, /^live: 4 · kubectl(-scale)?, /);
  assert.match(replicas.hover, /nothing reverts it until someone syncs the app/);
  const level = at(lines, lineOf(text, /logLevel: warn/));
  assert.ok(level, JSON.stringify(lines.map((x) => [x.line, x.text])));
  assert.match(level.text, /^live: error · kubectl-edit/);
});

test('a label added live goes to the labels key of the plain file; scale to its replicas line', () => {
  const file = 'infra/redis-statefulset.yaml';
  const text = read(file);
  const { lines, objects } = driftLinesForFile({ file, snapshot: snap, now });
  const label = lines.find((l) => l.facts.some((f) => f.drift.path === 'metadata.labels.team'));
  assert.ok(label, JSON.stringify(lines.map((x) => [x.line, x.text])));
  assert.equal(label.line, lineOf(text, /^ {2}labels:/));
  assert.match(label.text, /live metadata\.labels\.team: cache · kubectl-label/);
  const replicas = at(lines, lineOf(text, /^ {2}replicas: 1/));
  assert.ok(replicas);
  assert.match(replicas.text, /^live: 3 · kubectl(-scale)?, /);
  assert.match(replicas.hover, /Nothing reverts this until `plumb sync`/);
  const lens = objects.find((o) => o.ref.kind === 'StatefulSet');
  assert.equal(lens?.line, 1);
  assert.match(lens?.title ?? '', /^OutOfSync \(2\)/);
});

test('unsaved edits: lines follow text typed above, and typing the live value clears that drift', () => {
  const file = 'infra/redis-statefulset.yaml';
  const saved = read(file);
  const live = (ref: Parameters<WorkspaceSession['live']>[0]) => session.live(ref);
  const shifted = `# a comment typed at the top\n# and another\n${saved}`;
  const a = driftLinesForFile({ file, snapshot: snap, now, saved, buffer: shifted, live });
  assert.ok(at(a.lines, lineOf(shifted, /^ {2}replicas: 1/)), JSON.stringify(a.lines.map((x) => [x.line, x.text])));
  assert.equal(a.objects[0]?.line, 3);
  const fixed = saved.replace(/^ {2}replicas: 1$/m, '  replicas: 3');
  const b = driftLinesForFile({ file, snapshot: snap, now, saved, buffer: fixed, live });
  assert.ok(!b.lines.some((l) => l.facts.some((f) => f.drift.path === 'spec.replicas')), JSON.stringify(b.lines.map((x) => x.text)));
  assert.ok(b.lines.some((l) => l.facts.some((f) => f.drift.path === 'metadata.labels.team')));
  // a new drift typed into the buffer shows before any save
  const typed = saved.replace('image: redis:7.2-alpine', 'image: redis:7.4-alpine');
  const c = driftLinesForFile({ file, snapshot: snap, now, saved, buffer: typed, live });
  const img = c.lines.find((l) => l.facts.some((f) => f.drift.path.endsWith('.image')));
  assert.ok(img, JSON.stringify(c.lines.map((x) => x.text)));
  assert.equal(img.line, lineOf(typed, /image: redis:7.4-alpine/));
  assert.match(img.text, /^live: redis:7\.2-alpine/);
});

test('values-file lines follow the buffer too (re-located by key path)', () => {
  const file = 'charts/payments/values-prod.yaml';
  const saved = read(file);
  const buffer = `# tuned for prod\n\n${saved}`;
  const { lines } = driftLinesForFile({ file, snapshot: snap, now, saved, buffer });
  assert.ok(at(lines, lineOf(buffer, /^replicaCount:/)), JSON.stringify(lines.map((x) => [x.line, x.text])));
});

test('Problems panel: every file declaring drift is listed; computing a file is fast', (t) => {
  const files = filesWithDrift(snap);
  for (const f of ['apps/storefront/overlays/prod/deployment-patch.yaml', 'charts/payments/values-prod.yaml', 'infra/redis-statefulset.yaml']) assert.ok(files.has(f), `${f} in ${[...files].join(', ')}`);
  const started = performance.now();
  let n = 0;
  for (const file of files) n += driftDiagnostics(driftLinesForFile({ file, snapshot: snap, now }).lines).length;
  const ms = performance.now() - started;
  t.diagnostic(`${files.size} files, ${n} drift diagnostics in ${ms.toFixed(1)} ms`);
  assert.ok(n >= 5);
  assert.ok(ms < 1000, `${ms} ms`);
  // problems naming an object land on its declaring line
  const located = problemsByFile({ ...snap, status: { ...snap.status, problems: [{ severity: 'warning', message: 'unknown field "spec.replica"', object: { group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' } }] } });
  assert.deepEqual(located.get('infra/redis-statefulset.yaml')?.map((d) => [d.line, d.severity]), [[1, 'warning']]);
});

// ---------- quick fixes on the same real snapshot (these write to the scratch repository: last) ----------

const readFile = (rel: string) => { try { return { text: read(rel) }; } catch { return undefined; } };

test('adopt: the live value goes to the patch line, the values key, or is refused with a reason', () => {
  const env0 = adoptPlan(snap, { app: 'storefront', ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }, path: 'spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value' }, readFile);
  assert.ok(env0.ok, env0.ok ? '' : env0.reason);
  assert.equal(env0.file, 'apps/storefront/overlays/prod/deployment-patch.yaml');
  const patch = read(env0.file);
  const e1 = adoptEdit(env0, patch);
  assert.ok(e1.ok);
  const after1 = applyEdit(patch, e1.edit);
  assert.equal(after1, patch.replace('value: warn', 'value: debug'));

  const rep = adoptPlan(snap, { app: 'payments', ref: { group: 'apps', kind: 'Deployment', namespace: 'payments', name: 'payments' }, path: 'spec.replicas' }, readFile);
  assert.ok(rep.ok, rep.ok ? '' : rep.reason);
  assert.equal(rep.file, 'charts/payments/values-prod.yaml');
  assert.equal(rep.path, 'replicaCount');
  const values = read(rep.file);
  const e2 = adoptEdit(rep, values);
  assert.ok(e2.ok);
  assert.equal(applyEdit(values, e2.edit), values.replace('replicaCount: 2', 'replicaCount: 4'));

  const secret = snap.status.apps.find((a) => a.name === 'payments')!.resources.find((r) => r.kind === 'Secret');
  assert.ok(secret);
  const s = adoptPlan(snap, { app: 'payments', ref: { group: '', kind: 'Secret', namespace: secret.namespace, name: secret.name }, path: 'stringData.DB_PASSWORD' }, readFile);
  assert.equal(s.ok, false);
});

test('ignore: a rule in .plumb.yaml (plain app) and in the Application (Argo CD) makes the drift go away', async () => {
  const label = ignorePlan(snap, { app: 'redis', ref: { group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' }, path: 'metadata.labels.team' });
  assert.ok(label.ok);
  assert.equal(label.file, '.plumb.yaml');
  assert.deepEqual(label.rule, { group: 'apps', kind: 'StatefulSet', name: 'redis', namespace: 'infra', jsonPointers: ['/metadata/labels/team'] });
  const cfg = read('.plumb.yaml');
  const e1 = ignoreEdit(label, cfg);
  assert.ok(e1.ok);
  const cfg2 = applyEdit(cfg, e1.edit);
  assert.equal(e1.edit.length, 0, 'a pure insertion: comments and earlier rules are kept');
  assert.ok(e1.edit.offset < cfg.indexOf('# Kube contexts'), 'inside the ignore list');
  env.write('.plumb.yaml', cfg2);

  const envPath = 'spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value';
  const argo = ignorePlan(snap, { app: 'storefront', ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }, path: envPath });
  assert.ok(argo.ok);
  assert.equal(argo.file, 'argocd/apps/storefront.yaml');
  assert.deepEqual(argo.rule.jqPathExpressions, ['.spec.template.spec.containers[] | select(.name == "web") | .env[] | select(.name == "LOG_LEVEL") | .value']);
  assert.equal(argo.note, undefined, 'storefront respects ignoreDifferences');
  const appText = read(argo.file);
  const e2 = ignoreEdit(argo, appText);
  assert.ok(e2.ok);
  env.write(argo.file, applyEdit(appText, e2.edit));

  const flux = snap.specs.find((a) => a.controller === 'flux');
  if (flux) {
    const f = ignorePlan(snap, { app: flux.name, ref: { group: '', kind: 'ConfigMap', name: 'x' }, path: 'data.a' });
    assert.ok(f.ok);
    assert.equal(f.file, '.plumb.yaml');
    assert.match(f.note ?? '', /Flux itself still reverts it/);
  }

  const s2 = await session.refresh({ rerender: true });
  assert.ok(!hasDrift(s2, 'redis', 'StatefulSet', 'redis', 'metadata.labels'), JSON.stringify(res(s2, 'redis', 'StatefulSet', 'redis')?.drift));
  assert.ok(hasDrift(s2, 'redis', 'StatefulSet', 'redis', 'spec.replicas'), 'other drift stays');
  assert.ok(!hasDrift(s2, 'storefront', 'Deployment', 'web', envPath), JSON.stringify(res(s2, 'storefront', 'Deployment', 'web')?.drift));
});
