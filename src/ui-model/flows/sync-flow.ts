// `Plumb: Sync` and `Plumb: Sync Resource` without the editor: plan the app's sync as `plumb sync`
// does, show it, ask (prunes and recreates each get their own question, a protected context its
// typed name), apply wave by wave with progress, stop cleanly on cancel, then refresh. Apps that
// Argo CD or Flux own are never written by Plumb: their controller is asked instead.
import { GitError, runGit } from '../../engine/git/git.js';
import { workingTreeState } from '../../engine/git/status.js';
import type { KubeClient } from '../../engine/kube/client.js';
import { isAbort } from '../../engine/kube/errors.js';
import { findControllerOwner, triggerControllerSync, type ControllerOwner } from '../../engine/sync/controller.js';
import { syncApp, type SyncReport } from '../../engine/sync/execute.js';
import { planSync } from '../../engine/sync/plan.js';
import { planInputOf, prepareSync, type PreparedApp } from '../../engine/sync/prepare.js';
import type { SyncPlan } from '../../engine/sync/types.js';
import type { EngineProblem, ObjectRef } from '../../engine/types.js';
import { passProtection } from './protected-contexts.js';
import {
  countsText, objectText, planForObject, progressText, prunesOf, recreatesOf, resultText, stepLines, writingSteps, wroteSomething,
} from './plan-text.js';
import { result, type FlowDeps, type FlowResult } from './types.js';

export interface SyncFlowArgs {
  app: string;
  /** sync only this object of the app */
  ref?: ObjectRef;
  /** the commit the objects are recorded as applied from (rollback: its revert commit); default HEAD */
  revision?: string;
}

export const SYNC = 'Sync';
export const SYNC_AND_PRUNE = 'Sync and prune';
export const SYNC_WITHOUT_PRUNING = 'Sync without pruning';
export const RECREATE = 'Delete and re-create';
export const SKIP_RECREATE = 'Skip them';

const problemText = (p: EngineProblem) => `${p.location ? `${p.location.file}:${p.location.line}: ` : ''}${p.message}`;
const toolName = (o: ControllerOwner) => (o.tool === 'argocd' ? 'Argo CD' : 'Flux');
const cancelled = (what: string) => result('cancelled', `${what} cancelled before anything was written.`);

export async function syncFlow(deps: FlowDeps, args: SyncFlowArgs): Promise<FlowResult> {
  const what = args.ref ? `${objectText(args.ref)} of ${args.app}` : args.app;
  const client = deps.session.client();
  if (!client) {
    const why = deps.session.snapshot()?.connection.message;
    return result('refused', `Not connected to a cluster${why ? ` (${why})` : ''}: cannot sync ${what}.`);
  }
  try {
    return await run(deps, args, client, what);
  } catch (e) {
    if (isAbort(e) || deps.signal.aborted) return cancelled(`Sync of ${what}`);
    throw e;
  }
}

