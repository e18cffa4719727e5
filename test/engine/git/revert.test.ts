// revertRange: one new revert commit that brings the app's files back to the target; refusals
// leave everything untouched; conflicts are aborted cleanly.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { revertRange, workingTreeState } from '../../../src/engine/git/index.js';
import { tempRepo, type TempRepo } from './repo.js';

const signal = new AbortController().signal;

/** Three app commits after the target, interleaved with another app's commit. */
function shopRepo(): { r: TempRepo; target: string; shaAfter: string[] } {
  const r = tempRepo();
  r.commit('initial', { 'apps/shop/deploy.yaml': 'image: shop:1\n', 'apps/shop/svc.yaml': 'port: 80\n', 'apps/blog/deploy.yaml': 'image: blog:1\n', 'base/common.yaml': 'common: 1\n' });
  const target = r.commit('shop: v1.1', { 'apps/shop/deploy.yaml': 'image: shop:1.1\n' });
  const a = r.commit('shop: v2', { 'apps/shop/deploy.yaml': 'image: shop:2\n' });
  r.commit('blog: v2', { 'apps/blog/deploy.yaml': 'image: blog:2\n' });
  const b = r.commit('shop: new configmap, port 8080', { 'apps/shop/cm.yaml': 'k: v\n', 'apps/shop/svc.yaml': 'port: 8080\n' });
  const c = r.commit('shop: broken image; bump base', { 'apps/shop/deploy.yaml': 'image: shop:broken\n', 'base/common.yaml': 'common: 2\n' });
  return { r, target, shaAfter: [c, b, a] };
}

function fileAt(r: TempRepo, rev: string, path: string): string | undefined {
  try {
    return r.git('show', `${rev}:${path}`);
  } catch {
    return undefined;
  }
}

test('success: one new commit, app files equal the target revision, other apps untouched', async () => {
  const { r, target, shaAfter } = shopRepo();
  try {
    const before = r.git('rev-parse', 'HEAD');
    const res = await revertRange(r.dir, { target, paths: ['apps/shop', 'base/common.yaml'], app: 'shop', signal });
    assert.equal(res.ok, true, JSON.stringify(res));
    if (!res.ok) return;
    // a new commit on top, history kept
    assert.equal(r.git('rev-parse', 'HEAD'), res.commit);
    assert.equal(r.git('rev-parse', 'HEAD~1'), before);
    assert.equal(r.git('rev-list', '--count', 'HEAD'), '7');
    assert.deepEqual(res.reverted.map((c) => c.sha), shaAfter);
    assert.equal(res.target, target);
    // app files equal the target's
    for (const f of ['apps/shop/deploy.yaml', 'apps/shop/svc.yaml', 'apps/shop/cm.yaml', 'base/common.yaml']) {
      assert.equal(fileAt(r, 'HEAD', f), fileAt(r, target, f), f);
    }
    assert.equal(r.git('diff', '--stat', target, 'HEAD', '--', 'apps/shop', 'base'), '');
    assert.equal(existsSync(join(r.dir, 'apps/shop/cm.yaml')), false);
    // blog's later commit survives
    assert.equal(r.read('apps/blog/deploy.yaml'), 'image: blog:2\n');
    assert.deepEqual(res.outsidePaths, []);
    assert.deepEqual(res.warnings, []);
    // message
    const short = r.git('rev-parse', '--short', target);
    assert.equal(r.git('log', '-1', '--format=%s'), `Revert shop to ${short}: shop: v1.1`);
    const body = r.git('log', '-1', '--format=%B');
    for (const sha of shaAfter) assert.ok(body.includes(`This reverts commit ${sha}.`));
    assert.equal(res.message.split('\n')[0], `Revert shop to ${short}: shop: v1.1`);
    // tree clean, nothing left in progress
    const st = await workingTreeState(r.dir, signal);
    assert.equal(st.dirty, false);
    assert.equal(st.revertInProgress, false);
  } finally {
    r.close();
  }
});

test('commits that also touched files outside the paths: reverted whole, and reported', async () => {
  const { r, target } = shopRepo();
  try {
    const res = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.ok(res.ok);
    if (!res.ok) return;
    assert.deepEqual(res.outsidePaths, ['base/common.yaml']);
    assert.equal(res.warnings.length, 1);
    assert.match(res.warnings[0]!.message, /also touched files outside app shop; they are reverted too: base\/common\.yaml/);
    assert.equal(r.read('apps/shop/deploy.yaml'), 'image: shop:1.1\n');
  } finally {
    r.close();
  }
});

