// Self-heal without a controller (issue 5): `plumb reconcile` re-syncs the apps whose auto-sync is
// enabled in .plumb.yaml (`autoSync: true`) when they drift from Git. For small clusters without
// Argo CD or Flux; an app that a controller owns in the cluster is left to it. Never prunes unless
// the app enables it (`prune: true`), never deletes and re-creates (that needs a person's
// consent), and backs off exponentially from an app whose sync keeps failing.
import { discoverApps } from '../discovery/index.js';
import type { KubeClient } from '../kube/client.js';
import type { AppSpec, EngineProblem, ObjectRef } from '../types.js';
import { findControllerOwner } from './controller.js';
import { syncApp, type SyncReport } from './execute.js';
import { planSync } from './plan.js';
import { planInputOf, prepareSync } from './prepare.js';
import type { SyncPlan, SyncStep } from './types.js';

export type ReconcileEvent =
  | { type: 'pass-start'; pass: number; apps: string[] }
  | { type: 'in-sync'; app: string }
  /** drifted objects found; a correction follows */
  | { type: 'drift'; app: string; steps: Array<{ action: SyncStep['action']; ref: ObjectRef }> }
  | { type: 'corrected'; app: string; report: SyncReport }
  | { type: 'failed'; app: string; message: string; retryInMs: number }
  | { type: 'skipped'; app: string; reason: string }
  | { type: 'pass-done'; pass: number; nextInMs?: number };

export interface ReconcileOptions {
  repoRoot: string;
  client: KubeClient;
  /** stops the loop at the next clean point (between apps, or while it waits) */
  signal: AbortSignal;
  /** restrict to these apps (they must still enable autoSync) */
  apps?: string[];
  /** time between passes (default 30 s) */
  intervalMs?: number;
  /** one pass, then return */
  once?: boolean;
  /** longest wait before a failing app is tried again (default 10 min) */
  maxBackoffMs?: number;
  waveTimeoutMs?: number;
  onEvent?: (e: ReconcileEvent) => void;
}

export interface ReconcileSummary {
  passes: number;
  corrections: number;
  failures: number;
  problems: EngineProblem[];
}

/** Whether `plumb reconcile` looks after this app: a plain app with autoSync in .plumb.yaml. */
export const autoSyncEnabled = (app: AppSpec): boolean => app.controller === 'plain' && app.syncPolicy?.automated === true;

/** The steps a correction would write: applies always, prunes only when the app allows pruning. */
function corrective(plan: SyncPlan, prune: boolean): SyncStep[] {
  return plan.steps.filter((s) => !s.hook && (s.action === 'create' || s.action === 'update' || (prune && s.action === 'prune')));
}

/** Resolves after ms, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function reconcile(opts: ReconcileOptions): Promise<ReconcileSummary> {
  const { client, signal } = opts;
  const intervalMs = opts.intervalMs ?? 30_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 10 * 60_000;
  const emit = (e: ReconcileEvent) => opts.onEvent?.(e);
  const failures = new Map<string, { count: number; until: number }>();
  const summary: ReconcileSummary = { passes: 0, corrections: 0, failures: 0, problems: [] };
  const problemKeys = new Set<string>();
  const note = (ps: EngineProblem[]) => {
    for (const p of ps) {
      const k = `${p.app ?? ''}\n${p.message}`;
      if (!problemKeys.has(k)) { problemKeys.add(k); summary.problems.push(p); }
    }
  };

  while (!signal.aborted) {
    const pass = ++summary.passes;
    try {
      await onePass(pass);
    } catch (e) {
      if (signal.aborted) break;
      // The cluster or the repository may be back by the next pass.
      note([{ severity: 'error', message: `pass ${pass} stopped: ${(e as Error).message}` }]);
    }
    const last = opts.once || signal.aborted;
    emit({ type: 'pass-done', pass, ...(last ? {} : { nextInMs: intervalMs }) });
    if (last) break;
    await pause(intervalMs, signal);
  }
  return summary;

  async function onePass(pass: number): Promise<void> {
    // Only the autoSync apps are rendered and compared: a pass costs what those apps cost.
    const discovered = await discoverApps(opts.repoRoot, { signal });
    const wanted = discovered.apps.filter((a) => autoSyncEnabled(a) && (!opts.apps?.length || opts.apps.includes(a.name)));
    for (const name of opts.apps ?? []) {
      const a = discovered.apps.find((x) => x.name === name);
      if (!a) note([{ severity: 'error', app: name, message: `no app named ${name}` }]);
      else if (!autoSyncEnabled(a)) note([{ severity: 'warning', app: name, message: `${name} does not set autoSync: true in .plumb.yaml: not reconciled` }]);
    }
    const prepared = wanted.length ? await prepareSync({ repoRoot: opts.repoRoot, client, signal, apps: wanted.map((a) => a.name) }) : { apps: [], problems: [] };
    note(prepared.problems);
    const apps = prepared.apps.filter((p) => autoSyncEnabled(p.app));
    emit({ type: 'pass-start', pass, apps: apps.map((p) => p.app.name) });
    for (const p of apps) {
      if (signal.aborted) break;
      const name = p.app.name;
      const backoff = failures.get(name);
      if (backoff && Date.now() < backoff.until) { emit({ type: 'skipped', app: name, reason: `backing off after ${backoff.count} failed correction(s)` }); continue; }
      const owner = await findControllerOwner(client, p.app, signal);
      if (owner) { emit({ type: 'skipped', app: name, reason: `owned by ${owner.kind} ${owner.namespace}/${owner.name}: its controller heals it` }); continue; }
      const errors = p.problems.filter((x) => x.severity === 'error');
      if (errors.length) { note(errors); emit({ type: 'skipped', app: name, reason: `does not render: ${errors[0]!.message}` }); continue; }
      const prune = p.app.syncPolicy?.prune === true;
      const plan = planSync(planInputOf(p, { prune }));
      const steps = corrective(plan, prune);
      const recreate = plan.steps.filter((s) => s.action === 'recreate');
      if (!steps.length) {
        if (recreate.length) emit({ type: 'skipped', app: name, reason: `${recreate.length} object(s) need delete + re-create (immutable field changed): run plumb sync` });
        else emit({ type: 'in-sync', app: name });
        continue;
      }
      emit({ type: 'drift', app: name, steps: steps.map((s) => ({ action: s.action, ref: s.ref })) });
      const report = await syncApp({
        plan, client, signal, appName: name, allowPrune: prune, allowRecreate: false,
        ...(opts.waveTimeoutMs ? { waveTimeoutMs: opts.waveTimeoutMs } : {}),
      });
      if (report.status === 'Succeeded') {
        failures.delete(name);
        summary.corrections++;
        emit({ type: 'corrected', app: name, report });
      } else if (report.status === 'Failed') {
        const count = (failures.get(name)?.count ?? 0) + 1;
        const retryInMs = Math.min(intervalMs * 2 ** (count - 1), maxBackoffMs);
        failures.set(name, { count, until: Date.now() + retryInMs });
        summary.failures++;
        emit({ type: 'failed', app: name, message: report.problems[0]?.message ?? 'sync failed', retryInMs });
      }
    }
  }
}
