// The git runner: output, clear errors, no shell, timeout and abort.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GitError, runGit } from '../../../src/engine/git/index.js';
import { tempRepo } from './repo.js';

const signal = new AbortController().signal;

test('runs git and returns its output', async () => {
  const r = tempRepo();
  try {
    const sha = r.commit('first', { 'a.txt': 'a\n' });
    const out = await runGit(r.dir, ['rev-parse', 'HEAD'], { signal });
    assert.equal(out.code, 0);
    assert.equal(out.stdout.trim(), sha);
  } finally {
    r.close();
  }
});

test('a failing command rejects with a GitError naming the command and what git said', async () => {
  const r = tempRepo();
  try {
    await assert.rejects(runGit(r.dir, ['rev-parse', '--verify', 'nope'], { signal }), (e: unknown) => {
      assert.ok(e instanceof GitError);
      assert.equal(e.kind, 'failed');
      assert.equal(e.code, 128);
      assert.match(e.message, /^git rev-parse --verify nope failed: fatal: Needed a single revision/);
      return true;
    });
  } finally {
    r.close();
  }
});

test('okCodes turn an exit code into an answer', async () => {
  const r = tempRepo();
  try {
    r.commit('first', { 'a.txt': 'a\n' });
    const out = await runGit(r.dir, ['diff', '--quiet', 'HEAD'], { signal, okCodes: [1] });
    assert.equal(out.code, 0);
    r.write('a.txt', 'changed\n');
    assert.equal((await runGit(r.dir, ['diff', '--quiet', 'HEAD'], { signal, okCodes: [1] })).code, 1);
  } finally {
    r.close();
  }
});

test('outside a repository: kind not-a-repository', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-nogit-'));
  try {
    await assert.rejects(runGit(dir, ['status'], { signal, env: { GIT_CEILING_DIRECTORIES: tmpdir() } }), (e: unknown) => e instanceof GitError && e.kind === 'not-a-repository' && e.message.includes(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('arguments are not interpreted by a shell', async () => {
  const r = tempRepo();
  try {
    r.commit('first', { 'a.txt': 'a\n' });
    const marker = join(r.dir, 'pwned');
    await assert.rejects(runGit(r.dir, ['log', `HEAD; touch ${marker}`], { signal }), GitError);
    assert.equal(existsSync(marker), false);
  } finally {
    r.close();
  }
});

function slowHookRepo() {
  const r = tempRepo();
  r.commit('first', { 'a.txt': 'a\n' });
  r.write('.git/hooks/pre-commit', '#!/bin/sh\nexec sleep 10\n');
  chmodSync(join(r.dir, '.git/hooks/pre-commit'), 0o755);
  r.write('a.txt', 'b\n');
  r.git('add', 'a.txt');
  return r;
}

test('abort kills the child and rejects with an AbortError', async () => {
  const r = slowHookRepo();
  try {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(runGit(r.dir, ['commit', '-m', 'x'], { signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    assert.ok(Date.now() - started < 5000);
    // an already-aborted signal does not start git at all
    await assert.rejects(runGit(r.dir, ['status'], { signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
  } finally {
    r.close();
  }
});

test('a command that hangs is stopped at the timeout', async () => {
  const r = slowHookRepo();
  try {
    const started = Date.now();
    await assert.rejects(runGit(r.dir, ['commit', '-m', 'x'], { signal, timeoutMs: 300 }), (e: unknown) => e instanceof GitError && e.kind === 'timeout' && /git commit -m x did not finish within/.test(e.message));
    assert.ok(Date.now() - started < 5000);
  } finally {
    r.close();
  }
});
