// `plumb reconcile`: self-heal for clusters without Argo CD or Flux. Re-syncs the apps that
// enable `autoSync` in .plumb.yaml whenever they drift, one pass every --interval, logging each
// correction; stops cleanly on Ctrl+C.
import { reconcile, type ReconcileEvent } from '../../engine/sync/reconcile.js';
import type { EngineProblem } from '../../engine/types.js';
import { bool, parseArgs, str } from '../args.js';
import { UsageError, type CliIO, type Command } from '../command.js';
import { guardProtectedContext } from '../protected.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, repoRoot, runLevel } from '../shared.js';

const FLAGS = { ...GLOBAL_FLAGS, watch: 'boolean', once: 'boolean', interval: 'string' } as const;

/** "30s", "2m", "1h", "500ms" or plain seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--interval "${text}" is not a duration (e.g. 30s, 2m, 1h)`);
  const ms = Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000);
  if (ms < 1000) throw new UsageError('--interval must be at least 1s');
  return ms;
}

const refText = (r: { group: string; kind: string; namespace?: string; name: string }) =>
  `${r.group ? `${r.kind}.${r.group}` : r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function logLine(e: ReconcileEvent): string | undefined {
  const t = new Date().toISOString();
  switch (e.type) {
    case 'pass-start': return `${t} pass ${e.pass}: ${e.apps.length ? e.apps.join(', ') : 'no app enables autoSync in .plumb.yaml'}`;
    case 'in-sync': return undefined;
    case 'drift': return `${t} [${e.app}] drift: ${e.steps.map((s) => `${s.action} ${refText(s.ref)}`).join(', ')}`;
    case 'corrected': {
      const done = e.report.steps.filter((s) => s.result === 'applied' || s.result === 'pruned');
      return `${t} [${e.app}] corrected: ${done.map((s) => `${s.result} ${refText(s.ref)}`).join(', ')}`;
    }
    case 'failed': return `${t} [${e.app}] correction failed: ${e.message}; next try in ${Math.round(e.retryInMs / 1000)}s`;
    case 'skipped': return `${t} [${e.app}] skipped: ${e.reason}`;
    case 'pass-done': return e.nextInMs === undefined ? undefined : `${t} next pass in ${Math.round(e.nextInMs / 1000)}s`;
  }
}

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'self-heal without a controller: re-sync autoSync apps when they drift',
  usage: `Usage: plumb reconcile (--watch [--interval 30s] | --once) [APP…] [options]

For clusters without Argo CD or Flux: re-syncs the apps that set \`autoSync: true\` in .plumb.yaml
whenever they drift from Git (server-side apply as field manager plumb), logging each correction.
Prunes only apps that also set \`prune: true\`; never deletes and re-creates an object (run
plumb sync for that). An app whose correction fails is retried with exponential backoff (the
interval, doubled per failure, at most 10 minutes). Apps that Argo CD or Flux own in the cluster
are left to them. At scale this job belongs to Argo CD or Flux, which Plumb then drives.

  --watch             keep reconciling until interrupted (Ctrl+C stops at a clean point)
  --interval DUR      time between passes with --watch (default 30s; e.g. 10s, 2m)
  --once              one pass, then exit: 0 when nothing failed, 1 when a correction failed
${GLOBAL_USAGE}`,
  async run(argv, io: CliIO) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const watch = bool(flags['watch']);
    const once = bool(flags['once']);
    if (watch === once) throw new UsageError('pass --watch (loop) or --once (one pass)');
    const intervalMs = parseDuration(str(flags['interval']) ?? '30s');
    const json = bool(flags['json']);
    const conn = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
    const problems: EngineProblem[] = [...conn.problems];
    if (!conn.client) { for (const p of problems) io.stderr(formatProblem(p) + '\n'); return 2; }
    const client = conn.client;
    try {
      const guard = await guardProtectedContext(io, { repoRoot: repoRoot(io, str(flags['repo'])), context: client.config.context, confirmContext: str(flags['confirm-context']), json: json });
      if (guard) { io.stderr(formatProblem(guard) + '\n'); return 2; }
      const summary = await reconcile({
        repoRoot: repoRoot(io, str(flags['repo'])), client, signal: io.signal, intervalMs, once,
        ...(positionals.length ? { apps: positionals } : {}),
        onEvent: (e) => {
          if (json) { io.stdout(JSON.stringify({ time: new Date().toISOString(), ...e, ...(e.type === 'corrected' ? { report: { status: e.report.status, steps: e.report.steps } } : {}) }) + '\n'); return; }
          const line = logLine(e);
          if (line) io.stdout(line + '\n');
        },
      });
      problems.push(...summary.problems);
      for (const p of problems) io.stderr(formatProblem(p) + '\n');
      if (!json) io.stdout(`${io.signal.aborted ? 'stopped' : 'done'}: ${summary.passes} pass(es), ${summary.corrections} correction(s), ${summary.failures} failure(s)\n`);
      if (runLevel(problems) || problems.some((p) => p.severity === 'error' && p.message.startsWith('no app named'))) return 2;
      return summary.failures ? 1 : 0;
    } finally {
      client.close();
    }
  },
};
