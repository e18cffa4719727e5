// The diff panel's state from a REAL session against the test cluster: the shop repo synced, then
// changed with kubectl (an env var on storefront's Deployment, a Secret of payments re-applied with
// another password). Checks the rows, the attribution and that no Secret value reaches the state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WorkspaceSession, type SessionSnapshot } from '../../src/engine/session/workspace-session.js';
import { buildDiffPanelState, DEFAULT_VIEW_OPTIONS, syncPlanView, type DiffPanelState, type ViewOptions } from '../../src/ui-model/diff-panel-state.js';
import { makeKubectl } from '../cluster/testing/kubectl.js';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';

const GIT_PASSWORD = 's3cr3t-demo-only'; // charts/payments/values.yaml
const LIVE_PASSWORD = 'kubectl-applied-pw-4711';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let env: SyncEnv;
let session: WorkspaceSession;
let snap: SessionSnapshot;

before(async () => {
  env = await startSyncEnv();
  await env.namespace('shop');
  await env.namespace('payments');
  await env.sync('storefront');
  await env.sync('payments');
  const kubectl = makeKubectl(env.tc);
  try {
    const setEnv = await kubectl.run(['-n', 'shop', 'set', 'env', 'deployment/web', 'LOG_LEVEL=debug', 'FEATURE_X=on']);
    assert.equal(setEnv.code, 0, setEnv.stderr);
    // .plumb.yaml ignores spec.replicas of this Deployment: a difference, but no drift
    const scaled = await kubectl.run(['-n', 'shop', 'scale', 'deployment/web', '--replicas=5']);
    assert.equal(scaled.code, 0, scaled.stderr);
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments-db\n  namespace: payments\ntype: Opaque\nstringData:\n  DB_USER: payments\n  DB_PASSWORD: ${LIVE_PASSWORD}\n`;
    const applied = await kubectl.run(['apply', '-f', '-'], { stdin: secret });
    assert.equal(applied.code, 0, applied.stderr);
  } finally {
    kubectl.dispose();
  }
  session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo }, kubeconfig: env.kubeconfig, debounceMs: 50 });
  snap = await session.refresh();
  assert.equal(snap.connection.state, 'connected');
});
after(async () => { session?.dispose(); await env?.close(); });

const state = (app: string, opts: Partial<ViewOptions> = {}, selected?: string): DiffPanelState =>
  buildDiffPanelState({ snapshot: snap, identity: { app }, options: { ...DEFAULT_VIEW_OPTIONS, ...opts }, selected, live: (r) => session.live(r) });

const WEB = 'apps/Deployment/shop/web';
const SECRET = '/Secret/payments/payments-db';

test('storefront: kubectl set env shows as a changed and an added row, attributed to kubectl-set', () => {
  const s = state('storefront', {}, WEB);
  assert.equal(s.app?.sync, 'OutOfSync');
  assert.equal(s.selected, WEB);
  const d = s.diff!;
  assert.equal(d.status, 'OutOfSync');
  const differing = d.rows.filter((r) => r.kind !== 'same');
  // LOG_LEVEL is declared in Git (warn): its value row changed
  const changed = differing.find((r) => r.kind === 'changed' && /value: debug/.test(r.right?.text ?? ''))!;
  assert.ok(changed, JSON.stringify(differing));
  assert.match(changed.left!.text, /value: warn/);
  const note = d.drift.find((n) => n.path.includes('env[name=LOG_LEVEL]'))!;
  assert.ok(note, JSON.stringify(d.drift));
  assert.equal(note.manager, 'kubectl-set');
  assert.ok(note.time && !Number.isNaN(Date.parse(note.time)));
  assert.equal(d.rows[note.row!], changed);
  assert.deepEqual(changed.drift, [d.drift.indexOf(note)]);
  // FEATURE_X is not in Git: an added item on the right only, annotated on its first line
  const added = differing.filter((r) => r.kind === 'added');
  assert.ok(added.some((r) => /- name: FEATURE_X/.test(r.right!.text)) && added.some((r) => /value: "?on"?/.test(r.right!.text)), JSON.stringify(added));
  const fx = d.drift.find((n) => n.path.includes('env[name=FEATURE_X]'))!;
  assert.equal(fx.manager, 'kubectl-set');
  assert.match(d.rows[fx.row!]!.right!.text, /- name: FEATURE_X/);
  assert.ok(d.changes.length >= 1 && d.changes.every((i) => d.rows[i]!.kind !== 'same'));
  // the ignored replicas differ but are not drift: dimmed, not a change, not annotated
  const replicas = d.rows.find((r) => /^\s*replicas: 5$/.test(r.right?.text ?? ''))!;
  assert.ok(replicas, JSON.stringify(d.rows.slice(0, 15)));
  assert.equal(replicas.kind, 'changed');
  assert.equal(replicas.ignored, true);
  assert.equal(replicas.drift, undefined);
  assert.ok(!d.changes.includes(d.rows.indexOf(replicas)));
  assert.ok(!d.drift.some((n) => n.path.includes('replicas')));
  assert.ok(d.notes.some((n) => /without being drift/.test(n)));
  // normalised: no server noise on either side
  const text = d.rows.map((r) => `${r.left?.text ?? ''}|${r.right?.text ?? ''}`).join('\n');
  for (const noise of ['managedFields', 'resourceVersion', 'uid:', 'creationTimestamp', 'status:', 'terminationMessagePath']) assert.ok(!text.includes(noise), noise);
  // unchanged declared fields line up as same rows
  assert.ok(d.rows.some((r) => r.kind === 'same' && /image:/.test(r.left!.text) && r.left!.text === r.right!.text));
});

test('storefront: show noise brings back what normalisation hides; only drift folds and filters', () => {
  const noisy = state('storefront', { showNoise: true }, WEB).diff!;
  const right = noisy.rows.map((r) => r.right?.text ?? '').join('\n');
  assert.match(right, /managedFields:/);
  assert.match(right, /resourceVersion:/);
  assert.match(right, /terminationMessagePath:/);
  assert.ok(noisy.drift.find((n) => n.path.includes('LOG_LEVEL'))?.row !== undefined);

  const full = state('storefront', {}, WEB);
  const only = state('storefront', { onlyDrift: true }, WEB);
  assert.ok(only.resources.every((r) => r.status !== 'Synced'));
  assert.ok(only.resources.length < full.resources.length, `${only.resources.length} < ${full.resources.length}`);
  assert.equal(only.resourceTotal, full.resourceTotal);
  assert.ok(only.diff!.rows.length < full.diff!.rows.length);
  const note = only.diff!.drift.find((n) => n.path.includes('LOG_LEVEL'))!;
  assert.match(only.diff!.rows[note.row!]!.right!.text, /value: debug/);
});

test('payments Secret: keys shown with changed / unchanged, no value anywhere in the serialized state', () => {
  for (const opts of [{}, { showNoise: true }, { onlyDrift: true }, { mode: 'unified' as const, showNoise: true }]) {
    const s = state('payments', opts, SECRET);
    const d = s.diff!;
    assert.equal(d.id, SECRET);
    assert.equal(d.masked, true);
    assert.equal(d.status, 'OutOfSync');
    const json = JSON.stringify(s);
    for (const secret of [GIT_PASSWORD, LIVE_PASSWORD, b64(GIT_PASSWORD), b64(LIVE_PASSWORD), b64('payments')]) {
      assert.ok(!json.includes(secret), `${secret} leaked with ${JSON.stringify(opts)}`);
    }
    const rows = d.rows.map((r) => [r.kind, r.left?.text, r.right?.text]);
    const pw = d.rows.find((r) => /DB_PASSWORD: /.test(r.left?.text ?? r.right?.text ?? ''))!;
    assert.equal(pw.kind, 'changed', JSON.stringify(rows));
    assert.match(pw.left!.text, /DB_PASSWORD: •+ \(changed\)/);
    assert.match(pw.right!.text, /DB_PASSWORD: •+ \(changed\)/);
    const user = d.rows.find((r) => /DB_USER: /.test(r.left?.text ?? r.right?.text ?? ''))!;
    assert.equal(user.kind, 'same', JSON.stringify(rows));
    assert.match(user.left!.text, /unchanged/);
    assert.ok(d.drift.some((n) => n.path === 'data.DB_PASSWORD' && n.manager === 'kubectl-client-side-apply' && n.row !== undefined), JSON.stringify(d.drift));
  }
  // kubectl apply wrote the last-applied annotation (which embeds the values): shown masked with noise on
  const noisy = state('payments', { showNoise: true }, SECRET).diff!;
  assert.ok(noisy.rows.some((r) => /last-applied-configuration: •+/.test(r.right?.text ?? '')));
});

test('building a state is cheap: one resource diffed per snapshot', (t) => {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    state('storefront', { showNoise: i % 2 === 1 }, WEB);
    state('payments', {}, SECRET);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p50 = times[10]!, max = times[19]!;
  t.diagnostic(`two panel states (storefront Deployment + payments Secret): p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  assert.ok(p50 < 100, `p50 ${p50} ms`);
});

test('a single-resource panel lists only that resource; an unknown app says so', () => {
  const one = buildDiffPanelState({
    snapshot: snap, identity: { app: 'storefront', ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' } },
    options: DEFAULT_VIEW_OPTIONS, live: (r) => session.live(r),
  });
  assert.deepEqual(one.resources.map((r) => r.id), [WEB]);
  assert.equal(one.diff?.id, WEB);
  const none = buildDiffPanelState({ snapshot: snap, identity: { app: 'nope' }, options: DEFAULT_VIEW_OPTIONS, live: () => undefined });
  assert.match(none.message ?? '', /No app named "nope"/);
  assert.equal(none.diff, undefined);
});

test('sync plan view: steps by wave, counts, no object content', async () => {
  const plan = await env.plan('payments', true);
  const view = syncPlanView(plan, 'p1');
  assert.equal(view.app, 'payments');
  const steps = view.waves.flatMap((w) => w.steps);
  assert.equal(steps.length, plan.steps.length);
  assert.deepEqual(steps.map((s) => s.id), plan.steps.map((s) => `${s.ref.group}/${s.ref.kind}/${s.ref.namespace ?? ''}/${s.ref.name}`));
  const secretStep = steps.find((s) => s.id === SECRET)!;
  assert.equal(secretStep.action, 'update');
  assert.ok(secretStep.driftPaths?.includes('data.DB_PASSWORD'), JSON.stringify(secretStep));
  assert.equal(view.counts.update, plan.steps.filter((s) => s.action === 'update').length);
  assert.equal(view.empty, false);
  const json = JSON.stringify(view);
  for (const secret of [GIT_PASSWORD, LIVE_PASSWORD, b64(GIT_PASSWORD), b64(LIVE_PASSWORD)]) assert.ok(!json.includes(secret));
  // waves are in execution order
  const order = view.waves.map((w) => `${w.phase}:${w.wave}`);
  assert.deepEqual(order, plan.steps.map((s) => `${s.phase}:${s.wave}`).filter((k, i, a) => i === 0 || a[i - 1] !== k));
});
