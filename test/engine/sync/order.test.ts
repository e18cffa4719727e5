import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindRank } from '../../../src/engine/sync/order.js';
import { hookTypes, waveOf } from '../../../src/engine/sync/hooks.js';
import { objectSyncOptions, parseOptionList, resolveSyncOptions } from '../../../src/engine/sync/options.js';
import { app, obj } from './helpers.js';

test('kind rank: Namespace, CRD, classes, RBAC/config, services, workloads, unknown kinds, webhooks last', () => {
  const kinds = ['ValidatingWebhookConfiguration', 'Widget', 'Ingress', 'Deployment', 'Service', 'RoleBinding', 'ConfigMap',
    'ServiceAccount', 'IngressClass', 'CustomResourceDefinition', 'Namespace', 'MutatingWebhookConfiguration', 'GatewayClass'];
  const sorted = [...kinds].sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b));
  assert.deepEqual(sorted, ['Namespace', 'CustomResourceDefinition', 'GatewayClass', 'IngressClass', 'ServiceAccount', 'ConfigMap',
    'RoleBinding', 'Service', 'Deployment', 'Ingress', 'Widget', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
});

test('waves parse like strconv.Atoi, falling back to helm hook-weight then 0', () => {
  const w = (a: Record<string, string>) => waveOf(obj('v1', 'ConfigMap', 'x', 'ns', a));
  assert.deepEqual(w({ 'argocd.argoproj.io/sync-wave': '-3' }), { wave: -3 });
  assert.deepEqual(w({ 'argocd.argoproj.io/sync-wave': '+4' }), { wave: 4 });
  assert.deepEqual(w({ 'argocd.argoproj.io/sync-wave': '1.5', 'helm.sh/hook-weight': '2' }), { wave: 2, invalid: '1.5' });
  assert.deepEqual(w({}), { wave: 0 });
});

test('Argo hook annotation wins over Helm; unknown Helm hooks are not sync hooks', () => {
  const h = (a: Record<string, string>) => hookTypes(obj('batch/v1', 'Job', 'j', 'ns', a));
  assert.deepEqual(h({ 'argocd.argoproj.io/hook': 'PostSync', 'helm.sh/hook': 'pre-install' }), ['PostSync']);
  assert.deepEqual(h({ 'helm.sh/hook': 'pre-install,pre-upgrade' }), ['PreSync']);
  assert.deepEqual(h({ 'helm.sh/hook': 'test' }), []);
});

test('option lists: case-insensitive keys, later entries win, comma-separated strings', () => {
  const m = parseOptionList(['CreateNamespace=true,PruneLast=true', 'createnamespace=false']);
  assert.equal(m.get('createnamespace'), 'false');
  assert.equal(m.get('prunelast'), 'true');
  const r = resolveSyncOptions(app(['Prune=confirm', 'Validate=false']));
  assert.equal(r.pruneConfirm, true);
  assert.equal(r.validate, false);
  assert.equal(r.prune, false);
  const o = objectSyncOptions(obj('v1', 'ConfigMap', 'x', 'ns', { 'argocd.argoproj.io/sync-options': 'Prune=false, Delete=false' }));
  assert.equal(o.noPrune, 'Prune=false');
  assert.equal(o.noDelete, true);
});
