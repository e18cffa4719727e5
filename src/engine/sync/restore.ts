// Disaster recovery (issue 5): re-create every app of the repository on an (empty) cluster, in an
// order where what others need exists first: apps that bring CRDs or Namespaces, then Flux
// dependsOn targets and app-of-apps parents before the apps that follow them. Each app is planned
// against the live cluster as it is when its turn comes (earlier apps may have created its
// namespace) and applied without prune or recreate: a restore only adds.
import type { KubeClient } from '../kube/client.js';
import { refOf, type AppSpec, type EngineProblem, type ObjectRef } from '../types.js';
import { findControllerOwner } from './controller.js';
import { syncApp, type SyncEvent, type SyncReport } from './execute.js';
import { planSync } from './plan.js';
import { planInputOf, prepareSync, type PreparedApp } from './prepare.js';
import type { SyncPlan } from './types.js';

export type RestoreStatus = 'restored' | 'failed' | 'skipped';

export interface RestoredApp {
  app: string;
  status: RestoreStatus;
  /** why the app was skipped or failed */
  reason?: string;
  /** objects written (created or brought to Git's state) */
  created: ObjectRef[];
  failed: Array<{ ref: ObjectRef; message: string }>;
  plan?: SyncPlan;
  report?: SyncReport;
}

export interface RestoreReport {
  order: string[];
  apps: RestoredApp[];
  problems: EngineProblem[];
}

export type RestoreEvent =
  | { type: 'app-start'; app: string; plan: SyncPlan }
  | { type: 'sync'; app: string; event: SyncEvent }
  | { type: 'app-done'; result: RestoredApp };

export interface RestoreOptions {
  repoRoot: string;
  client: KubeClient;
  signal: AbortSignal;
  onProgress?: (e: RestoreEvent) => void;
  /** plan every app against the cluster as it is now and write nothing (what `restore` shows before asking) */
  dryRun?: boolean;
  waveTimeoutMs?: number;
}

const FOUNDATION_KINDS = new Set(['apiextensions.k8s.io/CustomResourceDefinition', '/Namespace']);

/** Whether the prepared app renders CRDs or Namespaces, which other apps' objects need. */
const isFoundation = (p: PreparedApp) => p.rendered.some((r) => {
  const ref = refOf(r.object);
  return FOUNDATION_KINDS.has(`${ref.group}/${ref.kind}`);
});

/**
 * The order to restore apps in: `foundation` apps (CRDs / Namespaces) first, dependencies
 * (Flux dependsOn) and app-of-apps parents before the apps that need them, otherwise by name.
 * A cycle is broken at its first app by that rule, with a warning in `problems`.
 */
export function restoreOrder(apps: AppSpec[], foundation: ReadonlySet<string> = new Set(), problems: EngineProblem[] = []): AppSpec[] {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const before = new Map<string, Set<string>>(apps.map((a) => [a.name, new Set<string>()]));
  for (const a of apps) {
    for (const d of a.dependsOn ?? []) if (byName.has(d) && d !== a.name) before.get(a.name)!.add(d);
    for (const c of a.children ?? []) if (byName.has(c) && c !== a.name) before.get(c)!.add(a.name);
  }
  const rank = (a: AppSpec) => (foundation.has(a.name) ? 0 : 1);
  const cmp = (x: AppSpec, y: AppSpec) => rank(x) - rank(y) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  const done = new Set<string>();
  const out: AppSpec[] = [];
  let left = [...apps].sort(cmp);
  while (left.length) {
    let next = left.find((a) => [...before.get(a.name)!].every((d) => done.has(d)));
    if (!next) {
      next = left[0]!;
      const waiting = [...before.get(next.name)!].filter((d) => !done.has(d));
      problems.push({ severity: 'warning', app: next.name, message: `dependency cycle: restoring ${next.name} before ${waiting.join(', ')}` });
    }
    out.push(next);
    done.add(next.name);
    left = left.filter((a) => a !== next);
  }
  return out;
}

function skipped(app: string, reason: string): RestoredApp {
  return { app, status: 'skipped', reason, created: [], failed: [] };
}

/** Re-creates every app of the repository, one after the other; never prunes or recreates. */
export async function restoreAll(opts: RestoreOptions): Promise<RestoreReport> {
  const { client, signal } = opts;
  const all = await prepareSync({ repoRoot: opts.repoRoot, client, signal });
  const problems: EngineProblem[] = [...all.problems];
  const foundation = new Set(all.apps.filter(isFoundation).map((p) => p.app.name));
  const order = restoreOrder(all.apps.map((p) => p.app), foundation, problems);
  const results: RestoredApp[] = [];
  const notRestored = new Map<string, RestoreStatus>();
  const finish = (r: RestoredApp) => {
    results.push(r);
    if (r.status !== 'restored') notRestored.set(r.app, r.status);
    opts.onProgress?.({ type: 'app-done', result: r });
  };
  for (const app of order) {
    if (signal.aborted) { finish(skipped(app.name, 'cancelled')); continue; }
    if (app.remote) { finish(skipped(app.name, `remote source: ${app.remote.reason}`)); continue; }
    const dep = (app.dependsOn ?? []).find((d) => notRestored.has(d));
    if (dep) { finish(skipped(app.name, `depends on ${dep} which ${notRestored.get(dep) === 'failed' ? 'failed' : 'was skipped'}`)); continue; }
    const owner = await findControllerOwner(client, app, signal);
    if (owner) { finish(skipped(app.name, `owned by ${owner.kind} ${owner.namespace}/${owner.name}: the controller restores it`)); continue; }
    // Fresh live state: apps restored earlier may have created this app's namespace or objects.
    const prepared = opts.dryRun ? all.apps.find((p) => p.app.name === app.name) : (await prepareSync({ repoRoot: opts.repoRoot, client, signal, apps: [app.name] })).apps[0];
    if (!prepared) { finish(skipped(app.name, 'not found when preparing')); continue; }
    const renderErrors = prepared.problems.filter((p) => p.severity === 'error');
    if (renderErrors.length) { finish(skipped(app.name, `does not render: ${renderErrors[0]!.message}`)); continue; }
    const plan = planSync(planInputOf(prepared, { prune: false }));
    opts.onProgress?.({ type: 'app-start', app: app.name, plan });
    if (opts.dryRun) { finish({ app: app.name, status: 'restored', reason: 'dry run', created: [], failed: [], plan }); continue; }
    const report = await syncApp({
      plan, client, signal, appName: app.name, allowPrune: false, allowRecreate: false,
      ...(opts.waveTimeoutMs ? { waveTimeoutMs: opts.waveTimeoutMs } : {}),
      onProgress: (event) => opts.onProgress?.({ type: 'sync', app: app.name, event }),
    });
    const created = report.steps.filter((s) => s.result === 'applied' || s.result === 'recreated').map((s) => s.ref);
    const stepFailures = report.steps.filter((s) => s.result === 'failed').map((s) => ({ ref: s.ref, message: s.message ?? 'failed' }));
    const ok = report.status === 'Succeeded';
    finish({
      app: app.name, status: ok ? 'restored' : 'failed', created, failed: stepFailures, plan, report,
      ...(ok ? {} : { reason: stepFailures[0] ? `${stepFailures[0].ref.kind}/${stepFailures[0].ref.name}: ${stepFailures[0].message}` : report.problems[0]?.message ?? `sync ${report.status}` }),
    });
  }
  return { order: order.map((a) => a.name), apps: results, problems };
}
