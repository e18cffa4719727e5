// Finding an app for the Git commands (history, rollback): the repository must be a Git work
// tree, the app must exist and be sourced from it, and its paths are the files its render reads.
import { discoverApps } from '../engine/discovery/index.js';
import { appSourcePaths } from '../engine/git/app-paths.js';
import { GitError, runGit } from '../engine/git/git.js';
import type { CommitInfo } from '../engine/git/history.js';
import { renderApp } from '../engine/render/index.js';
import type { AppSpec, EngineProblem, KubeObject } from '../engine/types.js';
import { UsageError } from './command.js';
import { table } from './shared.js';

export interface GitApp {
  app: AppSpec;
  /** repository-relative paths its deployed state depends on (see appSourcePaths) */
  paths: string[];
  /** render problems: a failed render narrows `paths` to the folder and declaration */
  problems: EngineProblem[];
  /** the rendered objects (at the working tree) */
  objects: KubeObject[];
}

/** Throws a UsageError unless `root` is a Git work tree, the app exists and lives in this repository. */
export async function gitApp(root: string, name: string, command: string, signal: AbortSignal): Promise<GitApp> {
  // Before discovery and rendering, which take longer: without Git there is no history.
  try {
    await runGit(root, ['rev-parse', '--is-inside-work-tree'], { signal });
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.kind === 'not-a-repository' ? `${root} is not inside a Git repository: ${command} needs one` : e.message);
    throw e;
  }
  const { apps } = await discoverApps(root, { signal });
  const app = apps.find((a) => a.name === name);
  if (!app) throw new UsageError(`no app named ${name}; run plumb apps`);
  if (app.remote && !app.sources?.some((s) => !s.remote)) {
    throw new UsageError(`${name}: source is another repository (${app.remote.repoURL}: ${app.remote.reason}); its history is there, not in ${root}`);
  }
  const rendered = await renderApp(app, root, signal);
  return { app, paths: appSourcePaths(app, rendered.objects, root), problems: rendered.problems, objects: rendered.objects.map((r) => r.object) };
}

/** `2026-11-26T13:12:13+01:00` → `2026-11-26 13:12` (the author's local time, as git shows it). */
const shortDate = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** With `live` (the sha running in the cluster), a LIVE column marks that commit. */
export function commitTable(commits: CommitInfo[], live?: string): string {
  const rows = [['SHA', 'DATE', 'AUTHOR', 'SUBJECT', 'FILES', ...(live ? ['LIVE'] : [])]];
  for (const c of commits) rows.push([c.shortSha, shortDate(c.date), c.author, c.subject, String(c.files.length), ...(live ? [c.sha === live ? 'LIVE' : ''] : [])]);
  return table(rows);
}

export function commitJson(c: CommitInfo) {
  return { sha: c.sha, shortSha: c.shortSha, author: c.author, email: c.email, date: c.date, subject: c.subject, files: c.files };
}
