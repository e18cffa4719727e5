// `plumb history APP`: the app's deploy history as an audit trail — the commits that changed the
// files its render reads, newest first. With a cluster at hand, the commit Plumb (or Argo CD) last
// applied is marked LIVE; an unreachable cluster only drops the marker.
import { appHistory } from '../../engine/git/history.js';
import { commitJson, commitTable, gitApp } from '../app-lookup.js';
import { parseArgs, bool, str } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { liveRevisions, pickLive } from '../../engine/git/live-revision.js';
import { connect, formatProblem, repoRoot } from '../shared.js';
import type { CliIO } from '../command.js';
import type { AppSpec, KubeObject } from '../../engine/types.js';

function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--limit needs a positive whole number, not "${v}"`);
  return Number(v);
}

export const historyCommand: Command = {
  name: 'history',
  summary: "the commits that changed an app's sources, newest first",
  usage: `Usage: plumb history APP [--limit N] [--json] [--repo DIR] [--context NAME] [--kubeconfig FILE]

Lists the commits that touched the app's folder, the file that declares it, its Helm value files
and every other file its render reads (shared bases, components, patches), newest first.

Options:
  --limit N    at most N commits
  --json       machine-readable output: {app, paths, commits[…], problems}
  --repo DIR   the GitOps repository (default: the current directory)
  --context NAME, --kubeconfig FILE
               the cluster to ask which commit is live (default: $KUBECONFIG when set;
               without any, or when it cannot be reached, no commit is marked LIVE)
`,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, { repo: 'string', json: 'boolean', limit: 'string', context: 'string', kubeconfig: 'string' });
    if (positionals.length !== 1) throw new UsageError('name one app: plumb history APP');
    const name = positionals[0]!;
    const limit = parseLimit(str(flags['limit']));
    const root = repoRoot(io, str(flags['repo']));

    const { app, paths, problems, objects } = await gitApp(root, name, 'history', io.signal);
    const commits = await appHistory(root, paths, { signal: io.signal, ...(limit !== undefined ? { limit } : {}) });
    const live = await liveMarker(io, app, objects, commits.map((c) => c.sha), { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
    if (live.note) problems.push({ severity: 'warning', app: name, message: live.note });

    if (bool(flags['json'])) {
      const rows = commits.map((c) => ({ ...commitJson(c), ...(live.sha ? { live: c.sha === live.sha } : {}) }));
      io.stdout(JSON.stringify({ app: name, paths, ...(live.sha ? { liveRevision: live.sha } : {}), commits: rows, problems: problems }, null, 2) + '\n');
      return 0;
    }
    if (!commits.length) io.stdout(`No commits touch ${name}'s sources (${paths.join(', ')}).\n`);
    else {
      io.stdout(commitTable(commits, live.sha));
      if (live.sha && !commits.some((c) => c.sha === live.sha)) io.stdout(`Live: ${live.sha} (not among the commits listed)\n`);
    }
    // A failed render narrows the history to the app's folder and declaration: say so.
    for (const p of problems) io.stderr(formatProblem(p) + '\n');
    return 0;
  },
};

/** The live revision when a cluster is configured and answers; never fails the history. */
async function liveMarker(io: CliIO, app: AppSpec, objects: KubeObject[], newestFirst: string[], flags: { context?: string; kubeconfig?: string }): Promise<{ sha?: string; note?: string }> {
  if (!flags.context && !flags.kubeconfig && !io.env['KUBECONFIG']) return {};
  let conn: Awaited<ReturnType<typeof connect>>;
  try {
    conn = await connect(io, flags);
  } catch {
    return { note: 'no kubeconfig: the live commit is not marked' };
  }
  if (!conn.client) return { note: 'cannot load the kubeconfig: the live commit is not marked' };
  try {
    const sha = pickLive(await liveRevisions(conn.client, app, objects, io.signal), newestFirst);
    return sha ? { sha } : {};
  } catch (e) {
    return { note: `the cluster could not be asked which commit is live (${e instanceof Error ? e.message : String(e)})` };
  } finally {
    conn.client.close();
  }
}
