// `plumb rollback --break-glass` and the LIVE marker of `plumb history`, end to end: a Git copy of
// the sample repository and the simulated test cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';
import { STS, initRepo, plumbRunner } from './redis-repo.js';

const REDIS = { group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' };
let env: SyncEnv;
let git: (...args: string[]) => string;
let commitAll: (subject: string) => string;
const sha: Record<string, string> = {};

const plumb = plumbRunner(() => env);

const liveRedis = () => env.client.get(REDIS);
type HistoryJson = { liveRevision?: string; commits: Array<{ sha: string; live?: boolean }> };

before(async () => {
  assert.ok(process.stdin.isTTY !== true, 'these tests expect a non-TTY stdin');
  env = await startSyncEnv();
  ({ git, commitAll } = initRepo(env.repo));
  sha['A'] = commitAll('initial import');
  await env.namespace('infra');
  const a = await plumb('sync', 'redis', '--yes');
  assert.equal(a.code, 0, a.err);
  env.edit(STS, (s) => s.replace('replicas: 1', 'replicas: 3').replace('    app: redis\nspec:', '    app: redis\n    tier: cache\nspec:'));
  sha['B'] = commitAll('redis: three replicas');
});
after(async () => { await env?.close(); });

test('plumb sync records HEAD on the objects; plumb history --json marks HEAD live', async () => {
  const b = await plumb('sync', 'redis', '--yes');
  assert.equal(b.code, 0, b.err);
  assert.equal((await liveRedis()).metadata?.annotations?.['plumb.dev/revision'], sha['B'], b.out);
  const h = await plumb('history', 'redis', '--json');
  assert.equal(h.code, 0, h.err);
  const j = JSON.parse(h.out) as HistoryJson;
  assert.equal(j.liveRevision, sha['B']);
  assert.deepEqual(j.commits.map((c) => [c.sha, c.live]), [[sha['B'], true], [sha['A'], false]]);
  const t = await plumb('history', 'redis');
  assert.match(t.out, /LIVE\n/);
  assert.match(t.out.split('\n').find((l) => l.startsWith(sha['B']!.slice(0, 7))) ?? '', /LIVE$/);
});

test('history without a kubeconfig or with an unreachable cluster still lists the commits, unmarked', async () => {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: env.repo, env: { HOME: env.repo }, signal: new AbortController().signal };
  assert.equal(await main(['history', 'redis', '--json'], io), 0, err);
  const j = JSON.parse(out) as HistoryJson;
  assert.equal(j.liveRevision, undefined);
  assert.equal(j.commits.length, 2);
  assert.ok(j.commits.every((c) => c.live === undefined));
  out = ''; err = '';
  const bad = `${env.repo}/.unreachable-kubeconfig`;
  execFileSync('sh', ['-c', `cat > "${bad}" <<'K'
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
K`]);
  assert.equal(await main(['history', 'redis', '--kubeconfig', bad], io), 0, err);
  assert.match(out, /redis: three replicas/);
  assert.doesNotMatch(out, /LIVE/);
  assert.match(err, /could not be asked which commit is live/);
  execFileSync('rm', ['-f', bad]);
});

test('--break-glass without --yes on a non-TTY applies nothing and leaves no worktree', async () => {
  const r = await plumb('rollback', 'redis', '--to', sha['A']!, '--break-glass');
  assert.equal(r.code, 2);
  assert.match(r.err, /pass --yes/);
  assert.equal(r.writes, 0);
  assert.equal(git('worktree', 'list').split('\n').length, 1);
});

test('--break-glass --to A: the live object is A, HEAD and the tree are untouched, diff shows drift', async () => {
  const r = await plumb('rollback', 'redis', '--to', sha['A']!, '--break-glass', '--yes');
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /BREAK-GLASS: the cluster now differs from Git \(HEAD\)/);
  const live = await liveRedis();
  assert.equal((live.spec as { replicas?: number }).replicas, 1);
  assert.equal(live.metadata?.labels?.['tier'], undefined);
  assert.equal(live.metadata?.annotations?.['plumb.dev/revision'], sha['A']);
  assert.equal(live.metadata?.annotations?.['plumb.dev/break-glass'], 'true');
  assert.equal(git('rev-parse', 'HEAD'), sha['B']);
  assert.equal(git('rev-list', '--count', 'HEAD'), '2');
  assert.equal(git('status', '--porcelain'), '');
  assert.equal(git('worktree', 'list').split('\n').length, 1, git('worktree', 'list'));
  const d = await plumb('diff', 'redis', '--exit-code');
  assert.equal(d.code, 1, d.out + d.err);
  const h = JSON.parse((await plumb('history', 'redis', '--json')).out) as HistoryJson;
  assert.equal(h.liveRevision, sha['A']);
  // Syncing again brings Git back and drops the break-glass marker.
  const s = await plumb('sync', 'redis', '--yes');
  assert.equal(s.code, 0, s.err);
  const back = await liveRedis();
  assert.equal((back.spec as { replicas?: number }).replicas, 3);
  assert.equal(back.metadata?.annotations?.['plumb.dev/revision'], sha['B']);
  assert.equal(back.metadata?.annotations?.['plumb.dev/break-glass'], undefined);
});

test('--break-glass needs --to; an unknown commit is refused', async () => {
  const a = await plumb('rollback', 'redis', '--break-glass', '--yes');
  assert.equal(a.code, 2);
  assert.match(a.err, /--break-glass needs --to COMMIT/);
  const b = await plumb('rollback', 'redis', '--to', 'no-such-ref', '--break-glass', '--yes');
  assert.equal(b.code, 2);
  assert.match(b.err, /no-such-ref is not a commit/);
  assert.equal(b.writes, 0);
});
