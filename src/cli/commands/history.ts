// `plumb history APP`: the app's deploy history as an audit trail — the commits that changed the
// files its render reads, newest first. Git only: which commit is live needs sync records.
import { appHistory } from '../../engine/git/history.js';
import { commitJson, commitTable, gitApp } from '../app-lookup.js';
import { parseArgs, bool, str } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { formatProblem, repoRoot } from '../shared.js';

function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--limit needs a positive whole number, not "${v}"`);
  return Number(v);
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

    const { paths, problems } = await gitApp(root, name, 'history', io.signal);
    const commits = await appHistory(root, paths, { signal: io.signal, ...(limit !== undefined ? { limit } : {}) });

    if (bool(flags['json'])) {
      io.stdout(JSON.stringify({ app: name, paths, commits: commits.map(commitJson), problems: problems }, null, 2) + '\n');
      return 0;
    }
    if (!commits.length) io.stdout(`No commits touch ${name}'s sources (${paths.join(', ')}).\n`);
    else {
      io.stdout(commitTable(commits));
    }
    // A failed render narrows the history to the app's folder and declaration: say so.
    for (const p of problems) io.stderr(formatProblem(p) + '\n');
    return 0;
  },
};
