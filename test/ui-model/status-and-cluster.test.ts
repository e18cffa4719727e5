// Status bar summary and Cluster view rows in every state, from hand-built snapshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterNodes } from '../../src/ui-model/cluster-model.js';
import { statusSummary } from '../../src/ui-model/status-summary.js';
import { snapshot } from './builders.js';

test('status summary: hidden without a workspace, restricted and loading say so', () => {
  assert.equal(statusSummary('noWorkspace', undefined).visible, false);
  assert.match(statusSummary('restricted', undefined).text, /restricted/);
  assert.match(statusSummary('restricted', undefined).tooltip, /trusted/);
  assert.equal(statusSummary('loading', undefined).text, '$(loading~spin) Plumb');
});

test('status summary: counts OutOfSync and Degraded apps, lists a few names, the rest as a count', () => {
  const many = snapshot(Array.from({ length: 12 }, (_, i) => ({
    name: `a${String(i).padStart(2, '0')}`, result: { sync: i < 10 ? 'OutOfSync' as const : 'Synced' as const, health: { status: i === 0 ? 'Degraded' as const : 'Healthy' as const } },
  })));
  const s = statusSummary('ready', many);
  assert.equal(s.text, '$(cloud) kind-dev · 10 OutOfSync · 1 Degraded');
  assert.match(s.tooltip, /12 apps: 2 Synced, 10 OutOfSync, 0 Unknown/);
  assert.match(s.tooltip, /`a07` and 2 more/);
  assert.ok(!s.tooltip.includes('`a08`'));
  assert.equal(statusSummary('ready', snapshot([{ name: 'x' }])).text, '$(cloud) kind-dev · 1 Synced');
  assert.equal(statusSummary('ready', snapshot([])).text, '$(cloud) kind-dev');
});

test('status summary: reconnecting and unreachable states with the reason', () => {
  const rec = statusSummary('ready', snapshot([{ name: 'x' }], { connection: { state: 'reconnecting', context: 'prod', message: 'watch dropped, retrying' } }));
  assert.equal(rec.text, '$(sync~spin) prod · reconnecting');
  assert.equal(rec.background, 'warning');
  assert.match(rec.tooltip, /watch dropped, retrying/);
  const err = statusSummary('ready', snapshot([{ name: 'x' }], { connection: { state: 'error', message: 'connect ECONNREFUSED 127.0.0.1:6443' } }));
  assert.equal(err.text, '$(error) no context · unreachable');
  assert.equal(err.background, 'error');
  assert.match(err.tooltip, /ECONNREFUSED 127\\\.0\\\.0\\\.1:6443/);
});

test('cluster rows: context from the session or the setting, retry only when not connected', () => {
  const ok = clusterNodes({ state: 'connected', context: 'dev', server: 'https://k:6443', namespace: 'apps' });
  assert.deepEqual(ok.map((n) => n.id), ['cluster:context', 'cluster:server', 'cluster:namespace', 'cluster:connection']);
  assert.equal(ok[0]!.command?.id, 'plumb.switchContext');
  assert.equal(ok[3]!.command, undefined);
  assert.equal(ok[3]!.children, undefined);
  const rec = clusterNodes({ state: 'reconnecting', context: 'dev', message: 'watch closed' });
  assert.equal(rec.at(-1)!.description, 'reconnecting…: watch closed');
  assert.equal(rec.at(-1)!.icon.id, 'sync~spin');
  const off = clusterNodes({ state: 'error', message: 'no kubeconfig found' }, { configuredContext: 'prod' });
  assert.equal(off[0]!.description, 'prod');
  assert.match(off[0]!.tooltip!, /plumb\.context/);
  assert.deepEqual(off.map((n) => n.label), ['Context', 'Connection']);
  assert.equal(off[1]!.description, 'no kubeconfig found');
  assert.match(off[1]!.tooltip!, /^cannot reach the cluster\n\nno kubeconfig found$/);
  assert.equal(off[1]!.command?.id, 'plumb.refresh');
});
