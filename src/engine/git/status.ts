// The working tree's state as far as a rollback cares: uncommitted changes, an operation that
// git is in the middle of (merge, rebase, cherry-pick, revert), and where HEAD points.

import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitDir, runGit } from './git.js';

export interface FileStatus {
  path: string;
  /** for renames and copies, the path before */
  origPath?: string;
  /** porcelain XY codes: index (staged) and worktree; '.' means unchanged, '?' untracked */
  index: string;
  worktree: string;
  /** unmerged (a conflict is waiting to be resolved) */
  conflicted: boolean;
  untracked: boolean;
}

export interface WorkingTreeState {
  /** tracked files are modified, staged or conflicted; untracked files alone do not count */
  dirty: boolean;
  /** every changed, conflicted or untracked path (ignored files are not listed) */
  files: FileStatus[];
  mergeInProgress: boolean;
  rebaseInProgress: boolean;
  cherryPickInProgress: boolean;
  revertInProgress: boolean;
  detached: boolean;
  /** the checked-out branch, or undefined when detached */
  branch?: string;
  /** HEAD's commit, or undefined on a branch with no commits yet */
  head?: string;
}

export async function workingTreeState(repo: string, signal: AbortSignal): Promise<WorkingTreeState> {
  const [st, dir] = await Promise.all([
    runGit(repo, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], { signal }),
    gitDir(repo, signal),
  ]);
  const parsed = parseStatusV2(st.stdout);
  const ops = await operationsInProgress(dir);
  const files = parsed.files;
  return {
    dirty: files.some((f) => !f.untracked),
    files,
    ...ops,
    detached: parsed.branch === undefined,
    ...(parsed.branch !== undefined ? { branch: parsed.branch } : {}),
    ...(parsed.head !== undefined ? { head: parsed.head } : {}),
  };
}

/** Parses `git status --porcelain=v2 --branch -z` (entries are NUL-separated; renames take two). */
export function parseStatusV2(out: string): { files: FileStatus[]; branch?: string; head?: string } {
  const parts = out.split('\0');
  const files: FileStatus[] = [];
  let branch: string | undefined;
  let head: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const line = parts[i]!;
    if (line === '') continue;
    if (line.startsWith('# branch.head ')) {
      const b = line.slice('# branch.head '.length);
      if (b !== '(detached)') branch = b;
    } else if (line.startsWith('# branch.oid ')) {
      const o = line.slice('# branch.oid '.length);
      if (o !== '(initial)') head = o;
    } else if (line.startsWith('1 ')) {
      const f = line.split(' ');
      files.push(entry(f.slice(8).join(' '), f[1]!));
    } else if (line.startsWith('2 ')) {
      const f = line.split(' ');
      files.push({ ...entry(f.slice(9).join(' '), f[1]!), origPath: parts[++i]! });
    } else if (line.startsWith('u ')) {
      const f = line.split(' ');
      files.push({ ...entry(f.slice(10).join(' '), f[1]!), conflicted: true });
    } else if (line.startsWith('? ')) {
      files.push({ path: line.slice(2), index: '?', worktree: '?', conflicted: false, untracked: true });
    }
  }
  return { files, ...(branch !== undefined ? { branch } : {}), ...(head !== undefined ? { head } : {}) };
}

function entry(path: string, xy: string): FileStatus {
  return { path, index: xy[0] ?? '.', worktree: xy[1] ?? '.', conflicted: false, untracked: false };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

// These are the marker files git itself uses (wt-status.c) to say what it is in the middle of.
async function operationsInProgress(dir: string) {
  const [merge, rebaseMerge, rebaseApply, pick, revert, sequencer] = await Promise.all(
    ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'sequencer'].map((f) => exists(join(dir, f))),
  );
  // A multi-commit revert or cherry-pick keeps a todo list even between stops.
  let seqAction: string | undefined;
  if (sequencer) seqAction = (await readFile(join(dir, 'sequencer', 'todo'), 'utf8').catch(() => '')).trim().split(/\s/)[0];
  return {
    mergeInProgress: merge,
    rebaseInProgress: rebaseMerge || rebaseApply,
    cherryPickInProgress: pick || seqAction === 'pick' || seqAction === 'p',
    revertInProgress: revert || seqAction === 'revert',
  };
}
