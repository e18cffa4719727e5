// Shared by the rollback and break-glass tests: a Git copy of the sample repository next to the
// simulated cluster, and `plumb` run in-process against them (with the writes it caused).
import { execFileSync } from 'node:child_process';
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { writesIn, type SyncEnv } from '../engine/sync/env.js';

export const STS = 'infra/redis-statefulset.yaml';

export type PlumbRun = (...argv: string[]) => Promise<{ code: number; out: string; err: string; writes: number }>;

export function plumbRunner(env: () => SyncEnv): PlumbRun {
  return async (...argv) => {
    const e = env();
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: e.repo,
      env: { HOME: e.repo, KUBECONFIG: e.kubeconfig }, signal: new AbortController().signal,
    };
    const mark = e.tc.requestLog.length;
    const code = await main(argv, io);
    return { code, out, err, writes: writesIn(e.tc.requestLog.slice(mark)).length };
  };
}

/** `git init` in `dir` with a local identity; returns the runner and a commit-everything helper. */
export function initRepo(dir: string): { git: (...args: string[]) => string; commitAll: (subject: string) => string } {
  const git = (...args: string[]) => execFileSync('git', args, {
    cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', GIT_EDITOR: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const commitAll = (subject: string) => { git('add', '-A'); git('commit', '-q', '-m', subject); return git('rev-parse', 'HEAD'); };
  return { git, commitAll };
}
