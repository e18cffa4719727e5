// `plumb sync`: plan each app's sync, show the plan, ask, then apply it step by step with progress.
// Apps whose controller (Argo CD / Flux) lives in the cluster are refused: Plumb does not write
// behind a controller's back.
import { createInterface } from 'node:readline/promises';
import { syncApp, type SyncEvent, type SyncReport } from '../../engine/sync/execute.js';
import { formatPlan } from '../../engine/sync/format.js';
import { planSync } from '../../engine/sync/plan.js';
import { controllerOwner, planInputOf, prepareSync } from '../../engine/sync/prepare.js';
import type { SyncPlan } from '../../engine/sync/types.js';
import type { EngineProblem } from '../../engine/types.js';
import { bool, parseArgs, str } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, repoRoot, runLevel } from '../shared.js';

const FLAGS = { ...GLOBAL_FLAGS, 'dry-run': 'boolean', prune: 'boolean', yes: 'boolean' } as const;

/** Asks on the terminal; only called when stdin is a TTY. */
async function ask(io: CliIO, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question, { signal: io.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

const writes = (p: SyncPlan) => p.steps.some((s) => s.action === 'create' || s.action === 'update' || s.action === 'prune' || s.action === 'recreate');
const refText = (r: { group: string; kind: string; namespace?: string; name: string }) =>
  `${r.group ? `${r.kind}.${r.group}` : r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function progressLine(app: string, e: SyncEvent): string | undefined {
  switch (e.type) {
    case 'wave-start': return `[${app}] ${e.phase} wave ${e.wave}: ${e.steps} step(s)`;
    case 'wave-wait': return `[${app}] ${e.phase} wave ${e.wave}: waiting for ${e.objects} object(s) to become ready`;
    case 'step': return `[${app}]   ${e.step.result.padEnd(9)} ${refText(e.step.ref)}${e.step.message ? `  (${e.step.message})` : ''}`;
    default: return undefined;
  }
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'apply Git to the cluster for plain apps: plan, confirm, apply by wave',
  usage: `Usage: plumb sync [APP…] [--dry-run] [--prune] [--yes] [options]

Plans each app's sync (create, update, prune, recreate, hooks; by phase and wave), prints the plan,
asks for confirmation and applies it with server-side apply (field manager "plumb", Git wins).
Apps managed by Argo CD or Flux in the cluster are refused: sync them with their controller.

  --dry-run           print the plan and stop; nothing is written
  --prune             delete objects that left Git (they are only listed otherwise)
  --yes               do not ask; required when stdin is not a terminal. Recreating objects
                      (delete + create) still needs an answer on a terminal.
${GLOBAL_USAGE}`,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const json = bool(flags['json']);
    const dryRun = bool(flags['dry-run']);
    const yes = bool(flags['yes']);
    const prune = bool(flags['prune']);
    const root = repoRoot(io, str(flags['repo']));
    const conn = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
    const problems: EngineProblem[] = [...conn.problems];
    const printProblems = () => { for (const p of problems) io.stderr(formatProblem(p) + '\n'); };
    if (!conn.client) { printProblems(); return 2; }
    const client = conn.client;
    try {
      const prepared = await prepareSync({ repoRoot: root, client, signal: io.signal, ...(positionals.length ? { apps: positionals } : {}) });
      problems.push(...prepared.problems);
      let code = runLevel(problems) || problems.some((p) => p.severity === 'error' && p.message.startsWith('no app named')) ? 2 : 0;
      const plans: SyncPlan[] = [];
      for (const p of prepared.apps) {
        problems.push(...p.problems);
        if (p.app.remote) { problems.push({ severity: 'error', app: p.app.name, message: `cannot sync: ${p.app.remote.reason}` }); code = 2; continue; }
        if (p.problems.some((x) => x.severity === 'error')) {
          problems.push({ severity: 'error', app: p.app.name, message: 'not synced: the app does not render cleanly' });
          code = 2;
          continue;
        }
        const owner = await controllerOwner(client, p.app, io.signal);
        if (owner) { problems.push({ severity: 'error', app: p.app.name, message: owner }); code = 2; continue; }
        const plan = planSync(planInputOf(p, { prune }));
        plans.push(plan);
        if (!json) io.stdout(formatPlan(plan) + '\n\n');
      }
      const reports: SyncReport[] = [];
      const done = (c: number) => {
        if (json) io.stdout(JSON.stringify({ plans: plans.map((p) => ({ app: p.app, steps: p.steps.map((s) => ({ phase: s.phase, wave: s.wave, action: s.action, ref: s.ref, ...(s.reason ? { reason: s.reason } : {}), ...(s.driftPaths ? { driftPaths: s.driftPaths } : {}) })) })), reports, problems }, null, 2) + '\n');
        else printProblems();
        return c;
      };
      const pending = plans.filter(writes);
      if (dryRun || !pending.length) return done(code);
      if (!yes) {
        if (!process.stdin.isTTY) {
          problems.push({ severity: 'error', message: 'stdin is not a terminal: pass --yes to apply' });
          return done(2);
        }
        if (!(await ask(io, `Apply the plan above to context "${client.config.context}"? [y/N] `))) {
          io.stderr('plumb sync: nothing applied\n');
          return done(code || 2);
        }
      }
      for (const plan of pending) {
        let allowRecreate = false;
        if (plan.needsConfirmation.recreate) {
          allowRecreate = !!process.stdin.isTTY && await ask(io, `${plan.app}: delete and re-create the objects marked "recreate" (downtime; data may be lost)? [y/N] `);
        }
        if (io.signal.aborted) break;
        const report = await syncApp({
          plan, client, signal: io.signal, appName: plan.app, allowPrune: prune, allowRecreate,
          onProgress: (e) => { const l = json ? undefined : progressLine(plan.app, e); if (l) io.stdout(l + '\n'); },
        });
        reports.push(report);
        problems.push(...report.problems);
        if (!json) io.stdout(`[${plan.app}] sync ${report.status}\n`);
        if (report.status !== 'Succeeded') code = code || 1;
      }
      return done(code);
    } finally {
      client.close();
    }
  },
};
