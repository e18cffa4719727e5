// The Applications view models from hand-built snapshots: grouping, rows, facets, ids, lazy children.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppsTree, fieldDescription, fieldLabel, fieldSource, walkAppsTree } from '../../src/ui-model/apps-tree.js';
import { appRevision } from '../../src/ui-model/app-revision.js';
import { isAppArgs, isResourceArgs } from '../../src/ui-model/command-args.js';
import type { AppsTreeNode } from '../../src/ui-model/tree-nodes.js';
import type { KubeObject, ObjectRef } from '../../src/engine/types.js';
import { drift, resource, snapshot, syntheticSnapshot } from './builders.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');

const shop = () => snapshot([
  { name: 'web', controller: 'argocd', namespace: 'shop', result: {
    sync: 'OutOfSync', health: { status: 'Degraded', message: 'Deployment web: 0/3 ready' },
    resources: [
      resource('Service', 'web'),
      resource('Deployment', 'web', { status: 'OutOfSync', health: { status: 'Degraded' }, source: { file: 'apps/web/deploy.yaml', line: 4 },
        drift: [drift('spec.replicas', { desired: 3, live: 7, manager: 'kubectl-scale', time: '2026-11-26T11:58:00Z' }),
          drift('spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value', { desired: 'info', live: 'debug', manager: 'kubectl-set', time: '2026-11-26T09:00:00Z' })] }),
      resource('ConfigMap', 'gone', { status: 'Missing', source: { file: 'apps/web/cm.yaml', line: 1 } }),
      resource('ConfigMap', 'stray', { status: 'Extra' }),
    ],
    problems: [{ severity: 'warning', message: 'server-side dry-run failed', app: 'web', location: { file: 'apps/web/deploy.yaml', line: 9 } }],
  }, rendered: [{ object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } }, source: { file: 'apps/web/deploy.yaml', line: 4 },
    fieldSources: { 'spec.template.spec.containers[name=web].env[name=LOG_LEVEL]': { file: 'apps/web/patch.yaml', line: 12 } } }] },
  { name: 'cache', controller: 'flux', namespace: 'infra', result: { resources: [resource('StatefulSet', 'redis', { group: 'apps', namespace: 'infra' })] } },
  { name: 'zeta', controller: 'plain', result: { resources: [] } },
  { name: 'alpha', controller: 'plain', namespace: 'shop', result: { sync: 'Unknown', health: { status: 'Unknown' }, remote: { repoURL: 'https://x/y.git', reason: 'another repository' } } },
]);

test('apps tree: grouped by controller in a fixed order, apps by name, counts in the group row', () => {
  const tree = new AppsTree({ snapshot: shop(), grouping: 'controller', now: NOW });
  assert.deepEqual(tree.roots.map((g) => [g.label, g.description]), [['Argo CD', '1 app · 1 OutOfSync'], ['Flux', '1 app'], ['Plain manifests', '2 apps']]);
  assert.deepEqual(tree.children(tree.roots[2]).map((n) => n.label), ['alpha', 'zeta']);
  assert.equal(tree.appCount, 4);
});

test('apps tree: grouped by destination namespace, the group without one last', () => {
  const tree = new AppsTree({ snapshot: shop(), grouping: 'namespace', now: NOW });
  assert.deepEqual(tree.roots.map((g) => g.label), ['infra', 'shop', 'no namespace']);
  assert.deepEqual(tree.children(tree.roots[1]).map((n) => n.label), ['alpha', 'web']);
  assert.equal(tree.roots[0]!.contextValue, 'group namespace');
});

