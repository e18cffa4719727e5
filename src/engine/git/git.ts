// Runs the git CLI asynchronously: no shell (arguments go straight to execve), a timeout, the
// caller's AbortSignal, and errors that say which git command failed and what git said.

import { spawn } from 'node:child_process';

export interface GitRunOptions {
  signal: AbortSignal;
  /** default 30 s; a git call that hangs (a hook, a lock, a credential prompt) is killed */
  timeoutMs?: number;
  /** exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`) */
  okCodes?: number[];
  /** extra environment on top of the process environment */
  env?: Record<string, string>;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type GitErrorKind = 'not-installed' | 'not-a-repository' | 'timeout' | 'failed';

/** A git command that could not run or exited with an unexpected code. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly kind: GitErrorKind,
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export const DEFAULT_GIT_TIMEOUT_MS = 30_000;
const MAX_STDERR = 64 * 1024;

// Fixed environment: English messages we can recognise, no interactive prompts or editors,
// no optional index lock writes from read-only commands (`status` would otherwise refresh it).
const GIT_ENV: Record<string, string> = {
  LC_ALL: 'C',
  LANG: 'C',
  GIT_TERMINAL_PROMPT: '0',
  GIT_EDITOR: 'true',
  GIT_SEQUENCE_EDITOR: 'true',
  GIT_MERGE_AUTOEDIT: 'no',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_PAGER: 'cat',
};

/**
 * Runs `git <args>` in `repo`. Resolves with the output when the exit code is 0 (or in `okCodes`);
 * rejects with a GitError otherwise, and with the signal's reason (an AbortError) when aborted.
 */
export function runGit(repo: string, args: string[], opts: GitRunOptions): Promise<GitResult> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const child = spawn('git', args, {
      cwd: repo,
      env: { ...process.env, ...GIT_ENV, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      // Its own process group, so a stop also reaches what git started (hooks, ssh, pagers);
      // killing git alone leaves them holding our pipes open.
      detached: process.platform !== 'win32',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let errLen = 0;
    let stopped: 'timeout' | 'aborted' | undefined;
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < MAX_STDERR) err.push(b);
      errLen += b.length;
    });
    const kill = (why: 'timeout' | 'aborted') => {
      stopped ??= why;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = () => kill('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = opts.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    child.on('error', (e) => {
      spawnError = e as NodeJS.ErrnoException;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const cmd = `git ${args.join(' ')}`;
      if (stopped === 'aborted') return reject(abortReason(signal));
      if (spawnError) {
        const missing = spawnError.code === 'ENOENT';
        // ENOENT also comes back when cwd does not exist; say which.
        return reject(new GitError(missing ? `git could not be started in ${repo}: is git installed and does the directory exist? (${spawnError.message})` : `git could not be started: ${spawnError.message}`, 'not-installed', args, null, ''));
      }
      if (stopped === 'timeout') return reject(new GitError(`${cmd} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, 'timeout', args, code, stderr));
      if (code === 0 || (code !== null && opts.okCodes?.includes(code))) return resolve({ code: code ?? 0, stdout, stderr });
      const said = firstLines(stderr) || firstLines(stdout) || `exit code ${code}`;
      const kind: GitErrorKind = /not a git repository/i.test(stderr) ? 'not-a-repository' : 'failed';
      const message = kind === 'not-a-repository' ? `${repo} is not inside a Git repository` : `${cmd} failed: ${said}`;
      reject(new GitError(message, kind, args, code, stderr));
    });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('aborted'), { name: 'AbortError' });
}

function firstLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'))
    .slice(0, 3)
    .join(' / ');
}

/** Absolute path of git's own directory for `repo` (handles worktrees, where .git is a file). */
export async function gitDir(repo: string, signal: AbortSignal): Promise<string> {
  const r = await runGit(repo, ['rev-parse', '--absolute-git-dir'], { signal });
  return r.stdout.trim();
}
