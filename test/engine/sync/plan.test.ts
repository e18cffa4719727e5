import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSync } from '../../../src/engine/sync/plan.js';
import { formatPlan } from '../../../src/engine/sync/format.js';
import type { SyncPlan, SyncStep } from '../../../src/engine/sync/types.js';
import { app, drift, inSync, input, obj, recreate } from './helpers.js';

const names = (p: SyncPlan) => p.steps.map((s) => `${s.action} ${s.ref.kind}/${s.ref.name}`);
const step = (p: SyncPlan, name: string): SyncStep => {
  const s = p.steps.find((x) => x.ref.name === name);
  assert.ok(s, `no step for ${name}`);
  return s;
};

const deploy = (name: string, ann?: Record<string, string>) => obj('apps/v1', 'Deployment', name, 'shop', ann);
const cm = (name: string, ann?: Record<string, string>) => obj('v1', 'ConfigMap', name, 'shop', ann);

test('every apply action: create, update with drift paths, unchanged, recreate', () => {
  const web = deploy('web'); const api = deploy('api'); const db = obj('apps/v1', 'StatefulSet', 'db', 'shop'); const fresh = cm('fresh');
  const plan = planSync(input({
    desired: [web, api, db, fresh], live: [web, api, db],
    verdicts: [[web, drift('spec.replicas')], [api, inSync], [db, recreate('spec.volumeClaimTemplates')]],
  }));
  assert.equal(step(plan, 'fresh').action, 'create');
  assert.deepEqual(step(plan, 'web').driftPaths, ['spec.replicas']);
  assert.equal(step(plan, 'web').action, 'update');
  assert.equal(step(plan, 'api').action, 'unchanged');
  assert.equal(step(plan, 'db').action, 'recreate');
  assert.deepEqual(step(plan, 'db').driftPaths, ['spec.volumeClaimTemplates']);
  assert.deepEqual(plan.needsConfirmation, { prune: false, recreate: true });
});

