// `plumb status` and `plumb diff`: the apps' sync status and health against the cluster, and the
// drifted fields of each object. Both run the same pipeline; they differ in what they print.
import { workspaceStatus, type AppResult, type ResourceResult, type StatusResult } from '../../engine/status/app-status.js';
import { parseArgs, bool, str } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, paint, repoRoot, runLevel, table } from '../shared.js';

async function run(argv: string[], io: CliIO, extra: { 'exit-code'?: 'boolean' }): Promise<{ result: StatusResult; flags: ReturnType<typeof parseArgs>['flags']; code: number }> {
  const { flags, positionals } = parseArgs(argv, { ...GLOBAL_FLAGS, ...extra });
  const root = repoRoot(io, str(flags['repo']));
  const conn = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
  try {
    const result = await workspaceStatus({ repoRoot: root, signal: io.signal, apps: positionals, client: conn.client });
    result.problems.unshift(...conn.problems);
    const code = runLevel(result.problems) || result.problems.some((p) => p.severity === 'error' && !p.app && p.message.startsWith('no app named')) ? 2 : 0;
    return { result, flags, code };
  } finally {
    conn.client?.close();
  }
}

const syncColor = (io: CliIO, s: string) => paint(io, s === 'Synced' ? 'green' : s === 'OutOfSync' ? 'yellow' : 'dim', s);
const healthColor = (io: CliIO, s: string) => paint(io, s === 'Healthy' ? 'green' : s === 'Degraded' || s === 'Missing' ? 'red' : s === 'Progressing' ? 'yellow' : 'dim', s);

function resourceName(r: ResourceResult): string {
  return `${r.group ? `${r.kind}.${r.group}` : r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function printProblems(io: CliIO, result: StatusResult): void {
  const all = [...result.problems, ...result.apps.flatMap((a) => a.problems)];
  for (const p of all) io.stderr(formatProblem(p) + '\n');
}

/** The `--json` shape of `plumb diff` (issue 4): apps[{name, sync, health, resources[…]}]. */
function diffJson(apps: AppResult[], problems: StatusResult['problems']) {
  return {
    apps: apps.map((a) => ({
      name: a.name, controller: a.controller, sync: a.sync, health: a.health.status, ...(a.health.message ? { healthMessage: a.health.message } : {}),
      resources: a.resources.map((r) => ({
        group: r.group, version: r.version, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name, status: r.status,
        ...(r.health ? { health: r.health.status } : {}),
        drift: r.drift.map((d) => ({ path: d.path, ...(d.kind ? { kind: d.kind } : {}), desired: d.desired, live: d.live, manager: d.manager, ...(d.time ? { time: d.time } : {}) })),
        ...(r.source ? { source: { file: r.source.file, line: r.source.line } } : {}),
        ...(r.verdict?.syncStrategy ? { syncStrategy: r.verdict.syncStrategy } : {}),
      })),
      problems: a.problems,
    })),
    problems,
  };
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'sync status and health of each app against the cluster',
  usage: `Usage: plumb status [APP…] [options]

Shows, per app, whether the cluster matches Git (Synced / OutOfSync / Unknown) and its health.

${GLOBAL_USAGE}`,
  async run(argv, io) {
    const { result, flags, code } = await run(argv, io, {});
    if (bool(flags['json'])) {
      io.stdout(JSON.stringify({ apps: result.apps.map((a) => ({ name: a.name, controller: a.controller, sync: a.sync, health: a.health.status,
        resources: a.resources.length, outOfSync: a.resources.filter((r) => r.status !== 'Synced').length })), problems: result.problems }, null, 2) + '\n');
    } else {
      const rows = [['APP', 'CONTROLLER', 'SYNC', 'HEALTH', 'RESOURCES', 'MESSAGE']];
      for (const a of result.apps) {
        const off = a.resources.filter((r) => r.status !== 'Synced').length;
        rows.push([a.name, a.controller, syncColor(io, a.sync), healthColor(io, a.health.status), `${a.resources.length}${off ? ` (${off} out of sync)` : ''}`, a.health.message ?? a.remote?.reason ?? '']);
      }
      io.stdout(table(rows));
      printProblems(io, result);
    }
    return code;
  },
};

export const diffCommand: Command = {
  name: 'diff',
  summary: 'the objects and fields where the cluster differs from Git',
  usage: `Usage: plumb diff [APP…] [--exit-code] [options]

Lists every object that is out of sync, missing or extra, with each drifted field: the value in
Git, the live value, and who changed it (field manager). Secret values are never shown.

  --exit-code         exit 1 when anything drifted (0 when in sync, 2 on errors). Apps whose
                      source Plumb cannot read (e.g. a chart from a Helm repository) are shown
                      as "not compared" and do not count as drift.
${GLOBAL_USAGE}`,
  async run(argv, io) {
    const { result, flags, code } = await run(argv, io, { 'exit-code': 'boolean' });
    const drifted = result.apps.some((a) => a.sync === 'OutOfSync');
    if (bool(flags['json'])) {
      io.stdout(JSON.stringify(diffJson(result.apps, result.problems), null, 2) + '\n');
    } else {
      for (const a of result.apps) {
        io.stdout(`${paint(io, 'bold', a.name)}  ${syncColor(io, a.sync)}  ${healthColor(io, a.health.status)}\n`);
        // A chart or repository Plumb cannot read offline: unknown, which is not drift.
        if (a.remote) io.stdout(`  ${paint(io, 'dim', `not compared: ${a.remote.reason} (not counted as drift)`)}\n`);
        for (const r of a.resources.filter((x) => x.status !== 'Synced')) {
          const where = r.source ? paint(io, 'dim', `  (${r.source.file}:${r.source.line})`) : '';
          io.stdout(`  ${syncColor(io, r.status)}  ${resourceName(r)}${where}\n`);
          for (const d of r.drift) {
            const who = d.manager ? paint(io, 'dim', `  · ${d.manager}${d.time ? ` ${d.time}` : ''}`) : '';
            io.stdout(`      ${d.path}: ${fmt(d.desired)} → live ${fmt(d.live)}${who}\n`);
          }
        }
      }
      printProblems(io, result);
    }
    if (code) return code;
    return bool(flags['exit-code']) && drifted ? 1 : 0;
  },
};

function fmt(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
