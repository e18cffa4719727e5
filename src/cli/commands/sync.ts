// `plumb sync`: plan each app's sync, show the plan, ask, then apply it step by step with progress.
// Apps whose controller (Argo CD / Flux) lives in the cluster are refused: Plumb does not write
// behind a controller's back.
import { formatPlan } from '../../engine/sync/format.js';
import { planSync } from '../../engine/sync/plan.js';
import { findControllerOwner } from '../../engine/sync/controller.js';
import { dependencyOrder } from '../../engine/sync/depends.js';
import { planInputOf, prepareSync } from '../../engine/sync/prepare.js';
import type { SyncReport } from '../../engine/sync/execute.js';
import type { SyncPlan } from '../../engine/sync/types.js';
import type { EngineProblem } from '../../engine/types.js';
import { bool, parseArgs, str } from '../args.js';
import type { Command } from '../command.js';
import { syncThroughControllers, type ControllerApp } from '../controller-sync.js';
import { headRevision } from '../../engine/git/live-revision.js';
import { guardProtectedContext } from '../protected.js';
import { confirmAndApply, planJson, syncRefusal, writes, type SkippedApp } from '../sync-apply.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, repoRoot, runLevel } from '../shared.js';

const FLAGS = { ...GLOBAL_FLAGS, 'dry-run': 'boolean', prune: 'boolean', yes: 'boolean' } as const;

export const syncCommand: Command = {
  name: 'sync',
  summary: 'apply Git to the cluster: plan, confirm, apply by wave (or ask Argo CD / Flux)',
  usage: `Usage: plumb sync [APP…] [--dry-run] [--prune] [--yes] [options]

Plans each app's sync (create, update, prune, recreate, hooks; by phase and wave), prints the plan,
asks for confirmation and applies it with server-side apply (field manager "plumb", Git wins).
Apps that Argo CD or Flux own in the cluster are never written by Plumb: it asks the controller
(an Argo CD sync operation, with --prune if given; a Flux reconcile request) and follows the result.
Several apps in one run go in Flux dependsOn order (and app-of-apps parents first): an app waits
until the apps it depends on are synced and Ready, and is skipped, with the reason, when one of
them fails.

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
      const owned: ControllerApp[] = [];
      // Flux dependsOn (and app-of-apps parents) first; dependents of an app that does not sync are skipped.
      const specs = new Map(prepared.apps.map((p) => [p.app.name, p.app]));
      const order = dependencyOrder(prepared.apps.map((p) => p.app), new Set(), problems).map((a) => a.name);
      const notSynced = new Map<string, string>();
      for (const a of specs.values()) {
        for (const d of a.dependsOn ?? []) {
          if (!specs.has(d)) problems.push({ severity: 'warning', app: a.name, message: `depends on ${d}, which this run does not sync: its readiness is not checked (name both apps to sync them in order)` });
        }
      }
      for (const p of [...prepared.apps].sort((x, y) => order.indexOf(x.app.name) - order.indexOf(y.app.name))) {
        // Argo CD / Flux own it in the cluster: ask them, never write behind their back.
        const owner = await findControllerOwner(client, p.app, io.signal);
        if (owner) { owned.push({ app: p.app.name, owner }); continue; }
        problems.push(...p.problems);
        const refusal = await syncRefusal(p, client, io.signal);
        if (refusal) { problems.push(refusal); notSynced.set(p.app.name, `was not synced (${refusal.message})`); code = 2; continue; }
        const plan = planSync(planInputOf(p, { prune }));
        plans.push(plan);
        if (!json) io.stdout(formatPlan(plan) + '\n\n');
      }
      let controllers: Awaited<ReturnType<typeof syncThroughControllers>>['results'] = [];
      const done = (c: number, reports: SyncReport[] = [], skipped: SkippedApp[] = []) => {
        if (json) io.stdout(JSON.stringify({ plans: plans.map(planJson), reports, skipped, controllers, problems }, null, 2) + '\n');
        else printProblems();
        return c;
      };
      if (!dryRun && (owned.length || plans.some(writes))) {
        const guard = await guardProtectedContext(io, { repoRoot: root, context: client.config.context, confirmContext: str(flags['confirm-context']), json });
        if (guard) { problems.push(guard); return done(2); }
      }
      const viaControllers = await syncThroughControllers(io, owned, { client, yes, prune, dryRun, json, problems });
      controllers = viaControllers.results;
      for (const r of controllers) if (r.status !== 'Succeeded') notSynced.set(r.app, `failed to sync through its controller (${r.status})`);
      code = Math.max(code, viaControllers.code);
      if (dryRun || !plans.some(writes)) return done(code);
      // Record the commit on the objects (plumb history marks it LIVE); a dirty tree is not that commit.
      const head = await headRevision(root, io.signal);
      if (head.sha && head.dirty && !json) io.stdout('Note: applied from a dirty working tree (uncommitted changes are not part of the recorded revision).\n');
      const applied = await confirmAndApply(io, plans, { client, yes, prune, json, command: 'sync', problems, specs, notSynced, ...(head.sha ? { revision: head.sha } : {}) });
      // Not confirmed (2) wins; a failed sync (1) does not hide a run-level 2.
      return done(applied.code ? code || applied.code : code, applied.reports, applied.skipped);
    } finally {
      client.close();
    }
  },
};