test('apps tree: an app row has sync icon, health badge, counts, facets, markdown tooltip with escaped names', () => {
  const tree = new AppsTree({ snapshot: shop(), grouping: 'controller', now: NOW, revisions: new Map([['web', '0123456789abcdef']]) });
  const web = tree.app('web')!;
  assert.equal(web.description, '0123456 · 3/4 OutOfSync · 1 problem');
  assert.deepEqual(web.icon, { id: 'warning', color: 'editorWarning.foreground' });
  assert.equal(web.badge?.text, 'D');
  assert.equal(web.badge?.color, 'errorForeground');
  assert.equal(web.contextValue, 'app outOfSync healthDegraded argocd hasProblems hasSource');
  assert.match(tree.tooltip(web)!, /Health: \*\*Degraded\*\* — Deployment web: 0\/3 ready/);
  assert.match(tree.tooltip(web)!, /Live revision: `0123456789ab`/);
  assert.equal(web.collapsible, 'collapsed');
  assert.ok(isAppArgs(web), 'an app row is the AppArgs of commands run on it');
  const alpha = tree.app('alpha')!;
  assert.equal(alpha.description, 'remote');
  assert.match(alpha.contextValue, /\bremote\b/);
  assert.equal(tree.app('zeta')!.collapsible, 'none');
  assert.equal(tree.app('zeta')!.description, '0 resources');
  const oddTree = new AppsTree({ snapshot: snapshot([{ name: 'my_app*[x](y)' }]), grouping: 'controller' });
  assert.match(oddTree.tooltip(oddTree.app('my_app*[x](y)')!)!, /^\*\*my\\_app\\\*\\\[x\\\]\\\(y\\\)\*\*/, 'markdown in names is shown literally');
});