test('refuses on a dirty tree, naming the files; untracked files alone do not block', async () => {
  const { r, target } = shopRepo();
  try {
    const head = r.git('rev-parse', 'HEAD');
    r.write('apps/blog/deploy.yaml', 'local edit\n');
    const res = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.equal(res.reason, 'dirty');
    assert.deepEqual(res.files, ['apps/blog/deploy.yaml']);
    assert.match(res.problem.message, /cannot roll back app shop: the working tree has uncommitted changes \(apps\/blog\/deploy\.yaml\); commit or stash them first/);
    assert.equal(res.problem.app, 'shop');
    assert.equal(r.git('rev-parse', 'HEAD'), head);
    assert.equal(r.read('apps/blog/deploy.yaml'), 'local edit\n');

    r.git('checkout', '--', 'apps/blog/deploy.yaml');
    r.write('notes.txt', 'untracked\n');
    const ok = await revertRange(r.dir, { target, paths: ['apps/shop'], signal });
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.equal(r.read('notes.txt'), 'untracked\n');
  } finally {
    r.close();
  }
});

test('refuses while a merge is in progress', async () => {
  const { r, target } = shopRepo();
  try {
    r.git('checkout', '-q', '-b', 'side', 'HEAD~1');
    r.commit('side edit', { 'apps/shop/deploy.yaml': 'image: side\n' });
    r.git('checkout', '-q', 'main');
    assert.throws(() => r.git('merge', 'side'));
    const res = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.equal(res.reason, 'operation-in-progress');
    assert.match(res.problem.message, /a merge is in progress; finish it or abort it \(git merge --abort\) first/);
    assert.equal((await workingTreeState(r.dir, signal)).mergeInProgress, true);
  } finally {
    r.close();
  }
});

test('refuses a target that is not an ancestor of HEAD, an unknown one, HEAD itself, and detached HEAD', async () => {
  const { r, target } = shopRepo();
  try {
    r.git('checkout', '-q', '-b', 'elsewhere', target);
    const stray = r.commit('elsewhere', { 'apps/shop/deploy.yaml': 'image: stray\n' });
    r.git('checkout', '-q', 'main');
    const head = r.git('rev-parse', 'HEAD');
    const cases: Array<[string, string, RegExp]> = [
      [stray, 'not-ancestor', /cannot roll back app shop to [0-9a-f]{7,}: it is not an ancestor of HEAD/],
      ['no-such-commit', 'unknown-target', /no-such-commit is not a commit in this repository/],
      ['--help', 'unknown-target', /--help is not a commit/],
      [head, 'already-at-target', /app shop is already at [0-9a-f]{7,}: it is HEAD/],
      ['HEAD', 'already-at-target', /it is HEAD/],
    ];
    for (const [t, reason, message] of cases) {
      const res = await revertRange(r.dir, { target: t, paths: ['apps/shop'], app: 'shop', signal });
      assert.equal(res.ok, false, t);
      if (res.ok) continue;
      assert.equal(res.reason, reason, t);
      assert.match(res.problem.message, message);
    }
    // nothing after the target touched blog's files
    const blogTarget = r.git('rev-parse', 'HEAD~1');
    const none = await revertRange(r.dir, { target: blogTarget, paths: ['apps/blog'], app: 'blog', signal });
    assert.equal(!none.ok && none.reason, 'nothing-to-revert');
    r.git('checkout', '-q', '--detach', 'HEAD');
    const det = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.equal(!det.ok && det.reason, 'detached');
    assert.equal(r.git('rev-parse', 'HEAD'), head);
  } finally {
    r.close();
  }
});

