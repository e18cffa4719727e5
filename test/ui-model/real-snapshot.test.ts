// The sidebar models built from real snapshots: the shop repository against the test cluster
// (storefront synced, then `kubectl set env` drift and a kubectl-applied Secret), and the same
// repository with an unreachable cluster.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { WorkspaceSession, type SessionSnapshot } from '../../src/engine/session/workspace-session.js';
import { AppsTree, walkAppsTree } from '../../src/ui-model/apps-tree.js';
import { clusterNodes } from '../../src/ui-model/cluster-model.js';
import { liveYaml } from '../../src/ui-model/live-document.js';
import { statusSummary } from '../../src/ui-model/status-summary.js';
import type { AppsTreeNode } from '../../src/ui-model/tree-nodes.js';
import { makeKubectl } from '../cluster/testing/kubectl.js';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';

const SECRET_VALUE = 'hunter2-not-for-eyes';
let env: SyncEnv;
let session: WorkspaceSession;
let snap: SessionSnapshot;

before(async () => {
  env = await startSyncEnv();
  await env.namespace('shop');
  await env.sync('storefront');
  const k = makeKubectl(env.tc);
  try {
    const set = await k.run(['-n', 'shop', 'set', 'env', 'deployment/web', 'LOG_LEVEL=debug']);
    assert.equal(set.code, 0, set.stderr);
    // kubectl apply keeps the whole Secret in its last-applied annotation: that copy must be masked too.
    const secret = await k.run(['apply', '-f', '-'], { stdin: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ui-test\n  namespace: shop\nstringData:\n  password: ${SECRET_VALUE}\n` });
    assert.equal(secret.code, 0, secret.stderr);
  } finally {
    k.dispose();
  }
  session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo }, kubeconfig: env.kubeconfig, debounceMs: 50 });
  snap = await session.refresh();
  assert.equal(snap.connection.state, 'connected');
});
after(async () => { session?.dispose(); await env.close(); });

const lineOf = (file: string, line: number) => readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';

test('real snapshot: the shop apps grouped by controller, storefront OutOfSync with its drifted env var', () => {
  const tree = new AppsTree({ snapshot: snap, grouping: 'controller' });
  assert.deepEqual(tree.roots.map((g) => g.label), ['Argo CD', 'Flux', 'Plain manifests']);
  const ids: string[] = [];
  const count = walkAppsTree(tree, (n) => ids.push(n.id));
  assert.equal(new Set(ids).size, count, 'every row has its own id');

  const storefront = tree.app('storefront')!;
  assert.equal(tree.parent(storefront)?.label, 'Argo CD');
  assert.match(storefront.contextValue, /^app outOfSync health\w+ argocd/);
  const resources = snap.status.apps.find((a) => a.name === 'storefront')!.resources;
  assert.match(storefront.description!, new RegExp(`^1/${resources.length} OutOfSync`));

  const web = tree.children(storefront).find((n): n is Extract<AppsTreeNode, { type: 'resource' }> => n.type === 'resource' && n.label === 'Deployment web')!;
  assert.equal(web.status, 'OutOfSync');
  assert.deepEqual(web.ref, { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' });
  // Click → the file that declares the Deployment, at a line of that object.
  assert.ok(web.open!.file.startsWith(env.repo));
  assert.match(readFileSync(web.open!.file, 'utf8'), /kind: Deployment/);

  const field = tree.children(web).find((n) => n.type === 'field' && n.label.includes('LOG_LEVEL'))!;
  assert.ok(field, JSON.stringify(tree.children(web).map((n) => n.label)));
  assert.match(field.description!, /^live debug · kubectl-set (just now|\d+ min ago)$/);
  // The field opens where Git declares LOG_LEVEL (the prod overlay's patch), at that line or its value's.
  const declared = [lineOf(field.open!.file, field.open!.line), lineOf(field.open!.file, field.open!.line + 1)].join('\n');
  assert.match(declared, /LOG_LEVEL|value:/, `${field.open!.file}:${field.open!.line}`);

  const synced = tree.children(storefront).filter((n) => n.type === 'resource' && n.status === 'Synced');
  assert.ok(synced.length > 0 && synced.every((n) => n.contextValue.startsWith('resource synced')));
});

test('real snapshot: grouped by namespace, status bar summary and cluster rows agree with the snapshot', () => {
  const byNs = new AppsTree({ snapshot: snap, grouping: 'namespace' });
  const shop = byNs.roots.find((g) => g.label === 'shop')!;
  assert.ok(byNs.children(shop).some((n) => n.label === 'storefront'));

  const off = snap.status.apps.filter((a) => a.sync === 'OutOfSync').map((a) => a.name);
  const s = statusSummary('ready', snap);
  assert.equal(s.text, `$(cloud) plumb-test · ${off.length} OutOfSync`);
  assert.match(s.tooltip, /`storefront`/);
  assert.equal(s.background, undefined);

  const nodes = clusterNodes(snap.connection);
  assert.deepEqual(nodes.map((n) => [n.label, n.description]), [
    ['Context', 'plumb-test'], ['Server', env.tc.url], ['Namespace', 'default'], ['Connection', 'connected']]);
});

test('real snapshot: live YAML without managedFields and with every Secret value masked', () => {
  const secret = session.live({ group: '', kind: 'Secret', namespace: 'shop', name: 'ui-test' });
  assert.ok(secret, 'Secrets are watched (the payments chart renders one)');
  assert.ok(secret.metadata?.managedFields?.length, 'the cached object has managedFields');
  const text = liveYaml(secret);
  assert.ok(!text.includes(SECRET_VALUE));
  assert.ok(!text.includes(Buffer.from(SECRET_VALUE).toString('base64')));
  assert.ok(!text.includes('managedFields'));
  assert.match(text, /password: "?\*\*\* \(masked\)"?/);
  assert.match(text, /last-applied-configuration: "?\*\*\* \(masked\)"?/);

  const web = liveYaml(session.live({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' })!);
  assert.match(web, /name: LOG_LEVEL\n\s+value: debug/);
  assert.ok(!web.includes('managedFields'));
});

test('real snapshot: an unreachable cluster — apps still listed (Unknown), error in the status bar and the Cluster view', async () => {
  const offline = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo, KUBECONFIG: '/nonexistent/kubeconfig' }, debounceMs: 50 });
  try {
    const s = await offline.refresh();
    assert.equal(s.connection.state, 'error');
    const tree = new AppsTree({ snapshot: s, grouping: 'controller' });
    const storefront = tree.app('storefront')!;
    assert.match(storefront.contextValue, /^app unknown healthUnknown argocd/);
    assert.match(storefront.description!, /^\d+ resources · \d+ Unknown$/);
    const summary = statusSummary('ready', s);
    assert.match(summary.text, /^\$\(error\) .* · unreachable$/);
    assert.equal(summary.background, 'error');
    const conn = clusterNodes(s.connection).find((n) => n.id === 'cluster:connection')!;
    assert.equal(conn.contextValue, 'clusterConnection error');
    assert.ok(conn.description!.includes(s.connection.message!));
    assert.deepEqual(conn.children?.map((c) => c.command?.id), ['plumb.refresh']);
  } finally {
    offline.dispose();
  }
});