async function run(deps: FlowDeps, args: SyncFlowArgs, client: KubeClient, what: string): Promise<FlowResult> {
  const { signal, prompt } = deps;
  const repoRoot = deps.session.repoRoot;
  const context = client.config.context;
  deps.progress({ message: `Planning ${what}…` });
  const prepared = await prepareSync({ repoRoot, client, signal, apps: [args.app] });
  const p = prepared.apps.find((a) => a.app.name === args.app);
  if (!p) {
    const why = prepared.problems.find((x) => x.severity === 'error');
    return result('refused', why ? problemText(why) : `No app named ${args.app} in this workspace.`);
  }
  const owner = await findControllerOwner(client, p.app, signal);
  if (owner) return viaController(deps, p, owner, client, args.ref);
  if (p.app.remote) return result('refused', `Cannot sync ${args.app}: ${p.app.remote.reason}.`);
  const renderError = p.problems.find((x) => x.severity === 'error');
  if (renderError) return result('refused', `${args.app} does not render cleanly, so it is not synced: ${problemText(renderError)}`);

  // Planned with pruning so the prunes can be listed; declining them re-plans without.
  const planFor = (prune: boolean): SyncPlan | undefined => {
    const full = planSync(planInputOf(p, { prune }));
    return args.ref ? planForObject(full, args.ref) : full;
  };
  let plan = planFor(true);
  if (!plan) return result('refused', `${what}: the app's plan has no step for this object (it is neither in Git nor tracked as part of ${args.app}).`);
  if (!writingSteps(plan).length) {
    return result('nothing-to-do', `${what} matches Git on "${context}": nothing to sync (${countsText(plan)}).`, { plan });
  }
  const prunes = prunesOf(plan);
  const recreates = recreatesOf(plan);
  const applies = writingSteps(plan).filter((s) => s.action !== 'prune' && s.action !== 'recreate');
  const detail = [
    `Plan: ${countsText(plan)}.`,
    ...(applies.length ? ['', ...stepLines(applies)] : []),
    ...(prunes.length ? ['', `${prunes.length} object(s) left Git: you decide next whether to delete them.`] : []),
    ...(recreates.length ? ['', `${recreates.length} object(s) can only be updated by deleting and re-creating them: you decide next.`] : []),
    '', `Server-side apply as field manager "plumb"; Git wins over live edits.`,
  ].join('\n');
  // The progress toast stays up while the user reads the plan: say what it waits for.
  if (deps.showPlan) deps.progress({ message: 'waiting for Sync or Cancel in the diff panel' });
  const confirmed = (await deps.showPlan?.(plan)) ?? await prompt.confirm(`Sync ${what} to context "${context}"?`, detail, SYNC);
  if (!confirmed) return result('declined', `Sync of ${what}: nothing applied.`, { plan });

  let allowPrune = false;
  if (prunes.length) {
    const choice = await prompt.choose(
      `Delete ${prunes.length} object(s) of ${args.app} that left Git from "${context}"?`,
      [...stepLines(prunes), '', 'They are deleted only with "Sync and prune"; otherwise they stay in the cluster.'].join('\n'),
      [SYNC_AND_PRUNE, SYNC_WITHOUT_PRUNING] as const,
    );
    if (!choice) return result('declined', `Sync of ${what}: nothing applied.`, { plan });
    allowPrune = choice === SYNC_AND_PRUNE;
    if (!allowPrune) {
      plan = planFor(false)!;
      if (!writingSteps(plan).length) return result('declined', `Sync of ${what}: the only changes were deletions, which you declined; nothing applied.`, { plan });
    }
  }
  let allowRecreate = false;
  if (recreates.length) {
    const choice = await prompt.choose(
      `Delete and re-create ${recreates.length} object(s) on "${context}"? An immutable field changed.`,
      [...stepLines(recreates), '', 'This means downtime for them, and data in re-created volumes may be lost.'].join('\n'),
      [RECREATE, SKIP_RECREATE] as const,
    );
    if (!choice) return result('declined', `Sync of ${what}: nothing applied.`, { plan });
    allowRecreate = choice === RECREATE;
  }
  if (!(await passProtection(repoRoot, context, (m, e) => prompt.confirmText(m, e), signal, `sync ${what}`))) {
    return result('declined', `Sync of ${what}: the context name was not typed; nothing applied.`, { plan });
  }
  if (signal.aborted) return cancelled(`Sync of ${what}`);

  const revision = args.revision ?? await headRevision(repoRoot, signal, (m) => deps.log.warn(m));
  const total = plan.steps.filter((s) => s.phase !== 'SyncFail').length || 1;
  const report = await syncApp({
    plan, client, signal, appName: args.app, allowPrune, allowRecreate, ...(revision ? { revision } : {}),
    onProgress: (e) => {
      const message = progressText(e);
      if (message) deps.progress({ message, ...(e.type === 'step' ? { increment: 100 / total } : {}) });
      if (e.type === 'step') deps.log.info(`sync ${args.app}: ${message}`);
    },
  });
  await refresh(deps);
  return outcomeOf(report, plan, what, context);
}

