// `plumb reconcile` (self-heal without a controller) against the test server: apps with
// `autoSync: true` in .plumb.yaml are re-synced when kubectl makes them drift, prune only when
// enabled, failing corrections back off, and --watch stops cleanly when its signal aborts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import type { CliIO } from '../../../src/cli/command.js';
import { parseDuration } from '../../../src/cli/commands/reconcile.js';
import { reconcile, type ReconcileEvent } from '../../../src/engine/sync/reconcile.js';
import { makeKubectl, type Kubectl } from '../../cluster/testing/kubectl.js';
import { startSyncEnv, type SyncEnv } from './env.js';

let env: SyncEnv;
let kubectl: Kubectl;
before(async () => {
  env = await startSyncEnv();
  kubectl = makeKubectl(env.tc);
  env.edit('.plumb.yaml', (s) => s.replace('  - name: redis\n    path: infra\n    namespace: infra\n', '  - name: redis\n    path: infra\n    namespace: infra\n    autoSync: true\n'));
});
after(async () => { kubectl.dispose(); await env.close(); });

async function plumb(argv: string[], signal = new AbortController().signal, onOut?: (s: string) => void): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => { out += s; onOut?.(out); }, stderr: (s) => { err += s; }, color: false, cwd: env.repo,
    env: { HOME: env.repo, KUBECONFIG: env.kubeconfig }, signal,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const image = async () => {
  const sts = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  return (sts['spec'] as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image;
};
const exists = async (kind: string, namespace: string | undefined, name: string) => {
  try { await env.client.get({ group: '', kind, namespace, name }); return true; } catch { return false; }
};

test('parseDuration: s, m, h, ms and plain seconds; nonsense and < 1s refused', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('5'), 5_000);
  assert.throws(() => parseDuration('soon'), /not a duration/);
  assert.throws(() => parseDuration('500ms'), /at least 1s/);
});

test('usage: --watch or --once is required', async () => {
  const r = await plumb(['reconcile']);
  assert.equal(r.code, 2);
  assert.match(r.err, /pass --watch \(loop\) or --once/);
});

test('--once: the autoSync app is brought to Git, the others are left alone; kubectl drift is corrected and logged', async () => {
  const first = await plumb(['reconcile', '--once']);
  assert.equal(first.code, 0, first.out + first.err);
  assert.match(first.out, /pass 1: redis\n/);
  assert.match(first.out, /\[redis\] corrected: applied Namespace\/infra, applied Service\/infra\/redis, applied StatefulSet\.apps\/infra\/redis/);
  assert.equal(await exists('Namespace', undefined, 'platform'), false, 'platform-local has no autoSync');

  assert.equal((await kubectl.run(['-n', 'infra', 'set', 'image', 'statefulset/redis', 'redis=redis:6'])).code, 0);
  const healed = await plumb(['reconcile', '--once']);
  assert.equal(healed.code, 0, healed.err);
  assert.match(healed.out, /\[redis\] drift: update StatefulSet\.apps\/infra\/redis\n/);
  assert.match(healed.out, /\[redis\] corrected: applied StatefulSet\.apps\/infra\/redis\n/);
  assert.equal(await image(), 'redis:7.2-alpine');

  const quiet = await plumb(['reconcile', '--once']);
  assert.doesNotMatch(quiet.out, /corrected|drift/);
  assert.match(quiet.out, /done: 1 pass\(es\), 0 correction\(s\), 0 failure\(s\)/);
});

test('never prunes unless the app enables it', async () => {
  env.edit('infra/kustomization.yaml', (s) => s.replace('  - redis-service.yaml\n', ''));
  const kept = await plumb(['reconcile', '--once']);
  assert.equal(kept.code, 0, kept.err);
  assert.doesNotMatch(kept.out, /pruned/);
  assert.equal(await exists('Service', 'infra', 'redis'), true);
  env.edit('.plumb.yaml', (s) => s.replace('    autoSync: true\n', '    autoSync: true\n    prune: true\n'));
  const pruned = await plumb(['reconcile', '--once']);
  assert.match(pruned.out, /\[redis\] corrected: pruned Service\/infra\/redis/);
  assert.equal(await exists('Service', 'infra', 'redis'), false);
  env.edit('infra/kustomization.yaml', (s) => s.replace('resources:\n', 'resources:\n  - redis-service.yaml\n'));
  env.edit('.plumb.yaml', (s) => s.replace('    prune: true\n', ''));
});

test('--watch corrects drift as it appears and stops cleanly when its signal aborts', async () => {
  const ac = new AbortController();
  let drifted = false;
  const run = plumb(['reconcile', '--watch', '--interval', '1s'], ac.signal, (out) => {
    // After the first pass (it restores the Service), make drift once; stop after it is corrected.
    if (!drifted && /next pass in 1s/.test(out)) {
      drifted = true;
      void kubectl.run(['-n', 'infra', 'set', 'image', 'statefulset/redis', 'redis=redis:5']);
    }
    if (/\[redis\] corrected: applied StatefulSet/.test(out)) ac.abort();
  });
  const timer = setTimeout(() => ac.abort(), 15_000);
  const r = await run;
  clearTimeout(timer);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /\[redis\] corrected: applied Service\/infra\/redis/);
  assert.match(r.out, /\[redis\] corrected: applied StatefulSet\.apps\/infra\/redis/);
  assert.match(r.out, /stopped: \d+ pass\(es\), 2 correction\(s\), 0 failure\(s\)/);
  assert.equal(await image(), 'redis:7.2-alpine');
});

test('a failing correction backs off exponentially (interval, then doubled)', async () => {
  // An object Git puts in a namespace that does not exist: every apply fails with 404.
  env.write('infra/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  namespace: nowhere\ndata:\n  a: "1"\n');
  env.edit('infra/kustomization.yaml', (s) => s.replace('resources:\n', 'resources:\n  - broken.yaml\n'));
  const ac = new AbortController();
  const events: ReconcileEvent[] = [];
  const timer = setTimeout(() => ac.abort(), 4_500);
  try {
    const summary = await reconcile({ repoRoot: env.repo, client: env.client, signal: ac.signal, intervalMs: 1000, onEvent: (e) => events.push(e) });
    assert.ok(summary.failures >= 2, JSON.stringify(summary));
  } finally {
    clearTimeout(timer);
    env.edit('infra/kustomization.yaml', (s) => s.replace('  - broken.yaml\n', ''));
  }
  const failed = events.filter((e): e is Extract<ReconcileEvent, { type: 'failed' }> => e.type === 'failed');
  assert.deepEqual(failed.slice(0, 2).map((e) => e.retryInMs), [1000, 2000]);
  assert.match(failed[0]!.message, /ConfigMap nowhere\/broken: namespaces "nowhere" not found/);
  // Between the 2nd failure and its retry 2 s later, a 1 s pass skips the app.
  assert.ok(events.some((e) => e.type === 'skipped' && /backing off after 2 failed correction/.test(e.reason)), JSON.stringify(events.map((e) => e.type)));
});
