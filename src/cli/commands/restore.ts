// `plumb restore`: disaster recovery. Shows the restore order and each app's plan against the
// cluster as it is, asks, then re-creates the apps one after the other and reports per app.
import { formatPlan } from '../../engine/sync/format.js';
import { restoreAll, type RestoreEvent, type RestoreReport } from '../../engine/sync/restore.js';
import type { EngineProblem } from '../../engine/types.js';
import { bool, parseArgs, str } from '../args.js';
import type { Command, CliIO } from '../command.js';
import { guardProtectedContext } from '../protected.js';
import { askYes, planJson } from '../sync-apply.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, repoRoot, runLevel } from '../shared.js';

const FLAGS = { ...GLOBAL_FLAGS, yes: 'boolean' } as const;

const refText = (r: { group: string; kind: string; namespace?: string; name: string }) =>
  `${r.group ? `${r.kind}.${r.group}` : r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function progress(io: CliIO, e: RestoreEvent): void {
  if (e.type === 'app-start') io.stdout(`[${e.app}] restoring: ${e.plan.steps.filter((s) => s.action !== 'unchanged' && s.action !== 'skip').length} step(s)\n`);
  else if (e.type === 'sync' && e.event.type === 'step') {
    const s = e.event.step;
    io.stdout(`[${e.app}]   ${s.result.padEnd(9)} ${refText(s.ref)}${s.message ? `  (${s.message})` : ''}\n`);
  } else if (e.type === 'app-done') {
    const r = e.result;
    io.stdout(`[${r.app}] ${r.status}${r.reason ? `: ${r.reason}` : ''}\n`);
  }
}

function formatReport(r: RestoreReport): string {
  const lines = ['Restore report:'];
  for (const a of r.apps) {
    const counts = a.status === 'skipped' ? '' : `  (${a.created.length} written, ${a.failed.length} failed)`;
    lines.push(`  ${a.status.padEnd(8)} ${a.app}${counts}${a.reason ? `  ${a.reason}` : ''}`);
    if (a.note) lines.push(`             ${a.note}`);
    for (const f of a.failed) lines.push(`             ${refText(f.ref)}: ${f.message}`);
  }
  return lines.join('\n');
}

const reportJson = (r: RestoreReport) => ({
  order: r.order,
  apps: r.apps.map((a) => ({ app: a.app, status: a.status, ...(a.reason ? { reason: a.reason } : {}), ...(a.note ? { note: a.note } : {}), created: a.created, failed: a.failed, ...(a.plan ? { plan: planJson(a.plan) } : {}) })),
  problems: r.problems,
});

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'disaster recovery: re-create every app of the repository on an (empty) cluster',
  usage: `Usage: plumb restore [--yes] [options]

Re-creates every app of the repository in dependency order: apps with CRDs or Namespaces first,
then Flux dependsOn targets and app-of-apps parents before the apps that need them. Prints the
order and each app's plan, asks, then applies app by app (never prunes or re-creates objects)
and prints what was created and what failed. A restore is a bootstrap: Argo CD and Flux apps
are applied by Plumb itself (field manager plumb, said in the report) unless their Application /
Kustomization / HelmRelease exists and a running controller has reconciled it; the health gate
does not wait for Argo CD / Flux objects, which no controller reports on yet. Remote apps and
apps that do not render are skipped with the reason. A failed app does not stop the restore,
except for the apps that depend on it. Exit 0: all restored; 1: some failed or were
skipped; 2: errors (e.g. not confirmed).

  --yes               do not ask; required when stdin is not a terminal
${GLOBAL_USAGE}`,
  async run(argv, io) {
    const { flags } = parseArgs(argv, FLAGS);
    const json = bool(flags['json']);
    const yes = bool(flags['yes']);
    const root = repoRoot(io, str(flags['repo']));
    const conn = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
    const problems: EngineProblem[] = [...conn.problems];
    const printProblems = () => { for (const p of problems) io.stderr(formatProblem(p) + '\n'); };
    if (!conn.client) { printProblems(); return 2; }
    const client = conn.client;
    try {
      const preview = await restoreAll({ repoRoot: root, client, signal: io.signal, dryRun: true });
      // Kinds the empty cluster does not serve yet are expected here; only a repository without apps stops the restore.
      if (!preview.apps.length) { problems.push(...preview.problems); printProblems(); return runLevel(preview.problems) ? 2 : 0; }
      if (!json) {
        io.stdout(`Restore order: ${preview.order.join(', ')}\n\n`);
        for (const a of preview.apps) io.stdout(a.plan ? formatPlan(a.plan) + '\n\n' : `${a.app}: skipped: ${a.reason ?? ''}\n\n`);
      }
      if (!yes) {
        if (!process.stdin.isTTY) {
          problems.push({ severity: 'error', message: 'stdin is not a terminal: pass --yes to restore' });
          printProblems();
          return 2;
        }
        if (!(await askYes(io, `Restore these apps to context "${client.config.context}"? [y/N] `))) {
          io.stderr('plumb restore: nothing applied\n');
          return 2;
        }
      }
      const guard = await guardProtectedContext(io, { repoRoot: root, context: client.config.context, confirmContext: str(flags['confirm-context']), json: json });
      if (guard) { problems.push(guard); printProblems(); return 2; }
      const report = await restoreAll({ repoRoot: root, client, signal: io.signal, ...(json ? {} : { onProgress: (e: RestoreEvent) => progress(io, e) }) });
      problems.push(...report.problems);
      if (json) io.stdout(JSON.stringify(reportJson(report), null, 2) + '\n');
      else io.stdout('\n' + formatReport(report) + '\n');
      if (!json) printProblems();
      return report.apps.every((a) => a.status === 'restored') ? 0 : 1;
    } finally {
      client.close();
    }
  },
};
