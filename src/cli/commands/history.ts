// `plumb history APP`: the app's deploy history as an audit trail — the commits that changed the
// files its render reads, newest first. Git only: which commit is live needs sync records.
import { discoverApps } from '../../engine/discovery/index.js';
import { appSourcePaths } from '../../engine/git/app-paths.js';
import { GitError, runGit } from '../../engine/git/git.js';
import { appHistory, type CommitInfo } from '../../engine/git/history.js';
import { renderApp } from '../../engine/render/index.js';
import { parseArgs, bool, str } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { formatProblem, repoRoot, table } from '../shared.js';

function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--limit needs a positive whole number, not "${v}"`);
  return Number(v);
}

/** `2026-11-26T13:12:13+01:00` → `2026-11-26 13:12` (the author's local time, as git shows it). */
const shortDate = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function commitJson(c: CommitInfo) {
  return { sha: c.sha, shortSha: c.shortSha, author: c.author, email: c.email, date: c.date, subject: c.subject, files: c.files };
}

export const historyCommand: Command = {
  name: 'history',
  summary: "the commits that changed an app's sources, newest first",
  usage: `Usage: plumb history APP [--limit N] [--json] [--repo DIR]

Lists the commits that touched the app's folder, the file that declares it, its Helm value files
and every other file its render reads (shared bases, components, patches), newest first.

Options:
  --limit N    at most N commits
  --json       machine-readable output: {app, paths, commits[…], problems}
  --repo DIR   the GitOps repository (default: the current directory)
`,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, { repo: 'string', json: 'boolean', limit: 'string' });
    if (positionals.length !== 1) throw new UsageError('name one app: plumb history APP');
    const name = positionals[0]!;
    const limit = parseLimit(str(flags['limit']));
    const root = repoRoot(io, str(flags['repo']));

    // Before discovery and rendering, which take longer: without Git there is no history.
    try {
      await runGit(root, ['rev-parse', '--is-inside-work-tree'], { signal: io.signal });
    } catch (e) {
      if (e instanceof GitError) throw new UsageError(e.kind === 'not-a-repository' ? `${root} is not inside a Git repository: history needs one` : e.message);
      throw e;
    }

    const { apps } = await discoverApps(root, { signal: io.signal });
    const app = apps.find((a) => a.name === name);
    if (!app) throw new UsageError(`no app named ${name}; run plumb apps`);
    if (app.remote && !app.sources?.some((s) => !s.remote)) {
      throw new UsageError(`${name}: source is another repository (${app.remote.repoURL}: ${app.remote.reason}); its history is there, not in ${root}`);
    }

    const rendered = await renderApp(app, root, io.signal);
    const paths = appSourcePaths(app, rendered.objects, root);
    const commits = await appHistory(root, paths, { signal: io.signal, ...(limit !== undefined ? { limit } : {}) });

    if (bool(flags['json'])) {
      io.stdout(JSON.stringify({ app: name, paths, commits: commits.map(commitJson), problems: rendered.problems }, null, 2) + '\n');
      return 0;
    }
    if (!commits.length) io.stdout(`No commits touch ${name}'s sources (${paths.join(', ')}).\n`);
    else {
      const rows = [['SHA', 'DATE', 'AUTHOR', 'SUBJECT', 'FILES']];
      for (const c of commits) rows.push([c.shortSha, shortDate(c.date), c.author, c.subject, String(c.files.length)]);
      io.stdout(table(rows));
    }
    // A failed render narrows the history to the app's folder and declaration: say so.
    for (const p of rendered.problems) io.stderr(formatProblem(p) + '\n');
    return 0;
  },
};
