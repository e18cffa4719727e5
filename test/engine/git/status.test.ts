// workingTreeState: changes, operations in progress, branch and detached HEAD.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatusV2, workingTreeState } from '../../../src/engine/git/index.js';
import { tempRepo } from './repo.js';

const signal = new AbortController().signal;

test('a clean tree on a branch', async () => {
  const r = tempRepo();
  try {
    const sha = r.commit('first', { 'a.txt': 'a\n' });
    const s = await workingTreeState(r.dir, signal);
    assert.deepEqual(s, { dirty: false, files: [], mergeInProgress: false, rebaseInProgress: false, cherryPickInProgress: false, revertInProgress: false, detached: false, branch: 'main', head: sha });
  } finally {
    r.close();
  }
});

test('modified, staged, renamed and untracked files; untracked alone is not dirty', async () => {
  const r = tempRepo();
  try {
    r.commit('first', { 'a.txt': 'a\n', 'b.txt': 'b\n', 'dir with space/c.txt': 'c\n' });
    r.write('new file.txt', 'n\n');
    let s = await workingTreeState(r.dir, signal);
    assert.equal(s.dirty, false);
    assert.deepEqual(s.files.map((f) => [f.path, f.untracked]), [['new file.txt', true]]);
    r.write('a.txt', 'changed\n');
    r.git('mv', 'b.txt', 'b2.txt');
    r.write('dir with space/c.txt', 'c2\n');
    r.git('add', 'dir with space/c.txt');
    s = await workingTreeState(r.dir, signal);
    assert.equal(s.dirty, true);
    const byPath = new Map(s.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('a.txt')?.worktree, 'M');
    assert.equal(byPath.get('b2.txt')?.index, 'R');
    assert.equal(byPath.get('b2.txt')?.origPath, 'b.txt');
    assert.equal(byPath.get('dir with space/c.txt')?.index, 'M');
    assert.equal(byPath.get('new file.txt')?.untracked, true);
  } finally {
    r.close();
  }
});

test('a merge in progress with a conflict', async () => {
  const r = tempRepo();
  try {
    r.commit('base', { 'a.txt': 'base\n' });
    r.git('checkout', '-q', '-b', 'other');
    r.commit('other side', { 'a.txt': 'other\n' });
    r.git('checkout', '-q', 'main');
    r.commit('main side', { 'a.txt': 'main\n' });
    try {
      r.git('merge', 'other');
    } catch {
      // the conflict is the point
    }
    const s = await workingTreeState(r.dir, signal);
    assert.equal(s.mergeInProgress, true);
    assert.equal(s.dirty, true);
    assert.deepEqual(s.files.filter((f) => f.conflicted).map((f) => f.path), ['a.txt']);
  } finally {
    r.close();
  }
});

test('revert and cherry-pick in progress, rebase in progress, detached HEAD', async () => {
  const r = tempRepo();
  try {
    r.commit('base', { 'a.txt': 'base\n' });
    const one = r.commit('one', { 'a.txt': 'one\n' });
    r.commit('two', { 'a.txt': 'two\n' });
    try {
      r.git('revert', '--no-edit', one);
    } catch {
      // conflicts
    }
    assert.equal((await workingTreeState(r.dir, signal)).revertInProgress, true);
    r.git('revert', '--abort');
    r.git('checkout', '-q', '-b', 'side', `${one}~1`);
    r.commit('side', { 'a.txt': 'side\n' });
    try {
      r.git('cherry-pick', one);
    } catch {
      // conflicts
    }
    assert.equal((await workingTreeState(r.dir, signal)).cherryPickInProgress, true);
    r.git('cherry-pick', '--abort');
    try {
      r.git('rebase', 'main');
    } catch {
      // conflicts
    }
    const s = await workingTreeState(r.dir, signal);
    assert.equal(s.rebaseInProgress, true);
    assert.equal(s.detached, true);
    assert.equal(s.branch, undefined);
    r.git('rebase', '--abort');
    r.git('checkout', '-q', '--detach', 'main');
    const d = await workingTreeState(r.dir, signal);
    assert.equal(d.detached, true);
    assert.equal(d.rebaseInProgress, false);
  } finally {
    r.close();
  }
});

test('parseStatusV2 on unborn branches', () => {
  assert.deepEqual(parseStatusV2('# branch.oid (initial)\0# branch.head main\0'), { files: [], branch: 'main' });
});
