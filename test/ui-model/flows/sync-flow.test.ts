// The sync flow (Plumb: Sync / Sync Resource) against the test cluster with a scripted user:
// from empty to Synced, prunes only after their own question, a protected context's typed name,
// cancel in the middle, one resource only, and Argo CD / Flux apps handed to their controller.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WorkspaceSession } from '../../../src/engine/session/workspace-session.js';
import { FLUX_REQUESTED_AT } from '../../../src/engine/sync/controller.js';
import type { KubeObject } from '../../../src/engine/types.js';
import { fluxSuspendFlow, toggleAutoSyncFlow } from '../../../src/ui-model/flows/controller-flow.js';
import { SYNC, SYNC_AND_PRUNE, SYNC_WITHOUT_PRUNING, syncFlow } from '../../../src/ui-model/flows/sync-flow.js';
import { startSyncEnv, writesIn, type SyncEnv } from '../../engine/sync/env.js';
import { depsFor, openSession } from './scripted.js';

let env: SyncEnv;
let session: WorkspaceSession;

before(async () => {
  env = await startSyncEnv();
  session = await openSession(env);
});
after(async () => {
  session?.dispose();
  await env?.close();
});

const exists = async (t: { group: string; kind: string; namespace?: string; name: string }) =>
  env.client.get(t).then((o) => !o.metadata?.deletionTimestamp, () => false);
