// The rollback flow (Plumb: Rollback…) on a Git copy of the sample repository with the test
// cluster: refused on a dirty tree, history pick with the live commit marked, a revert commit
// (history kept, nothing pushed), then the sync flow puts the old state live.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WorkspaceSession } from '../../../src/engine/session/workspace-session.js';
import { REVERT_AND_SYNC, rollbackFlow } from '../../../src/ui-model/flows/rollback-flow.js';
import { syncFlow } from '../../../src/ui-model/flows/sync-flow.js';
import { STS, initRepo } from '../../cli/redis-repo.js';
import { startSyncEnv, writesIn, type SyncEnv } from '../../engine/sync/env.js';
import { depsFor, openSession } from './scripted.js';

let env: SyncEnv;
let session: WorkspaceSession;
let git: (...args: string[]) => string;
const sha: Record<string, string> = {};

const liveReplicas = async () =>
  ((await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' }))['spec'] as { replicas?: number }).replicas;

before(async () => {
  env = await startSyncEnv();
  let commitAll: (s: string) => string;
  ({ git, commitAll } = initRepo(env.repo));
  sha['A'] = commitAll('initial import');
  session = await openSession(env);
  const a = await syncFlow(depsFor(session, { confirm: [true] }), { app: 'redis' });
  assert.equal(a.outcome, 'succeeded', a.message);
  env.edit(STS, (s) => s.replace('replicas: 1', 'replicas: 3'));
  sha['B'] = commitAll('redis: three replicas');
  const b = await syncFlow(depsFor(session, { confirm: [true] }), { app: 'redis' });
  assert.equal(b.outcome, 'succeeded', b.message);
  assert.equal(await liveReplicas(), 3);
});
after(async () => {
  session?.dispose();
  await env?.close();
});

test('a dirty tree is refused with the reason before any question; nothing changes', async () => {
  env.edit(STS, (s) => s + '# local edit\n');
  try {
    const deps = depsFor(session, {});
    const mark = env.tc.requestLog.length;
    const r = await rollbackFlow(deps, { app: 'redis', to: sha['A']! });
    assert.equal(r.outcome, 'refused', r.message);
    assert.match(r.message, /^Rollback refused: .*uncommitted changes \(infra\/redis-statefulset\.yaml\)/);
    assert.equal(deps.prompt.asked.length, 0);
    assert.equal(git('rev-parse', 'HEAD'), sha['B']);
    assert.equal(writesIn(env.tc.requestLog.slice(mark)).length, 0);
  } finally {
    env.edit(STS, (s) => s.replace('# local edit\n', ''));
  }
  assert.equal(git('status', '--porcelain'), '');
});

test('declining the revert changes nothing', async () => {
  const deps = depsFor(session, { confirm: [false] });
  const r = await rollbackFlow(deps, { app: 'redis', to: sha['A']! });
  assert.equal(r.outcome, 'declined');
  assert.equal(git('rev-parse', 'HEAD'), sha['B']);
});

test('without a target: pick from the history (live commit marked), confirm the listed commits, one revert commit, then sync', async () => {
  const deps = depsFor(session, {
    pick: [(items) => items.find((i) => i.value === sha['A'])?.value],
    confirm: [true, true],
  });
  const r = await rollbackFlow(deps, { app: 'redis' });
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.deepEqual(deps.prompt.asked.map((a) => a.kind), ['pick', 'confirm', 'confirm']);

  const pick = deps.prompt.asked[0]!;
  assert.ok(pick.kind === 'pick');
  assert.deepEqual(pick.items.map((i) => i.value), [sha['B'], sha['A']]);
  assert.match(pick.items[0]!.description ?? '', /live in the cluster · HEAD/);
  assert.doesNotMatch(pick.items[1]!.description ?? '', /live/);

  const revert = deps.prompt.asked[1]!;
  assert.ok(revert.kind === 'confirm');
  assert.match(revert.message, new RegExp(`^Roll redis back to ${sha['A']!.slice(0, 7)}[0-9a-f]* \\(initial import\\)\\?$`));
  assert.match(revert.detail, /One new commit reverts 1 commit\(s\); history is not rewritten and nothing is pushed:\n[0-9a-f]+ {2}redis: three replicas/);
  assert.equal(revert.action, REVERT_AND_SYNC);
  const sync = deps.prompt.asked[2]!;
  assert.equal(sync.kind === 'confirm' && sync.message, 'Sync redis to context "plumb-test"?');

  // History kept: the revert sits on top of B; the tree is clean; nothing was pushed (no remote).
  assert.equal(git('rev-parse', 'HEAD^'), sha['B']);
  assert.equal(git('rev-parse', 'HEAD'), r.commit);
  assert.equal(git('status', '--porcelain'), '');
  assert.equal(git('remote'), '');
  assert.match(git('show', `HEAD:${STS}`), /replicas: 1/);
  assert.match(r.message, /^Created [0-9a-f]+ \(reverts 1 commit\(s\)\)\. Synced redis to "plumb-test"/);
  assert.equal(await liveReplicas(), 1);
  // The objects record the revert commit as their revision.
  const sts = await env.client.get({ group: 'apps', kind: 'StatefulSet', namespace: 'infra', name: 'redis' });
  assert.equal(sts.metadata?.annotations?.['plumb.dev/revision'], r.commit);
});

test('a target that is already the state of HEAD is refused without a commit', async () => {
  const head = git('rev-parse', 'HEAD');
  const r = await rollbackFlow(depsFor(session, {}), { app: 'redis', to: head });
  assert.equal(r.outcome, 'refused', r.message);
  assert.equal(git('rev-parse', 'HEAD'), head);
});