test('a conflict aborts cleanly: no commit, tree and index as before, conflicting files reported', async () => {
  const r = tempRepo();
  try {
    r.commit('initial', { 'apps/shop/deploy.yaml': 'image: shop:1\n', 'apps/shop/svc.yaml': 'port: 80\n', 'base/common.yaml': 'common: 1\n' });
    const target = r.commit('target', { 'apps/shop/deploy.yaml': 'image: shop:1.1\n' });
    const c = r.commit('shop v2 and base', { 'apps/shop/deploy.yaml': 'image: shop:2\n', 'base/common.yaml': 'common: 2\n' });
    r.commit('base only (not the app)', { 'base/common.yaml': 'common: 3\n' });
    r.commit('shop port', { 'apps/shop/svc.yaml': 'port: 8080\n' }); // newest: reverts cleanly first
    r.write('untracked.txt', 'keep me\n');
    const head = r.git('rev-parse', 'HEAD');
    const res = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.equal(res.reason, 'conflict');
    assert.deepEqual(res.conflicts, ['base/common.yaml']);
    assert.equal(res.conflictAt?.sha, c);
    assert.match(res.problem.message, /cannot roll back app shop to [0-9a-f]+: reverting [0-9a-f]+ \(shop v2 and base\) conflicts with later changes in base\/common\.yaml; nothing was changed/);
    // exactly as before: same HEAD, no staged or unstaged change (the first, clean revert undone too)
    assert.equal(r.git('rev-parse', 'HEAD'), head);
    const st = await workingTreeState(r.dir, signal);
    assert.equal(st.dirty, false, JSON.stringify(st.files));
    assert.equal(st.revertInProgress, false);
    assert.deepEqual(st.files.map((f) => f.path), ['untracked.txt']);
    assert.equal(r.read('apps/shop/svc.yaml'), 'port: 8080\n');
    assert.equal(r.read('base/common.yaml'), 'common: 3\n');
    assert.equal(r.read('untracked.txt'), 'keep me\n');
  } finally {
    r.close();
  }
});

test('abort before start: AbortError, nothing changed', async () => {
  const { r, target } = shopRepo();
  try {
    const head = r.git('rev-parse', 'HEAD');
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(revertRange(r.dir, { target, paths: ['apps/shop'], signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    assert.equal(r.git('rev-parse', 'HEAD'), head);
  } finally {
    r.close();
  }
});

test('abort in the middle of the revert sequence: AbortError, the tree is restored', async () => {
  for (const abortAt of [1, 2, 3, 4]) {
    const { r, target } = shopRepo();
    try {
      const head = r.git('rev-parse', 'HEAD');
      // A signal that fires the n-th time revertRange checks it between writing steps, so the abort
      // lands deterministically after some reverts were applied to the index.
      const ac = new AbortController();
      let checks = 0;
      const sig = new Proxy(ac.signal, {
        get(t, p) {
          if (p === 'throwIfAborted') {
            return () => {
              if (++checks === abortAt) ac.abort();
              t.throwIfAborted();
            };
          }
          const v: unknown = Reflect.get(t, p, t);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
        },
      });
      await assert.rejects(revertRange(r.dir, { target, paths: ['apps/shop'], signal: sig }), (e: unknown) => (e as Error).name === 'AbortError', `abortAt ${abortAt}`);
      assert.equal(checks, abortAt);
      assert.equal(r.git('rev-parse', 'HEAD'), head);
      const st = await workingTreeState(r.dir, signal);
      assert.equal(st.dirty, false, `abortAt ${abortAt}: ${JSON.stringify(st.files)}`);
      assert.equal(st.revertInProgress, false);
      assert.equal(r.read('apps/shop/deploy.yaml'), 'image: shop:broken\n');
    } finally {
      r.close();
    }
  }
});

test('merges in the range are not reverted: a warning when the app still differs, a refusal when only merges changed it', async () => {
  const r = tempRepo();
  try {
    r.commit('initial', { 'apps/shop/deploy.yaml': 'image: shop:1\n', 'other.txt': '1\n' });
    const target = r.commit('target', { 'apps/shop/deploy.yaml': 'image: shop:1.1\n' });
    r.git('checkout', '-q', '-b', 'side');
    r.commit('side', { 'other.txt': '2\n' });
    r.git('checkout', '-q', 'main');
    r.commit('main', { 'other.txt': '1\n', 'x.txt': 'x\n' });
    // an "evil" merge: it changes the app's file itself
    r.git('merge', '-q', '--no-ff', '--no-commit', 'side');
    r.write('apps/shop/deploy.yaml', 'image: shop:merged\n');
    r.git('add', '-A');
    r.git('commit', '-q', '-m', 'merge side');
    const only = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.equal(!only.ok && only.reason, 'merges-only');
    assert.match(!only.ok ? only.problem.message : '', /only merge commits changed its files since then/);

    r.commit('shop v3', { 'apps/shop/deploy.yaml': 'image: shop:3\n' });
    const res = await revertRange(r.dir, { target, paths: ['apps/shop'], app: 'shop', signal });
    assert.ok(res.ok, JSON.stringify(res));
    if (!res.ok) return;
    assert.equal(res.reverted.length, 1);
    assert.equal(r.read('apps/shop/deploy.yaml'), 'image: shop:merged\n');
    assert.equal(res.warnings.length, 1);
    assert.match(res.warnings[0]!.message, /still differs from [0-9a-f]+ \(a merge after/);
  } finally {
    r.close();
  }
});
