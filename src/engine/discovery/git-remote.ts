// Which repository URLs mean "this working tree": the git remotes, compared in a form that
// ignores scheme (https / ssh / scp-like / git://), user, port, case, `.git` and trailing slashes.

import { execFile } from 'node:child_process';
import type { EngineProblem } from '../types.js';

/** `host/path` form of a repository URL, or undefined when it is not one. */
export function normalizeRepoUrl(url: string): string | undefined {
  let u = url.trim().toLowerCase();
  if (u === '') return undefined;
  u = u.replace(/^git\+/, '');
  let host: string;
  let path: string;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.*)$/.exec(u);
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(u)) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      return undefined;
    }
    if (parsed.protocol === 'file:') return `file:${trimPath(parsed.pathname)}`;
    host = parsed.hostname;
    path = parsed.pathname;
  } else if (scp && !u.startsWith('/')) {
    host = scp[1]!;
    path = scp[2]!;
  } else if (u.startsWith('/')) {
    return `file:${trimPath(u)}`;
  } else {
    return undefined;
  }
  path = trimPath(path);
  if (host === '' || path === '') return undefined;
  return azureDevOps(host, path) ?? `${host}/${path}`;
}

function trimPath(p: string): string {
  return p.replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').replace(/\/+$/, '');
}

/** Azure DevOps spells one repository differently over ssh (`v3/org/project/repo`) and https (`org/project/_git/repo`). */
function azureDevOps(host: string, path: string): string | undefined {
  const parts = path.split('/');
  if (host === 'ssh.dev.azure.com' || host.endsWith('vs-ssh.visualstudio.com')) {
    if (parts[0] === 'v3' && parts.length === 4) return `dev.azure.com/${parts.slice(1).join('/')}`;
  }
  if (host === 'dev.azure.com' && parts.length === 4 && parts[2] === '_git') return `dev.azure.com/${parts[0]}/${parts[1]}/${parts[3]}`;
  const vs = /^([^.]+)\.visualstudio\.com$/.exec(host);
  if (vs && parts.length === 3 && parts[1] === '_git') return `dev.azure.com/${vs[1]}/${parts[0]}/${parts[2]}`;
  return undefined;
}

/** True when two URLs name the same repository. */
export function sameRepo(a: string, b: string): boolean {
  const na = normalizeRepoUrl(a);
  return na !== undefined && na === normalizeRepoUrl(b);
}

/** A predicate for "this URL is one of these repositories". */
export function repoMatcher(urls: readonly string[]): (url: string) => boolean {
  const known = new Set(urls.map(normalizeRepoUrl).filter((u): u is string => u !== undefined));
  return (url) => {
    const n = normalizeRepoUrl(url);
    return n !== undefined && known.has(n);
  };
}

export interface GitRemotes {
  urls: string[];
  /** set when git could not be asked (not installed, not a repository) */
  problem?: EngineProblem;
}

/** Reads `remote.<name>.url` of the repository at `repoRoot` without blocking the event loop. */
export async function readGitRemotes(repoRoot: string, signal: AbortSignal): Promise<GitRemotes> {
  signal.throwIfAborted();
  const r = await run('git', ['config', '--get-regexp', '^remote\\..*\\.url$'], repoRoot, signal);
  if (r.code === 0) {
    const urls = r.stdout.split('\n').map((l) => l.trim().split(/\s+/)[1]).filter((u): u is string => !!u);
    return { urls: [...new Set(urls)] };
  }
  signal.throwIfAborted();
  // exit 1: no remote configured, which is normal for a new repository
  if (r.code === 1) return { urls: [] };
  const reason = r.notFound ? 'git is not installed' : (r.stderr.trim().split('\n')[0] ?? `git exited with ${r.code}`);
  return {
    urls: [],
    problem: { severity: 'warning', message: `cannot read the git remotes of ${repoRoot} (${reason}); apps are matched to this repository by .plumb.yaml repoURLs only` },
  };
}

interface RunResult { code: number; stdout: string; stderr: string; notFound?: boolean }

function run(cmd: string, args: string[], cwd: string, signal: AbortSignal): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, signal, timeout: 10_000, maxBuffer: 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, stdout, stderr) => {
      if (!err) return resolve({ code: 0, stdout, stderr });
      const e = err as NodeJS.ErrnoException & { code?: unknown };
      if (e.code === 'ENOENT') return resolve({ code: -1, stdout: '', stderr: '', notFound: true });
      resolve({ code: typeof e.code === 'number' ? e.code : -1, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
