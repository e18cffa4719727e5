// `plumb apps`: the applications declared in the repository (no cluster needed).
import { discoverApps } from '../../engine/discovery/index.js';
import type { AppSpec } from '../../engine/types.js';
import { parseArgs, bool, str } from '../args.js';
import type { Command } from '../command.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, formatProblem, repoRoot, table } from '../shared.js';

function sourceText(a: AppSpec): string {
  const s = a.source;
  if (s.type === 'helm') return `helm ${s.path ?? s.chart ?? ''}`.trim();
  return `${s.type} ${s.path}`;
}

export const appsCommand: Command = {
  name: 'apps',
  summary: 'list the applications declared in the repository',
  usage: `Usage: plumb apps [--repo DIR] [--json]

Lists the Argo CD Applications (and ApplicationSet apps), Flux Kustomizations and HelmReleases,
and plain folders (.plumb.yaml, kustomize overlays) of the repository.

${GLOBAL_USAGE}`,
  async run(argv, io) {
    const { flags } = parseArgs(argv, { repo: GLOBAL_FLAGS.repo, json: 'boolean' });
    const root = repoRoot(io, str(flags['repo']));
    const { apps, problems } = await discoverApps(root, { signal: io.signal });
    if (bool(flags['json'])) {
      io.stdout(JSON.stringify({
        apps: apps.map((a) => ({
          name: a.name, controller: a.controller, source: { type: a.source.type, path: 'path' in a.source ? a.source.path : undefined },
          namespace: a.destination.namespace, remote: a.remote?.reason, declaredIn: a.declaredIn, children: a.children,
        })),
        problems,
      }, null, 2) + '\n');
    } else {
      const rows = [['NAME', 'CONTROLLER', 'SOURCE', 'NAMESPACE', 'NOTE']];
      for (const a of apps) rows.push([a.name, a.controller, sourceText(a), a.destination.namespace ?? '', a.remote ? a.remote.reason : '']);
      io.stdout(apps.length ? table(rows) : `No applications found in ${root}.\n`);
      for (const p of problems) io.stderr(formatProblem(p) + '\n');
    }
    return problems.some((p) => p.severity === 'error' && !p.location) ? 2 : 0;
  },
};
