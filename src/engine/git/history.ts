// An app's deploy history: the commits that touched the files its render read (its source
// paths plus files outside them, such as shared bases or values files, which the caller names).

import { runGit } from './git.js';

export interface CommitInfo {
  sha: string;
  shortSha: string;
  author: string;
  email: string;
  /** author date, ISO 8601 with offset */
  date: string;
  subject: string;
  /** files the commit changed among the requested paths (all its files with `allFiles`) */
  files: string[];
  /** a merge commit (it has more than one parent) */
  merge: boolean;
}

export interface HistoryOptions {
  signal: AbortSignal;
  /** at most this many commits, newest first */
  limit?: number;
  /** start from this revision instead of HEAD (e.g. `<target>..HEAD`) */
  revision?: string;
  /** list every file each commit changed, not only those under the paths */
  allFiles?: boolean;
  /** leave merge commits out */
  noMerges?: boolean;
  timeoutMs?: number;
}

// Record and field separators that cannot occur in git's own fields.
const RS = '\x1e';
const FS = '\x1f';
const FORMAT = `${RS}%H${FS}%h${FS}%P${FS}%an${FS}%ae${FS}%aI${FS}%s${FS}`;

/**
 * Commits that touched `paths` (relative to `repo`, taken literally, not as globs), newest first.
 * An empty `paths` means the whole repository.
 */
export async function appHistory(repo: string, paths: string[], opts: HistoryOptions): Promise<CommitInfo[]> {
  const args = ['--literal-pathspecs', 'log', '-z', '--name-only', `--format=${FORMAT}`, '--no-color', '--no-renames'];
  if (opts.limit !== undefined) args.push(`--max-count=${Math.max(0, Math.floor(opts.limit))}`);
  if (opts.allFiles) args.push('--full-diff');
  if (opts.noMerges) args.push('--no-merges');
  args.push(opts.revision ?? 'HEAD', '--', ...paths);
  const r = await runGit(repo, args, { signal: opts.signal, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
  return parseLog(r.stdout);
}

export function parseLog(out: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (const rec of out.split(RS)) {
    if (rec.trim() === '' && !rec.includes(FS)) continue;
    const f = rec.split(FS);
    if (f.length < 8) continue;
    const [sha, shortSha, parents, author, email, date, subject] = f as [string, string, string, string, string, string, string];
    // After the last field: the header's NUL, a newline, then NUL-terminated file names.
    const files = f.slice(7).join(FS).replace(/^\0?\n?/, '').split('\0').filter((s) => s !== '');
    commits.push({ sha, shortSha, author, email, date, subject, files, merge: parents.trim().split(' ').filter(Boolean).length > 1 });
  }
  return commits;
}