const cm = (name: string) => ({ group: '', kind: 'ConfigMap', namespace: 'infra', name });
const configMapYaml = (name: string, ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  a: "1"\n`;

/** The app's sync status once the session's watch has caught up (the cache lags the writes a little). */
async function syncStatusOf(app: string, want: string): Promise<string | undefined> {
  let last: string | undefined;
  for (let i = 0; i < 40; i++) {
    last = (await session.refresh()).status.apps.find((a) => a.name === app)?.sync;
    if (last === want) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

test('sync from an empty cluster: one confirmation listing the plan, progress per object, then Synced; again: nothing to do', async () => {
  const deps = depsFor(session, { confirm: [true] });
  const r = await syncFlow(deps, { app: 'redis' });
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.deepEqual(deps.prompt.asked.map((a) => a.kind), ['confirm']);
  const q = deps.prompt.asked[0]!;
  assert.equal(q.kind === 'confirm' && q.message, 'Sync redis to context "plumb-test"?');
  assert.match(q.kind === 'confirm' ? q.detail : '', /create StatefulSet\.apps infra\/redis/);
  assert.ok(r.applied.some((s) => s.ref.kind === 'StatefulSet' && s.result === 'applied'), JSON.stringify(r.applied));
  assert.ok(deps.progressLines.some((l) => /^applied StatefulSet\.apps infra\/redis/.test(l)), deps.progressLines.join('\n'));
  assert.ok(Math.abs(deps.increments - 100) < 0.001, `increments add up to 100: ${deps.increments}`);
  assert.match(r.message, /^Synced redis to "plumb-test": \d+ object\(s\) written/);
  assert.equal(await syncStatusOf('redis', 'Synced'), 'Synced');

  const again = depsFor(session, {});
  const r2 = await syncFlow(again, { app: 'redis' });
  assert.equal(r2.outcome, 'nothing-to-do', r2.message);
  assert.match(r2.message, /matches Git on "plumb-test": nothing to sync/);
  assert.equal(again.prompt.asked.length, 0);
});

test('prune: listed in its own question; declining keeps the object, "Sync and prune" deletes it; dismissing applies nothing', async () => {
  env.write('infra/extra-cm.yaml', configMapYaml('extra', 'infra'));
  env.edit('infra/kustomization.yaml', (s) => s.replace('  - redis-statefulset.yaml\n', '  - redis-statefulset.yaml\n  - extra-cm.yaml\n'));
  const add = await syncFlow(depsFor(session, { confirm: [true] }), { app: 'redis' });
  assert.equal(add.outcome, 'succeeded', add.message);
  assert.ok(await exists(cm('extra')));

  env.edit('infra/kustomization.yaml', (s) => s.replace('  - extra-cm.yaml\n', ''));
  // dismissed at the prune question: nothing at all
  const dismissed = depsFor(session, { confirm: [true], choose: [undefined] });
  const mark0 = env.tc.requestLog.length;
  assert.equal((await syncFlow(dismissed, { app: 'redis' })).outcome, 'declined');
  assert.equal(writesIn(env.tc.requestLog.slice(mark0)).length, 0);

  const keep = depsFor(session, { confirm: [true], choose: [SYNC_WITHOUT_PRUNING] });
  const r = await syncFlow(keep, { app: 'redis' });
  assert.deepEqual(keep.prompt.asked.map((a) => a.kind), ['confirm', 'choose']);
  const first = keep.prompt.asked[0]!;
  assert.match(first.kind === 'confirm' ? first.detail : '', /1 object\(s\) left Git: you decide next/);
  const q = keep.prompt.asked[1]!;
  assert.ok(q.kind === 'choose');
  assert.equal(q.message, 'Delete 1 object(s) of redis that left Git from "plumb-test"?');
  assert.match(q.detail, /prune ConfigMap infra\/extra/);
  assert.deepEqual(q.actions, [SYNC_AND_PRUNE, SYNC_WITHOUT_PRUNING]);
  assert.equal(r.outcome, 'declined', r.message);
  assert.match(r.message, /only changes were deletions, which you declined/);
  assert.ok(await exists(cm('extra')), 'declining the prune keeps the object');

  const prune = depsFor(session, { confirm: [true], choose: [SYNC_AND_PRUNE] });
  const p = await syncFlow(prune, { app: 'redis' });
  assert.equal(p.outcome, 'succeeded', p.message);
  assert.deepEqual(p.applied.map((s) => `${s.result} ${s.ref.kind}/${s.ref.name}`), ['pruned ConfigMap/extra']);
  assert.equal(await exists(cm('extra')), false);
});

test('a protected context asks for its name; a wrong name writes nothing, the right one syncs', async () => {
  env.edit('.plumb.yaml', (s) => s.replace('protectedContexts: [prod]', 'protectedContexts: [prod, plumb-*]'));
  env.edit('infra/redis-statefulset.yaml', (s) => s.replace('replicas: 1', 'replicas: 2'));
  try {
    const wrong = depsFor(session, { confirm: [true], text: ['plumb'] });
    const mark = env.tc.requestLog.length;
    const r = await syncFlow(wrong, { app: 'redis' });
    assert.equal(r.outcome, 'declined', r.message);
    assert.match(r.message, /context name was not typed; nothing applied/);
    const q = wrong.prompt.asked.at(-1)!;
    assert.ok(q.kind === 'text');
    assert.equal(q.expected, 'plumb-test');
    assert.match(q.message, /"plumb-test" is a protected context\. Type its name to sync redis\./);
    assert.equal(writesIn(env.tc.requestLog.slice(mark)).length, 0);

    const right = depsFor(session, { confirm: [true], text: ['plumb-test'] });
    const ok = await syncFlow(right, { app: 'redis' });
    assert.equal(ok.outcome, 'succeeded', ok.message);
    const sts = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
    assert.equal((sts['spec'] as { replicas?: number }).replicas, 2);
  } finally {
    env.edit('.plumb.yaml', (s) => s.replace('protectedContexts: [prod, plumb-*]', 'protectedContexts: [prod]'));
  }
});

test('cancel during the sync stops after the current object and reports what was applied', async () => {
  await env.namespace('shop');
  for (let i = 1; i <= 5; i++) env.write(`apps/many/cm-${i}.yaml`, configMapYaml(`many-${i}`, 'shop'));
  env.addApp('many', 'apps/many', 'shop');
  // The user presses Cancel as soon as the first object is reported.
  const deps = depsFor(session, { confirm: [true] }, (line, d) => { if (line.startsWith('applied ')) d.abort.abort(); });
  const r = await syncFlow(deps, { app: 'many' });
  assert.equal(r.outcome, 'cancelled', r.message);
  assert.equal(r.applied.length, 1, JSON.stringify(r.report?.steps));
  const name = r.applied[0]!.ref.name;
  assert.match(r.message, new RegExp(`cancelled after 1 object\\(s\\) were written: applied ConfigMap shop/${name}\\. The rest was not applied\\.`));
  const live = (await env.client.list({ group: '', kind: 'ConfigMap' }, { namespace: 'shop' })).items.map((o) => o.metadata?.name).filter((n) => n?.startsWith('many-'));
  assert.deepEqual(live, [name]);
});

test('sync one resource: only that object is planned and written', async () => {
  env.edit('apps/many/cm-3.yaml', (s) => s.replace('a: "1"', 'a: "2"'));
  const deps = depsFor(session, { confirm: [true] });
  const target = { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'many-2' };
  const r = await syncFlow(deps, { app: 'many', ref: target });
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.deepEqual(r.plan?.steps.map((s) => `${s.action} ${s.ref.name}`), ['create many-2']);
  assert.deepEqual(r.applied.map((s) => s.ref.name), ['many-2']);
  const q = deps.prompt.asked[0]!;
  assert.equal(q.kind === 'confirm' && q.message, 'Sync ConfigMap shop/many-2 of many to context "plumb-test"?');
  assert.equal(await exists({ ...target, name: 'many-4' }), false, 'other objects of the app are untouched');
  const missing = await syncFlow(depsFor(session, {}), { app: 'many', ref: { ...target, name: 'not-there' } });
  assert.equal(missing.outcome, 'refused');
});

test('a plan view (the diff panel) takes the first confirmation: Cancel there applies nothing, Sync there applies; unavailable → modal', async () => {
  const ref = { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'many-4' };
  const shown: string[] = [];
  const cancelled = { ...depsFor(session, {}), showPlan: async (p: { steps: Array<{ action: string; ref: { name: string } }> }) => { shown.push(p.steps.map((s) => `${s.action} ${s.ref.name}`).join()); return false; } };
  const mark = env.tc.requestLog.length;
  assert.equal((await syncFlow(cancelled, { app: 'many', ref })).outcome, 'declined');
  assert.deepEqual(shown, ['create many-4']);
  assert.equal(cancelled.prompt.asked.length, 0);
  assert.equal(writesIn(env.tc.requestLog.slice(mark)).length, 0);

  const confirmed = { ...depsFor(session, {}), showPlan: async () => true };
  assert.equal((await syncFlow(confirmed, { app: 'many', ref })).outcome, 'succeeded');
  assert.equal(confirmed.prompt.asked.length, 0);
  assert.ok(await exists(ref));

  const unavailable = { ...depsFor(session, { confirm: [true] }), showPlan: async () => undefined };
  assert.equal((await syncFlow(unavailable, { app: 'many', ref: { ...ref, name: 'many-5' } })).outcome, 'succeeded');
  assert.deepEqual(unavailable.prompt.asked.map((a) => a.kind), ['confirm']);
});

const crd = (group: string, kind: string, plural: string, version: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
  spec: {
    group, scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
    versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});

async function until<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

test('controller-owned apps: Argo CD gets a sync operation, Flux a reconcile request; none of their objects is written by Plumb', async () => {
  await env.client.create(crd('argoproj.io', 'Application', 'applications', 'v1alpha1'));
  await env.client.create(crd('kustomize.toolkit.fluxcd.io', 'Kustomization', 'kustomizations', 'v1'));
  for (const ns of ['argocd', 'flux-system']) await env.namespace(ns);
  const app = { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'tools-echo' };
  const ks = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'flux-system', name: 'infra' };
  await until(() => env.client.create({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: app.name, namespace: app.namespace }, spec: { project: 'default' } }));
  await until(() => env.client.create({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: ks.name, namespace: ks.namespace }, spec: { interval: '10m', path: './infra', prune: true } }));

  // The session's client re-reads discovery for an unknown kind at most every 2 s: wait until it sees them.
  await until(() => session.client()!.list({ group: app.group, kind: app.kind }));
  await until(() => session.client()!.list({ group: ks.group, kind: ks.kind }));

  // Argo CD: the test answers as the controller would.
  const mark = env.tc.requestLog.length;
  const deps = depsFor(session, { choose: [SYNC_AND_PRUNE] });
  const running = syncFlow(deps, { app: 'tools-echo' });
  const requested = await until(async () => { const o = await env.client.get(app); return o['operation'] ? o : undefined; });
  assert.deepEqual(requested['operation'], { initiatedBy: { username: 'plumb' }, sync: { prune: true, syncStrategy: { hook: {} } } });
  await env.client.patch(app, {
    operation: null,
    status: { operationState: { phase: 'Succeeded', startedAt: '2026-02-01T00:00:00Z', finishedAt: '2026-02-01T00:00:03Z', message: 'successfully synced', syncResult: { revision: 'abc123' } }, sync: { status: 'Synced' } },
  }, 'merge');
  const r = await running;
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.equal(r.controller?.revision, 'abc123');
  const q = deps.prompt.asked[0]!;
  assert.ok(q.kind === 'choose');
  assert.equal(q.message, 'Ask Argo CD to sync tools-echo on context "plumb-test"?');
  assert.match(q.detail, /owned by Argo CD \(Application argocd\/tools-echo\)\. Plumb does not write its objects/);
  assert.deepEqual(q.actions, [SYNC, SYNC_AND_PRUNE]);
  const writes = writesIn(env.tc.requestLog.slice(mark));
  assert.ok(writes.length > 0 && writes.every((w) => w.path.includes('/applications/tools-echo')), writes.map((w) => `${w.method} ${w.path}`).join('\n'));

  // Flux: a reconcile request, then the Ready condition for that request.
  const mark2 = env.tc.requestLog.length;
  const fdeps = depsFor(session, { confirm: [true] });
  const frun = syncFlow(fdeps, { app: 'flux-system/infra' });
  const at = await until(async () => (await env.client.get(ks)).metadata?.annotations?.[FLUX_REQUESTED_AT]);
  await env.client.patch(ks, { status: { lastHandledReconcileAt: at, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:0123abc' }] } }, 'merge');
  const fr = await frun;
  assert.equal(fr.outcome, 'succeeded', fr.message);
  assert.match(fr.message, /Flux sync of flux-system\/infra succeeded: Kustomization flux-system\/infra: ReconciliationSucceeded/);
  const fq = fdeps.prompt.asked[0]!;
  assert.equal(fq.kind === 'confirm' && fq.message, 'Ask Flux to reconcile flux-system/infra on context "plumb-test"?');
  const fwrites = writesIn(env.tc.requestLog.slice(mark2));
  assert.ok(fwrites.every((w) => w.path.includes('/kustomizations/infra')), fwrites.map((w) => `${w.method} ${w.path}`).join('\n'));
});

test('controller switches: Argo CD auto-sync on and off (settings kept), Flux suspend and resume, each after a question', async () => {
  // Needs the Application and Kustomization of the previous test.
  // tools-echo is generated by an ApplicationSet, whose template would undo the change.
  const generated = await toggleAutoSyncFlow(depsFor(session, {}), { app: 'tools-echo' });
  assert.equal(generated.outcome, 'refused');
  assert.match(generated.message, /generated by ApplicationSet .*: change syncPolicy in its template instead/);

  const app = { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'storefront' };
  const ks = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'flux-system', name: 'infra' };
  await env.client.create({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: app.name, namespace: app.namespace }, spec: { project: 'default', syncPolicy: { automated: { prune: true, selfHeal: true } } } });
  const policy = async () => ((await env.client.get(app))['spec'] as { syncPolicy?: { automated?: unknown } }).syncPolicy?.automated;

  const declined = depsFor(session, { confirm: [false] });
  assert.equal((await toggleAutoSyncFlow(declined, { app: 'storefront' })).outcome, 'declined');
  assert.equal((declined.prompt.asked[0] as { message: string }).message, 'Turn off Argo CD auto-sync of storefront on "plumb-test"?');
  assert.deepEqual(await policy(), { prune: true, selfHeal: true });

  const off = await toggleAutoSyncFlow(depsFor(session, { confirm: [true] }), { app: 'storefront' });
  assert.equal(off.outcome, 'succeeded', off.message);
  assert.equal(await policy(), undefined);
  const on = await toggleAutoSyncFlow(depsFor(session, { confirm: [true] }), { app: 'storefront' });
  assert.equal(on.outcome, 'succeeded', on.message);
  assert.deepEqual(await policy(), { prune: true, selfHeal: true }, 'the previous settings come back');

  const suspended = async () => ((await env.client.get(ks))['spec'] as { suspend?: boolean }).suspend;
  const s = await fluxSuspendFlow(depsFor(session, { confirm: [true] }), { app: 'flux-system/infra' }, true);
  assert.equal(s.outcome, 'succeeded', s.message);
  assert.equal(await suspended(), true);
  // Syncing a suspended Flux app: Flux would never answer, so it is a failure with the reason.
  const blocked = await syncFlow(depsFor(session, { confirm: [true] }), { app: 'flux-system/infra' });
  assert.equal(blocked.outcome, 'failed');
  assert.match(blocked.message, /is suspended: resume it first/);
  const r = await fluxSuspendFlow(depsFor(session, { confirm: [true] }), { app: 'flux-system/infra' }, false);
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.equal(await suspended(), undefined);

  const wrongTool = depsFor(session, {});
  const refused = await fluxSuspendFlow(wrongTool, { app: 'tools-echo' }, true);
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.message, 'tools-echo has no Flux Kustomization or HelmRelease in context "plumb-test" (it is owned by Application argocd/tools-echo).');
  assert.equal(wrongTool.prompt.asked.length, 0);
});

test('offline: refused with the reason, nothing asked', async () => {
  const deps = depsFor(session, {});
  const offline = { ...deps, session: { ...deps.session, client: () => undefined } };
  const r = await syncFlow(offline, { app: 'redis' });
  assert.equal(r.outcome, 'refused');
  assert.match(r.message, /^Not connected to a cluster/);
  assert.equal(deps.prompt.asked.length, 0);
});