test('apps tree: problems first, then resources by kind/namespace/name, each opening its source', () => {
  const tree = new AppsTree({ snapshot: shop(), grouping: 'controller', now: NOW });
  const kids = tree.children(tree.app('web'));
  assert.deepEqual(kids.map((k) => `${k.type}:${k.label}`), [
    'problem:server-side dry-run failed', 'resource:ConfigMap gone', 'resource:ConfigMap stray', 'resource:Deployment web', 'resource:Service web']);
  const [problem, gone, stray, deploy] = kids as [AppsTreeNode, AppsTreeNode, AppsTreeNode, AppsTreeNode];
  assert.deepEqual(problem.open, { file: '/repo/apps/web/deploy.yaml', line: 9 });
  assert.equal(problem.description, 'apps/web/deploy.yaml:9');
  assert.equal(gone.contextValue, 'resource missing hasSource');
  assert.equal(gone.description, 'shop · Missing');
  assert.equal(stray.contextValue, 'resource extra hasLive');
  assert.equal(stray.open, undefined);
  assert.equal(deploy.contextValue, 'resource outOfSync hasSource hasLive drifted');
  assert.equal(deploy.description, 'shop · OutOfSync (2)');
  assert.equal(deploy.tooltip, undefined, 'made on hover');
  assert.match(tree.tooltip(deploy)!, /^\*\*Deployment\*\* `shop\/web`\n\nStatus: OutOfSync, 2 drifted fields\n\nHealth: Degraded\n\nDeclared in `apps\/web\/deploy\.yaml:4`/);
  assert.equal(tree.tooltip(tree.roots[0]!), undefined);
  assert.deepEqual(deploy.open, { file: '/repo/apps/web/deploy.yaml', line: 4 });
  assert.ok(isResourceArgs(deploy));
  assert.deepEqual((deploy as { ref: ObjectRef }).ref, { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' });
});

test('apps tree: drifted fields under a resource, at their own declaring line or the nearest declared parent', () => {
  const tree = new AppsTree({ snapshot: shop(), grouping: 'controller', now: NOW });
  const deploy = tree.children(tree.app('web')).find((n) => n.label === 'Deployment web')!;
  const fields = tree.children(deploy);
  assert.deepEqual(fields.map((f) => [f.label, f.description]), [
    ['spec.replicas', 'live 7 · kubectl-scale 2 min ago'],
    ['…env[name=LOG_LEVEL].value', 'live debug · kubectl-set 3 h ago'],
  ]);
  // A selector's dots do not split the path; the tooltip keeps it whole.
  assert.equal(fieldLabel('metadata.labels[app.kubernetes.io/name]'), 'metadata.labels[app.kubernetes.io/name]');
  assert.equal(fieldLabel('a.b[x=1.2].c.d'), '…c.d');
  // spec.replicas has no field source: the resource's line; the env value: its patch.
  assert.deepEqual(fields[0]!.open, { file: '/repo/apps/web/deploy.yaml', line: 4 });
  assert.deepEqual(fields[1]!.open, { file: '/repo/apps/web/patch.yaml', line: 12 });
  assert.equal(fields[0]!.contextValue, 'field conflict hasSource');
  assert.match(tree.tooltip(fields[0]!)!, /Git: `3`/);
  assert.equal(tree.parent(fields[0]!)?.id, deploy.id);
  assert.equal(tree.parent(deploy)?.id, 'app:web');
});

test('apps tree: ids are stable across snapshots, children of a row from the previous tree resolve in the new one', () => {
  const a = new AppsTree({ snapshot: shop(), grouping: 'controller', now: NOW });
  const b = new AppsTree({ snapshot: shop(), grouping: 'controller', now: NOW });
  const ids = (t: AppsTree) => { const out: string[] = []; walkAppsTree(t, (n) => out.push(n.id)); return out; };
  assert.deepEqual(ids(a), ids(b));
  assert.equal(new Set(ids(a)).size, ids(a).length, 'ids are unique');
  const oldDeploy = a.children(a.app('web')).find((n) => n.type === 'resource' && n.label === 'Deployment web')!;
  assert.equal(b.children(oldDeploy).length, 2);
  // An app that disappeared: its stale row has no children rather than an error.
  const gone = new AppsTree({ snapshot: snapshot([]), grouping: 'controller' });
  assert.deepEqual(gone.children(oldDeploy), []);
  assert.deepEqual(gone.roots, []);
});

test('field description: values shortened, "not set live" for a removed field, orphaned noted', () => {
  assert.equal(fieldDescription(drift('data.big', { live: 'x'.repeat(100) }), NOW), `live ${'x'.repeat(39)}…`);
  assert.equal(fieldDescription(drift('spec.x', { desired: 1 }), NOW), 'not set live');
  assert.equal(fieldDescription(drift('spec.y', { live: { a: 1 }, kind: 'orphaned', manager: 'plumb', time: '2026-11-20T12:00:00Z' }), NOW), 'live {"a":1} · no longer in Git · plumb 6 d ago');
  assert.equal(fieldSource(undefined, 'a.b'), undefined);
  assert.deepEqual(fieldSource({ object: {}, fieldSources: { 'metadata.labels[app.kubernetes.io/name]': { file: 'f', line: 2 } } }, 'metadata.labels[app.kubernetes.io/name]'), { file: 'f', line: 2 });
});

test('app revision: an Argo CD Application\'s sync revision, else the most recent plumb apply', () => {
  const objs = new Map<string, KubeObject>();
  const key = (r: ObjectRef) => `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
  const live = (r: ObjectRef) => objs.get(key(r));
  const put = (o: KubeObject) => objs.set(key({ group: o.apiVersion?.includes('/') ? o.apiVersion.split('/')[0]! : '', kind: o.kind!, namespace: o.metadata?.namespace, name: o.metadata!.name! }), o);
  const stamped = (name: string, rev: string, time: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace: 'shop', annotations: { 'plumb.dev/revision': rev }, managedFields: [{ manager: 'plumb', operation: 'Apply', time }, { manager: 'kubectl-edit', operation: 'Update', time: '2030-01-01T00:00:00Z' }] } });
  put(stamped('a', 'old', '2026-01-01T00:00:00Z'));
  put(stamped('b', 'new', '2026-02-01T00:00:00Z'));
  const rendered = [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } }, { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } } }];
  const spec = { name: 'web', controller: 'plain' as const, source: { type: 'directory' as const, path: 'x' }, destination: { namespace: 'shop' } };
  assert.equal(appRevision(spec, rendered, live), 'new', 'the namespace comes from the destination; the later plumb apply wins');
  assert.equal(appRevision(spec, [], live), undefined);
  put({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'web', namespace: 'argocd' }, status: { sync: { revision: 'argo-sha' } } });
  assert.equal(appRevision({ ...spec, controller: 'argocd', owner: { kind: 'AppProject', namespace: 'argocd', name: 'default' } }, rendered, live), 'argo-sha');
});

test('apps tree: 1 000 apps × 10 resources build and walk fast, lazily', () => {
  const snap = syntheticSnapshot(1000, 10);
  const t0 = performance.now();
  const tree = new AppsTree({ snapshot: snap, grouping: 'controller' });
  const built = performance.now() - t0;
  const count = walkAppsTree(tree);
  const walked = performance.now() - t0;
  // 3 groups + 1000 apps + 10 000 resources + one drifted field on every 7th app.
  assert.equal(count, 3 + 1000 + 10_000 + Math.ceil(1000 / 7));
  // Bounds a loaded CI machine meets (the first-paint target; a quadratic slip would miss
  // them by far); the benchmark reports the real figures.
  assert.ok(built < 1000, `build took ${built} ms`);
  assert.ok(walked < 5000, `build + walk took ${walked} ms`);
});
