// Rollback the GitOps way: a new commit that reverts every commit after the target that touched
// the app. History is never rewritten and nothing is pushed.
//
// Why `git revert --no-commit` one commit at a time, then ONE commit: a rollback is one event in
// the app's history (one entry to read, one sync, one commit to revert if the rollback itself
// was wrong), and it is all-or-nothing: if any revert conflicts, `git revert --abort` brings the
// index and tree back to HEAD and no partial rollback commit is ever left behind. One-by-one
// application (rather than one multi-commit `git revert` call) keeps the order ours (newest
// first) instead of depending on how git sorts an explicit revision list.

import type { EngineProblem } from '../types.js';
import { appHistory, type CommitInfo } from './history.js';
import { GitError, runGit } from './git.js';
import { workingTreeState, type WorkingTreeState } from './status.js';

export interface RevertOptions {
  /** commit to roll back to (sha, tag, branch…; resolved to a commit) */
  target: string;
  /** the app's paths (relative to `repo`, literal); omitted or empty means the whole repository */
  paths?: string[];
  /** the app's name, for the commit message and problems */
  app?: string;
  signal: AbortSignal;
  timeoutMs?: number;
}

export type RevertRefusal =
  | 'dirty'
  | 'operation-in-progress'
  | 'detached'
  | 'unknown-target'
  | 'not-ancestor'
  | 'already-at-target'
  | 'nothing-to-revert'
  | 'merges-only'
  | 'conflict'
  | 'failed';

export interface RevertDone {
  ok: true;
  /** the new revert commit */
  commit: string;
  shortCommit: string;
  message: string;
  /** the resolved target */
  target: string;
  /** the commits reverted, newest first */
  reverted: CommitInfo[];
  /** files the revert changed outside `paths` (commits that touched the app and something else) */
  outsidePaths: string[];
  /** e.g. the app's files still differ from the target (a merge in the range changed them) */
  warnings: EngineProblem[];
}

export interface RevertRefused {
  ok: false;
  reason: RevertRefusal;
  problem: EngineProblem;
  /** for 'conflict': the commit whose revert conflicted and the conflicting files */
  conflictAt?: CommitInfo;
  conflicts?: string[];
  /** for 'dirty': the changed tracked files */
  files?: string[];
}

export type RevertResult = RevertDone | RevertRefused;