function outcomeOf(report: SyncReport, plan: SyncPlan, what: string, context: string): FlowResult {
  const applied = report.steps.filter(wroteSomething);
  const more = { applied, report, plan };
  const list = (n = 5) => applied.slice(0, n).map(resultText).join('; ') + (applied.length > n ? `; … ${applied.length - n} more` : '');
  switch (report.status) {
    case 'Succeeded': {
      const skipped = report.steps.filter((s) => s.result === 'skipped').length;
      return result('succeeded', `Synced ${what} to "${context}": ${applied.length} object(s) written${skipped ? `, ${skipped} skipped` : ''}.`, more);
    }
    case 'Failed': {
      const why = report.problems[0]?.message ?? 'a step failed';
      return result('failed', `Sync of ${what} failed: ${why}${applied.length ? ` (written before: ${list()})` : ''}.`, more);
    }
    case 'Cancelled':
      return result('cancelled', applied.length
        ? `Sync of ${what} cancelled after ${applied.length} object(s) were written: ${list()}. The rest was not applied.`
        : `Sync of ${what} cancelled before anything was written.`, more);
  }
}

async function viaController(deps: FlowDeps, p: PreparedApp, owner: ControllerOwner, client: KubeClient, ref: ObjectRef | undefined): Promise<FlowResult> {
  const { prompt, signal } = deps;
  const tool = toolName(owner);
  const context = client.config.context;
  const app = p.app.name;
  // What the working tree says left Git: a hint for the prune choice (the controller syncs from the remote).
  const localPrunes = p.app.remote || p.problems.some((x) => x.severity === 'error') ? [] : prunesOf(planSync(planInputOf(p, { prune: true })));
  const detail = [
    `${app} is owned by ${tool} (${owner.kind} ${owner.namespace}/${owner.name}). Plumb does not write its objects: it ${owner.tool === 'argocd' ? 'sets a sync operation on the Application' : 'requests a reconcile'} and follows the result.`,
    ...(ref ? ['', `${tool} syncs whole apps: all of ${app} is synced, not only ${objectText(ref)}.`] : []),
    `${tool} syncs from the Git remote: local commits that are not pushed are not part of it.`,
    ...(owner.tool === 'argocd' && localPrunes.length ? ['', `Left Git in your working tree (deleted only with "${SYNC_AND_PRUNE}"):`, ...stepLines(localPrunes)] : []),
  ].join('\n');
  let prune = false;
  if (owner.tool === 'argocd') {
    const choice = await prompt.choose(`Ask Argo CD to sync ${app} on context "${context}"?`, detail, [SYNC, SYNC_AND_PRUNE] as const);
    if (!choice) return result('declined', `${app}: Argo CD was not asked to sync.`);
    prune = choice === SYNC_AND_PRUNE;
  } else if (!(await prompt.confirm(`Ask Flux to reconcile ${app} on context "${context}"?`, detail, SYNC))) {
    return result('declined', `${app}: Flux was not asked to reconcile.`);
  }
  if (!(await passProtection(deps.session.repoRoot, context, (m, e) => prompt.confirmText(m, e), signal, `ask ${tool} to sync ${app}`))) {
    return result('declined', `${app}: the context name was not typed; ${tool} was not asked.`);
  }
  const r = await triggerControllerSync(client, owner, {
    signal, prune,
    onProgress: (x) => deps.progress({ message: `${tool}: ${x.phase}${x.message ? ` — ${x.message}` : ''}` }),
  });
  deps.log.info(`sync ${app} via ${tool}: ${r.status}: ${r.message}`);
  await refresh(deps);
  const outcome = r.status === 'Succeeded' ? 'succeeded' : r.status === 'Cancelled' ? 'cancelled' : 'failed';
  return result(outcome, `${tool} sync of ${app} ${r.status === 'Succeeded' ? 'succeeded' : r.status.toLowerCase()}: ${r.message}`, { controller: r });
}

async function refresh(deps: FlowDeps): Promise<void> {
  try {
    await deps.session.refresh();
  } catch (e) {
    deps.log.warn(`refresh after the sync failed: ${(e as Error).message}`);
  }
}

/** HEAD's sha, recorded on the applied objects (`plumb history` marks it live); undefined outside Git. */
async function headRevision(root: string, signal: AbortSignal, warn: (m: string) => void): Promise<string | undefined> {
  try {
    const r = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], { signal, okCodes: [1] });
    const sha = r.code === 0 ? r.stdout.trim() : '';
    if (!sha) return undefined;
    if ((await workingTreeState(root, signal)).dirty) warn('applying from a dirty working tree: uncommitted changes are not part of the recorded revision');
    return sha;
  } catch (e) {
    if (e instanceof GitError) return undefined;
    throw e;
  }
}