test('recreate pre-approved by Force=true or Flux force: Enabled needs no confirmation; Delete=false forbids it', () => {
  const a = deploy('a', { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' });
  const b = deploy('b', { 'kustomize.toolkit.fluxcd.io/force': 'Enabled' });
  const c = deploy('c', { 'argocd.argoproj.io/sync-options': 'Delete=false' });
  const plan = planSync(input({ desired: [a, b], live: [a, b], verdicts: [[a, recreate('spec.selector')], [b, recreate('spec.selector')]] }));
  assert.equal(step(plan, 'a').preApproved, true);
  assert.equal(step(plan, 'a').apply?.replace, true);
  assert.equal(plan.needsConfirmation.recreate, false);
  const forbidden = planSync(input({ desired: [c], live: [c], verdicts: [[c, recreate('spec.selector')]] }));
  assert.equal(step(forbidden, 'c').action, 'skip');
  assert.match(step(forbidden, 'c').reason ?? '', /Delete=false/);
});

test('prune only inventory objects that left Git, in reverse order, needing confirmation', () => {
  const kept = deploy('kept'); const goneDeploy = deploy('gone'); const goneNs = obj('v1', 'Namespace', 'old');
  const goneCm = cm('gone-cm'); const foreign = cm('foreign');
  const plan = planSync(input({
    desired: [kept], live: [kept, goneDeploy, goneNs, goneCm, foreign], verdicts: [[kept, inSync]],
    inventory: [kept, goneNs, goneCm, goneDeploy], options: { prune: true },
  }));
  assert.deepEqual(names(plan), ['prune Deployment/gone', 'prune ConfigMap/gone-cm', 'prune Namespace/old', 'unchanged Deployment/kept']);
  assert.equal(plan.needsConfirmation.prune, true);
  assert.ok(!plan.steps.some((s) => s.ref.name === 'foreign'), 'objects outside the inventory are never pruned');
});

test('prune skip reasons: requires pruning, Prune=false, Flux prune: disabled, app Prune=false, IgnoreExtraneous, terminating', () => {
  const a = cm('a'); const b = cm('b', { 'argocd.argoproj.io/sync-options': 'Prune=false' });
  const c = cm('c', { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  const d = cm('d', { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' });
  const e = { ...cm('e'), metadata: { name: 'e', namespace: 'shop', deletionTimestamp: '2026-01-01T00:00:00Z' } };
  const noPrune = planSync(input({ inventory: [a, d] }));
  assert.equal(step(noPrune, 'a').reason, 'ignored (requires pruning)');
  assert.equal(step(noPrune, 'd').reason, 'ignored (IgnoreExtraneous)');
  assert.equal(noPrune.needsConfirmation.prune, false);
  const withPrune = planSync(input({ inventory: [a, b, c, e], options: { prune: true } }));
  assert.equal(step(withPrune, 'a').action, 'prune');
  assert.deepEqual([step(withPrune, 'b').reason, step(withPrune, 'c').reason, step(withPrune, 'e').reason],
    ['Prune=false', 'prune: disabled', 'already being deleted']);
  const appWide = planSync(input({ inventory: [a], app: app(['Prune=false']), options: { prune: true } }));
  assert.equal(step(appWide, 'a').reason, 'Prune=false (app)');
  const fromPolicy = planSync(input({ inventory: [a], app: app([], { syncPolicy: { prune: true } }) }));
  assert.equal(step(fromPolicy, 'a').action, 'prune');
});

test('Flux reconcile: disabled / ssa: Ignore / ssa: IfNotPresent skip the object', () => {
  const a = cm('a', { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' });
  const b = cm('b', { 'kustomize.toolkit.fluxcd.io/ssa': 'Ignore' });
  const c = cm('c', { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' });
  const d = cm('d', { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' });
  const plan = planSync(input({ desired: [a, b, c, d], live: [a, b, c], verdicts: [[a, drift('data')], [b, drift('data')], [c, drift('data')]] }));
  assert.deepEqual(['a', 'b', 'c', 'd'].map((n) => `${step(plan, n).action}: ${step(plan, n).reason ?? ''}`), [
    'skip: reconcile: disabled', 'skip: ssa: Ignore', 'skip: ssa: IfNotPresent (already exists)', 'create: ',
  ]);
});

test('ordering: phases, negative and positive waves, kind order, name', () => {
  const pre = obj('batch/v1', 'Job', 'migrate', 'shop', { 'argocd.argoproj.io/hook': 'PreSync' });
  const post = obj('batch/v1', 'Job', 'smoke', 'shop', { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' });
  const fail = obj('v1', 'Pod', 'alert', 'shop', { 'argocd.argoproj.io/hook': 'SyncFail' });
  const early = deploy('early', { 'argocd.argoproj.io/sync-wave': '-2' });
  const late = cm('late', { 'argocd.argoproj.io/sync-wave': '3' });
  const svc = obj('v1', 'Service', 'web', 'shop'); const web = deploy('web'); const cfg = cm('web-config');
  const sa = obj('v1', 'ServiceAccount', 'web', 'shop'); const role = obj('rbac.authorization.k8s.io/v1', 'Role', 'web', 'shop');
  const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', undefined, undefined, { spec: { group: 'example.com', names: { kind: 'Widget' } } });
  const cr = obj('example.com/v1', 'Widget', 'w', 'shop');
  const hook = obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'check');
  const ns = obj('v1', 'Namespace', 'shop');
  const sc = obj('storage.k8s.io/v1', 'StorageClass', 'fast');
  const all = [fail, post, hook, cr, web, svc, cfg, role, sa, late, early, pre, crd, ns, sc];
  const plan = planSync(input({ desired: all }));
  assert.deepEqual(names(plan), [
    'create Namespace/shop', 'create Job/migrate',
    'create Deployment/early',
    'create CustomResourceDefinition/widgets.example.com', 'create StorageClass/fast', 'create ServiceAccount/web',
    'create ConfigMap/web-config', 'create Role/web', 'create Service/web', 'create Deployment/web', 'create Widget/w',
    'create ValidatingWebhookConfiguration/check',
    'create ConfigMap/late',
    'create Job/smoke', 'create Pod/alert',
  ]);
  assert.deepEqual(plan.steps.map((s) => `${s.phase}:${s.wave}`), [
    'PreSync:0', 'PreSync:0', 'Sync:-2', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:0', 'Sync:3', 'PostSync:0', 'SyncFail:0',
  ]);
  assert.deepEqual(step(plan, 'smoke').hook, { type: 'PostSync', deletePolicy: ['HookSucceeded'] });
  assert.deepEqual(step(plan, 'migrate').hook, { type: 'PreSync', deletePolicy: ['BeforeHookCreation'] });
  assert.equal(step(plan, 'alert').reason, 'runs only if the sync fails');
});

test('a CRD in a later wave is applied in the wave of its first custom resource', () => {
  const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', undefined, { 'argocd.argoproj.io/sync-wave': '5' }, { spec: { group: 'example.com', names: { kind: 'Widget' } } });
  const cr = obj('example.com/v1', 'Widget', 'w', 'shop', { 'argocd.argoproj.io/sync-wave': '-1' });
  const plan = planSync(input({ desired: [cr, crd] }));
  assert.deepEqual(names(plan), ['create CustomResourceDefinition/widgets.example.com', 'create Widget/w']);
  assert.equal(step(plan, 'widgets.example.com').wave, -1);
});

test('hook types: multiple phases, Helm mapping, Skip, hooks of another phase, generateName', () => {
  const both = obj('batch/v1', 'Job', 'both', 'shop', { 'argocd.argoproj.io/hook': 'PreSync,PostSync' });
  const helm = obj('batch/v1', 'Job', 'helm', 'shop', { 'helm.sh/hook': 'pre-upgrade', 'helm.sh/hook-weight': '-5', 'helm.sh/hook-delete-policy': 'hook-succeeded,before-hook-creation' });
  const skip = cm('skipped', { 'argocd.argoproj.io/hook': 'Skip' });
  const del = obj('batch/v1', 'Job', 'cleanup', 'shop', { 'argocd.argoproj.io/hook': 'PreDelete' });
  const gen = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'seed-', namespace: 'shop', annotations: { 'argocd.argoproj.io/hook': 'PostSync' } } };
  const plan = planSync(input({ desired: [both, helm, skip, del, gen], live: [helm] }));
  assert.deepEqual(names(plan), ['create Job/helm', 'create Job/both', 'skip ConfigMap/skipped', 'skip Job/cleanup', 'create Job/both', 'create Job/seed-']);
  assert.deepEqual(step(plan, 'helm').hook, { type: 'PreSync', deletePolicy: ['HookSucceeded', 'BeforeHookCreation'] });
  assert.equal(step(plan, 'helm').wave, -5);
  assert.equal(step(plan, 'helm').reason, 'existing hook deleted first (BeforeHookCreation)');
  assert.match(step(plan, 'cleanup').reason ?? '', /^hook of another phase/);
  assert.match(step(plan, 'skipped').reason ?? '', /Skip/);
});

test('hooks are never pruned, even when they left Git', () => {
  const oldHook = obj('batch/v1', 'Job', 'old', 'shop', { 'argocd.argoproj.io/hook': 'PreSync' });
  const plan = planSync(input({ inventory: [oldHook], options: { prune: true } }));
  assert.deepEqual(plan.steps, []);
});

test('prune waves are mirrored; prunes run before applies of the same wave; PruneLast goes after every wave', () => {
  const p1 = cm('p-wave1', { 'argocd.argoproj.io/sync-wave': '1' });
  const p5 = cm('p-wave5', { 'argocd.argoproj.io/sync-wave': '5' });
  const a1 = deploy('a-wave1', { 'argocd.argoproj.io/sync-wave': '1' });
  const a7 = deploy('a-wave7', { 'argocd.argoproj.io/sync-wave': '7' });
  const plan = planSync(input({ desired: [a1, a7], inventory: [p1, p5], options: { prune: true } }));
  assert.deepEqual(plan.steps.map((s) => `${s.action} ${s.ref.name}@${s.wave}`), ['prune p-wave5@1', 'create a-wave1@1', 'prune p-wave1@5', 'create a-wave7@7']);
  const last = planSync(input({ desired: [a1, a7], inventory: [p1, p5], app: app(['PruneLast=true']), options: { prune: true } }));
  assert.deepEqual(last.steps.map((s) => `${s.action} ${s.ref.name}@${s.wave}`), ['create a-wave1@1', 'create a-wave7@7', 'prune p-wave1@8', 'prune p-wave5@8']);
  const oneLast = cm('one', { 'argocd.argoproj.io/sync-options': 'PruneLast=true' });
  const obj1 = planSync(input({ desired: [a1], inventory: [oneLast, p5], options: { prune: true } }));
  assert.deepEqual(obj1.steps.map((s) => `${s.action} ${s.ref.name}@${s.wave}`), ['create a-wave1@1', 'prune p-wave5@5', 'prune one@6']);
});

test('app sync options and per-object overrides reach the write mode', () => {
  const plain = cm('plain');
  const own = cm('own', { 'argocd.argoproj.io/sync-options': 'ServerSideApply=false,Validate=true,Replace=false' });
  const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'x.example.com');
  const plan = planSync(input({
    desired: [plain, own, crd], app: app(['ServerSideApply=true', 'Replace=true', 'Validate=false', 'RespectIgnoreDifferences=true', 'ApplyOutOfSyncOnly=true']),
  }));
  assert.deepEqual(step(plan, 'plain').apply, { serverSideApply: true, replace: true, force: false, validate: false, respectIgnoreDifferences: true });
  assert.deepEqual(step(plan, 'own').apply, { serverSideApply: false, replace: false, force: false, validate: true, respectIgnoreDifferences: true });
  assert.equal(step(plan, 'x.example.com').apply?.replace, false, 'CRDs are never replaced');
  assert.equal(plan.options.applyOutOfSyncOnly, true);
  const cli = planSync(input({ desired: [plain], app: app(['Validate=false']), options: { syncOptions: ['Validate=true'] } }));
  assert.equal(step(cli, 'plain').apply?.validate, true, 'caller options win over the app');
});

test('ApplyOutOfSyncOnly marks in-sync objects; hooks still run', () => {
  const a = cm('a'); const h = obj('batch/v1', 'Job', 'h', 'shop', { 'argocd.argoproj.io/hook': 'Sync' });
  const plan = planSync(input({ desired: [a, h], live: [a], verdicts: [[a, inSync]], app: app(['ApplyOutOfSyncOnly=true']) }));
  assert.equal(step(plan, 'a').reason, 'in sync (ApplyOutOfSyncOnly)');
  assert.equal(step(plan, 'h').action, 'create');
});

test('CreateNamespace adds the destination namespace, before the first object in it', () => {
  const pre = obj('batch/v1', 'Job', 'migrate', 'shop', { 'argocd.argoproj.io/hook': 'PreSync' });
  const plan = planSync(input({ desired: [cm('a'), pre], app: app(['CreateNamespace=true']) }));
  assert.deepEqual(names(plan), ['create Namespace/shop', 'create Job/migrate', 'create ConfigMap/a']);
  assert.equal(step(plan, 'shop').reason, 'CreateNamespace=true');
  assert.equal(step(plan, 'shop').phase, 'PreSync');
  const exists = planSync(input({ desired: [cm('a')], live: [obj('v1', 'Namespace', 'shop')], app: app(['CreateNamespace=true']) }));
  assert.deepEqual(names(exists), ['create ConfigMap/a']);
  const off = planSync(input({ desired: [cm('a')] }));
  assert.deepEqual(names(off), ['create ConfigMap/a']);
});

test('invalid sync-wave falls back to 0 with a warning; a live object without a verdict is updated', () => {
  const a = cm('a', { 'argocd.argoproj.io/sync-wave': 'soon' });
  const plan = planSync(input({ desired: [a], live: [a] }));
  assert.equal(step(plan, 'a').wave, 0);
  assert.equal(step(plan, 'a').action, 'update');
  assert.equal(plan.problems.length, 1);
  assert.match(plan.problems[0]!.message, /"soon" is not an integer/);
});

test('formatPlan prints a table with drift paths and confirmation notes, never values', () => {
  const s = obj('v1', 'Secret', 'creds', 'shop', undefined, { data: { password: 'c2VjcmV0' } });
  const d = deploy('web');
  const plan = planSync(input({ desired: [s, d], live: [s, d], verdicts: [[s, drift('data.password')], [d, recreate('spec.selector')]], inventory: [cm('gone')], options: { prune: true } }));
  const text = formatPlan(plan);
  assert.match(text, /^PHASE\s+WAVE\s+ACTION\s+OBJECT\s+DETAIL$/m);
  assert.match(text, /Sync\s+0\s+update\s+Secret\/shop\/creds\s+fields: data.password/);
  assert.match(text, /recreate\s+apps\/Deployment\/shop\/web/);
  assert.match(text, /1 prune, 1 update, 1 recreate/);
  assert.match(text, /Prune deletes objects/);
  assert.match(text, /Recreate deletes/);
  assert.doesNotMatch(text, /c2VjcmV0/);
  assert.match(formatPlan(planSync(input({}))), /nothing to do/);
});
