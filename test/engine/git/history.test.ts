// appHistory: only commits that touched the app's paths, newest first, with their details.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appHistory } from '../../../src/engine/git/index.js';
import { tempRepo } from './repo.js';

const signal = new AbortController().signal;

test('filters by the app paths plus files outside them, newest first', async () => {
  const r = tempRepo();
  try {
    const c1 = r.commit('shop: initial', { 'apps/shop/deploy.yaml': 'v1\n', 'apps/blog/deploy.yaml': 'b1\n', 'base/common.yaml': 'c1\n' });
    r.commit('blog only', { 'apps/blog/deploy.yaml': 'b2\n' });
    const c3 = r.commit('shared base', { 'base/common.yaml': 'c2\n' });
    const c4 = r.commit('shop: image v2', { 'apps/shop/deploy.yaml': 'v2\n', 'apps/blog/deploy.yaml': 'b3\n' });
    r.commit('unrelated', { 'README.md': 'hi\n' });

    const shopOnly = await appHistory(r.dir, ['apps/shop'], { signal });
    assert.deepEqual(shopOnly.map((c) => c.sha), [c4, c1]);
    assert.deepEqual(shopOnly[0]!.files, ['apps/shop/deploy.yaml']);

    const withBase = await appHistory(r.dir, ['apps/shop', 'base/common.yaml'], { signal });
    assert.deepEqual(withBase.map((c) => c.subject), ['shop: image v2', 'shared base', 'shop: initial']);
    assert.deepEqual(withBase[1]!.sha, c3);
    assert.deepEqual(withBase[2]!.files, ['apps/shop/deploy.yaml', 'base/common.yaml']);

    const c = withBase[0]!;
    assert.equal(c.author, 'Test User');
    assert.equal(c.email, 'test@example.com');
    assert.match(c.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$/);
    assert.ok(c4.startsWith(c.shortSha) && c.shortSha.length >= 7);
    assert.equal(c.merge, false);

    const all = await appHistory(r.dir, ['apps/shop'], { signal, allFiles: true, limit: 1 });
    assert.equal(all.length, 1);
    assert.deepEqual(all[0]!.files, ['apps/blog/deploy.yaml', 'apps/shop/deploy.yaml']);

    assert.equal((await appHistory(r.dir, [], { signal })).length, 5);
    assert.deepEqual((await appHistory(r.dir, ['apps/nothing-here'], { signal })), []);
    assert.deepEqual((await appHistory(r.dir, ['apps/shop'], { signal, revision: `${c1}..HEAD` })).map((x) => x.sha), [c4]);
  } finally {
    r.close();
  }
});

test('paths are literal (no globbing) and may hold odd characters', async () => {
  const r = tempRepo();
  try {
    r.commit('star', { 'apps/*/x.yaml': '1\n', 'apps/a/x.yaml': '1\n' });
    r.commit('a only', { 'apps/a/x.yaml': '2\n' });
    r.commit('with "quotes", $HOME and ünïcode', { 'apps/*/x.yaml': '2\n' });
    const h = await appHistory(r.dir, ['apps/*'], { signal });
    assert.deepEqual(h.map((c) => c.subject), ['with "quotes", $HOME and ünïcode', 'star']);
    assert.deepEqual(h[0]!.files, ['apps/*/x.yaml']);
  } finally {
    r.close();
  }
});

test('merge commits are marked', async () => {
  const r = tempRepo();
  try {
    r.commit('base', { 'app/a.yaml': '1\n' });
    r.git('checkout', '-q', '-b', 'side');
    r.commit('side change', { 'app/b.yaml': '1\n' });
    r.git('checkout', '-q', 'main');
    r.commit('main change', { 'app/a.yaml': '2\n' });
    r.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    const h = await appHistory(r.dir, [], { signal });
    assert.equal(h.find((c) => c.subject === 'merge side')?.merge, true);
    assert.equal(h.filter((c) => c.merge).length, 1);
    assert.equal((await appHistory(r.dir, [], { signal, noMerges: true })).length, 3);
  } finally {
    r.close();
  }
});

test('an aborted signal rejects with an AbortError', async () => {
  const r = tempRepo();
  try {
    r.commit('x', { 'a': '1' });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(appHistory(r.dir, [], { signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
  } finally {
    r.close();
  }
});
