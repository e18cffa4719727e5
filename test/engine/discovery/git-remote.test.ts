import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { normalizeRepoUrl, readGitRemotes, repoMatcher, sameRepo } from '../../../src/engine/discovery/git-remote.js';
import { makeRepo, signal } from './helpers.js';

describe('repository URL matching', () => {
  const forms = [
    'https://github.com/example/shop.git',
    'https://github.com/example/shop',
    'https://github.com/example/shop/',
    'https://github.com/Example/Shop.git/',
    'http://github.com/example/shop',
    'https://user:token@github.com/example/shop.git',
    'git@github.com:example/shop.git',
    'git@github.com:example/shop',
    'ssh://git@github.com/example/shop.git',
    'ssh://git@github.com:22/example/shop',
    'git+ssh://git@github.com/example/shop.git',
    'git://github.com/example/shop.git',
    'github.com:example/shop.git',
  ];
  for (const f of forms) {
    it(`matches ${f}`, () => assert.ok(sameRepo(f, 'https://github.com/example/shop.git'), normalizeRepoUrl(f)));
  }

  it('tells different repositories, owners and hosts apart', () => {
    assert.ok(!sameRepo('https://github.com/example/shop.git', 'https://github.com/example/shop-infra.git'));
    assert.ok(!sameRepo('https://github.com/example/shop.git', 'https://github.com/other/shop.git'));
    assert.ok(!sameRepo('https://github.com/example/shop.git', 'https://gitlab.com/example/shop.git'));
    assert.ok(!sameRepo('https://gitlab.com/group/sub/shop.git', 'https://gitlab.com/group/shop.git'));
  });

  it('matches GitLab subgroups and Azure DevOps ssh/https spellings', () => {
    assert.ok(sameRepo('git@gitlab.com:group/sub/shop.git', 'https://gitlab.com/group/sub/shop'));
    assert.ok(sameRepo('git@ssh.dev.azure.com:v3/org/project/shop', 'https://dev.azure.com/org/project/_git/shop'));
    assert.ok(sameRepo('https://org@dev.azure.com/org/project/_git/shop', 'https://org.visualstudio.com/project/_git/shop'));
  });

  it('rejects what is not a repository URL', () => {
    assert.equal(normalizeRepoUrl(''), undefined);
    assert.equal(normalizeRepoUrl('shop'), undefined);
    assert.ok(!sameRepo('', ''));
  });

  it('repoMatcher accepts any of the remotes', () => {
    const m = repoMatcher(['git@github.com:example/shop.git', 'https://gitlab.example.com/mirror/shop.git']);
    assert.ok(m('https://github.com/example/shop'));
    assert.ok(m('ssh://git@gitlab.example.com:2222/mirror/shop'));
    assert.ok(!m('https://github.com/example/other'));
  });
});

describe('readGitRemotes', () => {
  it('reads every remote of a repository', async () => {
    const repo = await makeRepo({ 'README.md': 'x\n' });
    try {
      execFileSync('git', ['init', '-q'], { cwd: repo.root });
      execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:example/shop.git'], { cwd: repo.root });
      execFileSync('git', ['remote', 'add', 'mirror', 'https://gitlab.example.com/mirror/shop.git'], { cwd: repo.root });
      const r = await readGitRemotes(repo.root, signal());
      assert.deepEqual(r.urls.sort(), ['git@github.com:example/shop.git', 'https://gitlab.example.com/mirror/shop.git']);
      assert.equal(r.problem, undefined);
    } finally {
      await repo.cleanup();
    }
  });

  it('returns no remotes for a repository without one', async () => {
    const repo = await makeRepo({ 'README.md': 'x\n' });
    try {
      execFileSync('git', ['init', '-q'], { cwd: repo.root });
      assert.deepEqual(await readGitRemotes(repo.root, signal()), { urls: [] });
    } finally {
      await repo.cleanup();
    }
  });

  it('rejects when aborted', async () => {
    await assert.rejects(readGitRemotes('/', AbortSignal.abort()), { name: 'AbortError' });
  });
});