export async function revertRange(repo: string, opts: RevertOptions): Promise<RevertResult> {
  const { signal } = opts;
  const paths = opts.paths ?? [];
  const app = opts.app;
  const who = app ? `app ${app}` : 'the repository';
  const timeout = opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {};
  const run = (args: string[], okCodes?: number[]) => runGit(repo, args, { signal, ...(okCodes ? { okCodes } : {}), ...timeout });
  // Commands that write the index are never killed by the caller's signal: a killed git leaves
  // index.lock behind. The signal is checked between them instead.
  const write = (args: string[]) => {
    signal.throwIfAborted();
    return runGit(repo, args, { signal: NEVER, ...timeout });
  };
  const refuse = (reason: RevertRefusal, message: string, extra: Partial<RevertRefused> = {}): RevertRefused => ({
    ok: false,
    reason,
    problem: { severity: 'error', message, ...(app ? { app } : {}) },
    ...extra,
  });

  const state = await workingTreeState(repo, signal);
  const busy = operationName(state);
  if (busy) return refuse('operation-in-progress', `cannot roll back ${who}: a ${busy} is in progress; finish it or abort it (git ${busy} --abort) first`);
  if (state.dirty) {
    const files = state.files.filter((f) => !f.untracked).map((f) => f.path);
    return refuse('dirty', `cannot roll back ${who}: the working tree has uncommitted changes (${list(files)}); commit or stash them first`, { files });
  }
  if (state.detached) return refuse('detached', `cannot roll back ${who}: HEAD is detached; check out a branch first so the revert commit is not lost`);

  if (opts.target.startsWith('-')) return refuse('unknown-target', `cannot roll back ${who}: ${opts.target} is not a commit in this repository`);
  const resolved = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${opts.target}^{commit}`], [1]);
  if (resolved.code !== 0) return refuse('unknown-target', `cannot roll back ${who}: ${opts.target} is not a commit in this repository`);
  const target = resolved.stdout.trim();
  const head = (await run(['rev-parse', 'HEAD'])).stdout.trim();
  const short = (await run(['rev-parse', '--short', target])).stdout.trim();
  if (target === head) return refuse('already-at-target', `${who} is already at ${short}: it is HEAD`);
  const anc = await run(['merge-base', '--is-ancestor', target, head], [1]);
  if (anc.code !== 0) return refuse('not-ancestor', `cannot roll back ${who} to ${short}: it is not an ancestor of HEAD (it is not in this branch's history)`);

  const inRange = await appHistory(repo, paths, { signal, revision: `${target}..${head}` });
  const commits = inRange.filter((c) => !c.merge);
  if (commits.length === 0 && inRange.length > 0) {
    return refuse('merges-only', `cannot roll back ${who} to ${short}: only merge commits changed its files since then (${inRange.map((c) => c.shortSha).join(', ')}); reverting merges is not supported, revert them by hand with git revert -m`);
  }
  if (commits.length === 0) return refuse('nothing-to-revert', `${who} has not changed since ${short}: no commit after it touched its files`);

  // From here on the tree changes; every exit restores it unless the commit was made.
  let committed = false;
  try {
    for (const c of commits) {
      try {
        await write(['revert', '--no-commit', c.sha]);
      } catch (e) {
        if (!(e instanceof GitError)) throw e;
        const after = await workingTreeState(repo, NEVER).catch(() => undefined);
        const conflicts = after?.files.filter((f) => f.conflicted).map((f) => f.path) ?? [];
        await restore(repo);
        if (conflicts.length > 0 || /conflict/i.test(e.stderr)) {
          return refuse('conflict', `cannot roll back ${who} to ${short}: reverting ${c.shortSha} (${c.subject}) conflicts with later changes in ${list(conflicts)}; nothing was changed`, { conflictAt: c, conflicts });
        }
        return refuse('failed', `cannot roll back ${who} to ${short}: ${e.message}; nothing was changed`);
      }
    }

    signal.throwIfAborted();
    const staged = await run(['diff', '--cached', '--name-only', '-z', '--no-renames', head]);
    const changed = staged.stdout.split('\0').filter(Boolean);
    if (changed.length === 0) {
      await restore(repo);
      return refuse('nothing-to-revert', `${who} already matches ${short}: reverting the commits after it changes nothing`);
    }
    const warnings: EngineProblem[] = [];
    const outsidePaths = paths.length === 0 ? [] : changed.filter((f) => !paths.some((p) => under(f, p)));
    if (outsidePaths.length > 0) {
      warnings.push({ severity: 'warning', message: `the reverted commits also touched files outside ${who}; they are reverted too: ${list(outsidePaths)}`, ...(app ? { app } : {}) });
    }
    const same = await run(['--literal-pathspecs', 'diff', '--cached', '--quiet', target, '--', ...paths], [1]);
    if (same.code !== 0) {
      warnings.push({ severity: 'warning', message: `after the revert, ${who} still differs from ${short} (a merge after ${short} changed its files; merges are not reverted)`, ...(app ? { app } : {}) });
    }

    const targetSubject = (await run(['log', '-1', '--format=%s', target])).stdout.trim();
    const message = commitMessage(app, short, targetSubject, commits);
    // Once the commit starts, the rollback completes even if the signal fires meanwhile.
    await write(['commit', '--quiet', '--cleanup=verbatim', '-m', message]);
    committed = true;
    const commit = (await runGit(repo, ['rev-parse', 'HEAD'], { signal: NEVER })).stdout.trim();
    const shortCommit = (await runGit(repo, ['rev-parse', '--short', commit], { signal: NEVER })).stdout.trim();
    return { ok: true, commit, shortCommit, message, target, reverted: commits, outsidePaths, warnings };
  } catch (e) {
    if (committed) throw e;
    await restore(repo);
    if (e instanceof GitError) return refuse('failed', `cannot roll back ${who} to ${short}: ${e.message}; nothing was changed`);
    throw e; // an abort: the tree is restored, the caller sees the AbortError
  }
}

/** Brings the index and tree back to HEAD after a partial `revert --no-commit` sequence. Runs
 * with its own signal: it must finish even when the caller's signal is what stopped us. */
async function restore(repo: string): Promise<void> {
  const signal = AbortSignal.timeout(30_000);
  try {
    await runGit(repo, ['revert', '--abort'], { signal });
  } catch {
    // no revert in progress (nothing was applied yet) or abort refused: fall through
  }
  // The tree was clean when we started, so a merge-safe reset to the unchanged HEAD only undoes
  // our own staged reverts; untracked files are kept.
  const st = await workingTreeState(repo, signal).catch(() => undefined);
  if (!st || st.dirty) await runGit(repo, ['reset', '--merge', 'HEAD'], { signal }).catch(() => undefined);
}

const NEVER = new AbortController().signal;

function operationName(s: WorkingTreeState): string | undefined {
  if (s.mergeInProgress) return 'merge';
  if (s.rebaseInProgress) return 'rebase';
  if (s.cherryPickInProgress) return 'cherry-pick';
  if (s.revertInProgress) return 'revert';
  return undefined;
}

function commitMessage(app: string | undefined, short: string, subject: string, commits: CommitInfo[]): string {
  const title = `Revert ${app ? `${app} ` : ''}to ${short}: ${subject}`;
  const listed = commits.map((c) => `- ${c.shortSha} ${c.subject}`).join('\n');
  const trailers = commits.map((c) => `This reverts commit ${c.sha}.`).join('\n');
  return `${title}\n\nReverted, newest first:\n${listed}\n\n${trailers}\n`;
}

function under(file: string, path: string): boolean {
  const p = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return p === '' || p === '.' || file === p || file.startsWith(`${p}/`);
}

function list(files: string[]): string {
  if (files.length === 0) return 'unknown files';
  return files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ');
}

/**
 * The target and the commits a rollback to `to` would revert (newest first), or undefined when
 * revertRange is certain to refuse (unknown commit, not an ancestor, nothing but merges or
 * nothing at all). Read-only: for showing what a rollback will do before asking.
 */
export async function previewRevert(root: string, paths: string[], to: string, signal: AbortSignal): Promise<{ target: CommitInfo; commits: CommitInfo[] } | undefined> {
  if (to.startsWith('-')) return undefined;
  const resolved = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${to}^{commit}`], { signal, okCodes: [1] });
  if (resolved.code !== 0) return undefined;
  const sha = resolved.stdout.trim();
  const anc = await runGit(root, ['merge-base', '--is-ancestor', sha, 'HEAD'], { signal, okCodes: [1] });
  if (anc.code !== 0) return undefined;
  const commits = (await appHistory(root, paths, { signal, revision: `${sha}..HEAD` })).filter((c) => !c.merge);
  const [target] = await appHistory(root, [], { signal, revision: sha, limit: 1 });
  return commits.length && target ? { target, commits } : undefined;
}
