// The small decisions of the operation flows, on hand-built inputs: protected-context patterns,
// command argument narrowing (args and tree node models), the plan cut to one object, and the
// restricted-mode refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SyncPlan, SyncStep } from '../../../src/engine/sync/types.js';
import { commitPickItems } from '../../../src/ui-model/flows/rollback-flow.js';
import { planForObject, progressText, stepLines } from '../../../src/ui-model/flows/plan-text.js';
import { DEFAULT_PROTECTED_CONTEXTS, isProtectedContext } from '../../../src/ui-model/flows/protected-contexts.js';
import { targetOf } from '../../../src/ui-model/flows/target.js';
import { writeRefusal } from '../../../src/ui-model/flows/write-guard.js';
import type { AppNode, ResourceNode } from '../../../src/ui-model/tree-nodes.js';

test('protected contexts: globs over the whole name, plain words as a whole name part, case-insensitive', () => {
  const d = DEFAULT_PROTECTED_CONTEXTS;
  for (const c of ['prod', 'PROD', 'eu-prod-1', 'gke_acme_europe-west1_prod', 'arn:aws:eks:eu-west-1:1:cluster/prod']) assert.ok(isProtectedContext(c, d), c);
  for (const c of ['production', 'nonprod', 'kind-shop', 'plumb-test', 'staging']) assert.ok(!isProtectedContext(c, d), c);
  assert.ok(isProtectedContext('plumb-test', ['plumb-*']));
  assert.ok(isProtectedContext('production', ['prod*']));
  assert.ok(!isProtectedContext('my-prod', ['prod*']));
  assert.ok(isProtectedContext('ctx.1', ['ctx.?']));
  assert.ok(!isProtectedContext('ctxa1', ['ctx.1']), 'a dot in a pattern is literal');
  assert.ok(!isProtectedContext('anything', ['', '  ']));
});

test('targetOf: AppArgs, ResourceArgs, RollbackArgs and tree node models; nothing else', () => {
  assert.deepEqual(targetOf({ app: 'redis' }), { app: 'redis' });
  assert.deepEqual(targetOf({ app: 'redis', to: 'abc123' }), { app: 'redis', to: 'abc123' });
  const ref = { group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' };
  assert.deepEqual(targetOf({ app: 'redis', ref }), { app: 'redis', ref });
  const appNode: AppNode = { type: 'app', id: 'app:redis', label: 'redis', app: 'redis', sync: 'OutOfSync', health: 'Healthy', contextValue: 'app outOfSync', collapsible: 'collapsed' };
  assert.deepEqual(targetOf(appNode), { app: 'redis' });
  const resNode: ResourceNode = { type: 'resource', id: 'r', label: 'redis', app: 'redis', ref, status: 'OutOfSync', contextValue: 'resource outOfSync', collapsible: 'none' };
  assert.deepEqual(targetOf(resNode), { app: 'redis', ref });
  for (const bad of [undefined, null, 'redis', 42, {}, { app: 7 }, { name: 'redis' }]) assert.equal(targetOf(bad), undefined);
  // A ref that is not an ObjectRef is ignored, not passed on.
  assert.deepEqual(targetOf({ app: 'redis', ref: { kind: 'X' } }), { app: 'redis' });
});

const step = (action: SyncStep['action'], kind: string, name: string, extra: Partial<SyncStep> = {}): SyncStep =>
  ({ action, ref: { group: '', kind, namespace: 'ns', name }, phase: 'Sync', wave: 0, ...extra });
const plan = (steps: SyncStep[]): SyncPlan => ({ app: 'a', steps, needsConfirmation: { prune: true, recreate: true }, options: {} as SyncPlan['options'], problems: [] });

test('planForObject: only that object, no hooks; confirmations recomputed; undefined when absent', () => {
  const p = plan([
    step('create', 'Job', 'migrate', { phase: 'PreSync', hook: { type: 'PreSync', deletePolicy: [] } }),
    step('update', 'ConfigMap', 'a', { driftPaths: ['data.x'] }),
    step('prune', 'ConfigMap', 'old'),
    step('recreate', 'Service', 'svc'),
  ]);
  const one = planForObject(p, { group: '', kind: 'ConfigMap', namespace: 'ns', name: 'a' })!;
  assert.deepEqual(one.steps.map((s) => s.ref.name), ['a']);
  assert.deepEqual(one.needsConfirmation, { prune: false, recreate: false });
  assert.deepEqual(planForObject(p, { group: '', kind: 'ConfigMap', name: 'old' })!.needsConfirmation, { prune: true, recreate: false });
  assert.equal(planForObject(p, { group: '', kind: 'Job', namespace: 'ns', name: 'migrate' }), undefined, 'hooks are not synced alone');
  assert.equal(planForObject(p, { group: '', kind: 'ConfigMap', namespace: 'other', name: 'a' }), undefined);
  assert.deepEqual(stepLines(p.steps, 2), ['create Job ns/migrate (hook PreSync)', 'update ConfigMap ns/a (fields: data.x)', '… and 2 more']);
});

test('progress lines and the history pick items', () => {
  assert.equal(progressText({ type: 'wave-start', phase: 'Sync', wave: 1, steps: 3 }), 'Sync wave 1: 3 step(s)');
  assert.equal(progressText({ type: 'step', phase: 'Sync', wave: 0, step: { ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }, action: 'update', result: 'applied' } }), 'applied Deployment.apps shop/web');
  assert.equal(progressText({ type: 'wave-done', phase: 'Sync', wave: 0 }), undefined);
  const c = (sha: string, subject: string, merge = false) => ({ sha, shortSha: sha.slice(0, 7), author: 'A', email: 'a@x', date: '2026-11-26T13:12:13+01:00', subject, files: ['f'], merge });
  const items = commitPickItems([c('b'.repeat(40), 'second'), c('a'.repeat(40), 'first', true)], 'a'.repeat(40));
  assert.deepEqual(items.map((i) => [i.label, i.description, i.detail]), [
    ['bbbbbbb second', 'HEAD', 'A, 2026-11-26 13:12 · 1 file(s)'],
    ['aaaaaaa first', 'live in the cluster · merge', 'A, 2026-11-26 13:12 · 1 file(s)'],
  ]);
});

test('restricted mode and no workspace refuse writes with the reason; loading and ready do not', () => {
  assert.match(writeRefusal('restricted', 'sync')!, /cannot sync in restricted mode: trust this workspace first/);
  assert.match(writeRefusal('noWorkspace', 'roll back')!, /open a folder/);
  assert.equal(writeRefusal('ready', 'sync'), undefined);
  assert.equal(writeRefusal('loading', 'sync'), undefined);
});
