// The editor's long-lived session against the test server: first snapshot, a kubectl change
// arriving through the watch as a new snapshot, a Git edit re-rendered, an unreachable cluster.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WorkspaceSession, type SessionSnapshot } from '../../../src/engine/session/workspace-session.js';
import { makeKubectl } from '../../cluster/testing/kubectl.js';
import { startSyncEnv, type SyncEnv } from '../sync/env.js';

let env: SyncEnv;
before(async () => {
  env = await startSyncEnv();
  await env.namespace('shop');
  await env.sync('storefront');
});
after(async () => { await env.close(); });

function nextSnapshot(session: WorkspaceSession, pred: (s: SessionSnapshot) => boolean, timeoutMs = 15_000): Promise<SessionSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('no matching snapshot in time')); }, timeoutMs);
    const off = session.onDidChange((s) => { if (pred(s)) { clearTimeout(timer); off(); resolve(s); } });
  });
}

const app = (s: SessionSnapshot, name: string) => s.status.apps.find((a) => a.name === name);

test('session: Synced first, then live drift from kubectl arrives by watch, then a Git edit re-renders', async () => {
  const session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo }, kubeconfig: env.kubeconfig, debounceMs: 50 });
  try {
    const first = await session.refresh();
    assert.equal(first.connection.state, 'connected');
    assert.equal(app(first, 'storefront')?.sync, 'Synced', JSON.stringify(app(first, 'storefront')?.resources.filter((r) => r.status !== 'Synced')));
    assert.ok((first.rendered.get('storefront') ?? []).some((r) => r.object.kind === 'Deployment' && r.source));

    const drifted = nextSnapshot(session, (s) => app(s, 'storefront')?.sync === 'OutOfSync');
    const kubectl = makeKubectl(env.tc);
    const scaled = await kubectl.run(['-n', 'shop', 'set', 'env', 'deployment/web', 'LOG_LEVEL=debug']);
    kubectl.dispose();
    assert.equal(scaled.code, 0, scaled.stderr);
    const s2 = await drifted;
    const web = app(s2, 'storefront')!.resources.find((r) => r.kind === 'Deployment' && r.name === 'web')!;
    assert.equal(web.status, 'OutOfSync');
    const env0 = web.drift.find((d) => d.path.startsWith('spec.template.spec.containers[name=web].env[name=LOG_LEVEL]'));
    assert.ok(env0, JSON.stringify(web.drift));
    assert.equal(env0.manager, 'kubectl-set');
    assert.ok(s2.seq > first.seq);

    const before = s2.specs.length;
    env.write('apps/extra/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: shop\ndata:\n  a: "1"\n');
    env.addApp('extra', 'apps/extra', 'shop');
    const rerendered = nextSnapshot(session, (s) => s.specs.length === before + 1);
    session.filesChanged();
    const s3 = await rerendered;
    assert.equal(app(s3, 'extra')?.sync, 'OutOfSync');
    assert.equal(app(s3, 'extra')?.resources[0]?.status, 'Missing');
  } finally {
    session.dispose();
  }
});

test('session: an unreachable cluster is a connection error with the reason, apps still render offline', async () => {
  const session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo, KUBECONFIG: '/nonexistent/kubeconfig' }, debounceMs: 50 });
  try {
    const s = await session.refresh();
    assert.equal(s.connection.state, 'error');
    assert.ok(s.connection.message && s.connection.message.length > 0);
    assert.equal(app(s, 'storefront')?.sync, 'Unknown');
    assert.ok((app(s, 'storefront')?.resources.length ?? 0) > 0);
  } finally {
    session.dispose();
  }
});
