// `plumb rollback APP --to COMMIT` end to end: a Git copy of the sample repository, the simulated
// test cluster, a change synced live, then rolled back by a revert commit and a sync.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';
import { STS, initRepo, plumbRunner } from './redis-repo.js';

let env: SyncEnv;
let git: (...args: string[]) => string;
let commitAll: (subject: string) => string;
const sha: Record<string, string> = {};
const remotes: string[] = [];

const plumb = plumbRunner(() => env);

const liveReplicas = async () => {
  const o = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  return (o?.spec as { replicas?: number } | undefined)?.replicas;
};
const syncState = async () => (JSON.parse((await plumb('status', 'redis', '--json')).out) as { apps: Array<{ sync: string }> }).apps[0]!.sync;

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
  const b = await plumb('sync', 'redis', '--yes');
  assert.equal(b.code, 0, b.err);
  assert.equal(await liveReplicas(), 3);
});
after(async () => {
  await env?.close();
  for (const r of remotes) rmSync(r, { recursive: true, force: true });
});

test('a non-TTY without --to exits 2 with "pass --to COMMIT" and changes nothing', async () => {
  const r = await plumb('rollback', 'redis');
  assert.equal(r.code, 2);
  assert.match(r.err, /pass --to COMMIT/);
  assert.equal(git('rev-parse', 'HEAD'), sha['B']);
  assert.equal(r.writes, 0);
});

test('a non-TTY with --to but without --yes lists the commits, exits 2 and changes nothing', async () => {
  const r = await plumb('rollback', 'redis', '--to', sha['A']!);
  assert.equal(r.code, 2);
  assert.match(r.out, /reverts 1 commit\(s\)/);
  assert.match(r.out, /redis: three replicas/);
  assert.match(r.err, /pass --yes/);
  assert.equal(git('rev-parse', 'HEAD'), sha['B']);
  assert.equal(git('status', '--porcelain'), '');
  assert.equal(r.writes, 0);
});

test('a dirty tree is refused with exit 2; no commit, the edit is kept', async () => {
  env.edit(STS, (s) => s + '# local edit\n');
  try {
    const r = await plumb('rollback', 'redis', '--to', sha['A']!, '--yes');
    assert.equal(r.code, 2);
    assert.match(r.err, /uncommitted changes \(infra\/redis-statefulset\.yaml\)/);
    assert.equal(git('rev-parse', 'HEAD'), sha['B']);
    assert.equal(r.writes, 0);
    assert.match(git('show', `HEAD:${STS}`), /replicas: 3/);
  } finally {
    env.edit(STS, (s) => s.replace('# local edit\n', ''));
  }
  assert.equal(git('status', '--porcelain'), '');
});

test('an unknown commit is refused with exit 2', async () => {
  const r = await plumb('rollback', 'redis', '--to', 'no-such-ref', '--yes');
  assert.equal(r.code, 2);
  assert.match(r.err, /no-such-ref is not a commit/);
  assert.equal(git('rev-parse', 'HEAD'), sha['B']);
});

test('--to A --yes: one new revert commit after B, the file equals A, the live object is back and Synced', async () => {
  assert.equal(await syncState(), 'Synced');
  const r = await plumb('rollback', 'redis', '--to', sha['A']!, '--yes');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Created \w+: Revert redis to/);
  assert.match(r.out, /Sync plan for redis/);
  assert.match(r.out, /\[redis\] sync Succeeded/);
  const head = git('rev-parse', 'HEAD');
  assert.notEqual(head, sha['B']);
  assert.equal(git('rev-parse', 'HEAD~1'), sha['B']);
  assert.equal(git('rev-parse', 'HEAD~2'), sha['A']);
  assert.match(git('log', '-1', '--format=%B'), new RegExp(`This reverts commit ${sha['B']}`));
  assert.equal(git('diff', sha['A']!, 'HEAD', '--', STS), '');
  assert.equal(git('status', '--porcelain'), '');
  assert.equal(await liveReplicas(), 1);
  const live = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  assert.equal(live?.metadata?.labels?.['tier'], undefined);
  assert.equal(await syncState(), 'Synced');
});

test('--push pushes the branch; a failing push is reported, the commit stays', async () => {
  env.edit(STS, (s) => s.replace('replicas: 1', 'replicas: 2'));
  const c = commitAll('redis: two replicas');
  const bad = await plumb('rollback', 'redis', '--to', 'HEAD~1', '--yes', '--push', '--json');
  assert.equal(bad.code, 1, bad.err);
  const j = JSON.parse(bad.out) as { commit: string; pushed: boolean; problems: Array<{ message: string }> };
  assert.equal(j.pushed, false);
  assert.ok(j.problems.some((p) => /push failed: .*only local/.test(p.message)), JSON.stringify(j.problems));
  assert.equal(git('rev-parse', 'HEAD~1'), c);

  const remote = mkdtempSync(join(tmpdir(), 'plumb-remote-'));
  remotes.push(remote);
  execFileSync('git', ['init', '-q', '--bare', remote]);
  git('remote', 'add', 'origin', remote);
  env.edit(STS, (s) => s.replace('replicas: 1', 'replicas: 2'));
  commitAll('redis: two replicas again');
  const ok = await plumb('rollback', 'redis', '--to', 'HEAD~1', '--yes', '--push');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /Pushed main/);
  assert.equal(execFileSync('git', ['rev-parse', 'main'], { cwd: remote, encoding: 'utf8' }).trim(), git('rev-parse', 'HEAD'));
});

test('a revert that conflicts exits 2, restores the tree and lists the conflicting files', async () => {
  const before = git('rev-parse', 'HEAD');
  env.edit(STS, (s) => s.replace('replicas: 1', 'replicas: 4'));
  env.edit('README.md', (s) => s.replace(/^.*$/m, '# Shop (edited with redis)'));
  const c = commitAll('redis and readme');
  env.edit('README.md', (s) => s.replace(/^.*$/m, '# Shop (edited again)'));
  const d = commitAll('readme only');
  const r = await plumb('rollback', 'redis', '--to', before, '--yes');
  assert.equal(r.code, 2, r.out);
  assert.match(r.err, /conflicts with later changes in README\.md/);
  assert.match(r.err, /Conflicting files \(the tree was restored\):\n {2}README\.md/);
  assert.equal(git('rev-parse', 'HEAD'), d);
  assert.equal(git('rev-parse', 'HEAD~1'), c);
  assert.equal(git('status', '--porcelain'), '');
  assert.equal(r.writes, 0);
});
