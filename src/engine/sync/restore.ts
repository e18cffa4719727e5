// Disaster recovery (issue 5): re-create every app of the repository on an (empty) cluster, in an
// order where what others need exists first: apps that bring CRDs or Namespaces, then Flux
// dependsOn targets and app-of-apps parents before the apps that follow them. Each app is planned
// against the live cluster as it is when its turn comes (earlier apps may have created its
// namespace) and applied without prune or recreate: a restore only adds.
import type { KubeClient } from '../kube/client.js';
import { refOf, type AppSpec, type EngineProblem, type KubeObject, type ObjectRef } from '../types.js';
import { dependencyOrder } from './depends.js';
import { findControllerOwner, ownerReconciled, type ControllerOwner } from './controller.js';
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
  /** how it was restored, when that needs saying (an Argo CD / Flux app applied directly) */
  note?: string;
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
  return dependencyOrder(apps, foundation, problems);
}

function skipped(app: string, reason: string): RestoredApp {
  return { app, status: 'skipped', reason, created: [], failed: [] };
}

/** "Kind.group" of every CRD the apps render. */
function broughtKinds(apps: PreparedApp[]): Set<string> {
  const out = new Set<string>();
  for (const p of apps) {
    for (const r of p.rendered) {
      if (r.object.kind !== 'CustomResourceDefinition') continue;
      const spec = r.object['spec'] as { group?: unknown; names?: { kind?: unknown } } | undefined;
      if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string') out.add(`${spec.names.kind}.${spec.group}`);
    }
  }
  return out;
}

const TOOL = { argocd: 'Argo CD', flux: 'Flux' } as const;

// Argo CD / Flux objects (an app of apps' Applications, Kustomizations) only become healthy when
// their controller reports: during a restore there may be none yet, and the apps they stand for
// are restored by Plumb next, so the health gate does not wait for them.
const CONTROLLER_GROUP = /^(argoproj\.io|[a-z]+\.toolkit\.fluxcd\.io)\//;
const isControllerObject = (o: KubeObject) => CONTROLLER_GROUP.test(o.apiVersion ?? '');

/** What the report says of an Argo CD / Flux app that Plumb applies itself. */
function bootstrapNote(app: AppSpec, owner: ControllerOwner | undefined): string | undefined {
  if (app.controller !== 'argocd' && app.controller !== 'flux') return undefined;
  const tool = TOOL[app.controller];
  const where = owner ? `${owner.kind} ${owner.namespace}/${owner.name} exists but no controller has reconciled it` : `no ${tool} object for it in the cluster`;
  return `${tool} app applied directly by Plumb (bootstrap: ${where}); ${tool} takes its objects over once it runs`;
}

/** Re-creates every app of the repository, one after the other; never prunes or recreates. */
export async function restoreAll(opts: RestoreOptions): Promise<RestoreReport> {
  const { client, signal } = opts;
  const all = await prepareSync({ repoRoot: opts.repoRoot, client, signal });
  const foundation = new Set(all.apps.filter(isFoundation).map((p) => p.app.name));
  // On an empty cluster the kinds whose CRDs a foundation app brings are not served yet: expected
  // here, and checked again when each app's turn comes.
  const brought = broughtKinds(all.apps.filter((p) => foundation.has(p.app.name)));
  const problems: EngineProblem[] = all.problems.filter((p) => ![...brought].some((k) => p.message.includes(`does not serve kind ${k} `)));
  const addProblems = (more: EngineProblem[]) => {
    for (const p of more) if (!problems.some((q) => q.message === p.message && q.app === p.app)) problems.push(p);
  };
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
    // A restore is a bootstrap: on a fresh cluster the Argo CD / Flux objects may exist (restored
    // just before, e.g. by an app of apps) while no controller runs yet. Only a controller that
    // has handled its object is left to restore the app itself.
    const owner = await findControllerOwner(client, app, signal);
    if (owner && await ownerReconciled(client, owner, signal)) {
      finish(skipped(app.name, `owned by ${owner.kind} ${owner.namespace}/${owner.name}, which its controller reconciles: the controller restores it`));
      continue;
    }
    const note = bootstrapNote(app, owner);
    // Fresh live state: apps restored earlier may have created this app's namespace or objects.
    let prepared = all.apps.find((p) => p.app.name === app.name);
    if (!opts.dryRun) {
      const fresh = await prepareSync({ repoRoot: opts.repoRoot, client, signal, apps: [app.name] });
      addProblems(fresh.problems);
      prepared = fresh.apps[0];
    }
    if (!prepared) { finish(skipped(app.name, 'not found when preparing')); continue; }
    const renderErrors = prepared.problems.filter((p) => p.severity === 'error');
    if (renderErrors.length) { finish(skipped(app.name, `does not render: ${renderErrors[0]!.message}`)); continue; }
    const plan = planSync(planInputOf(prepared, { prune: false }));
    opts.onProgress?.({ type: 'app-start', app: app.name, plan });
    if (opts.dryRun) { finish({ app: app.name, status: 'restored', reason: 'dry run', created: [], failed: [], plan, ...(note ? { note } : {}) }); continue; }
    const report = await syncApp({
      plan, client, signal, appName: app.name, allowPrune: false, allowRecreate: false, ungated: isControllerObject,
      ...(opts.waveTimeoutMs ? { waveTimeoutMs: opts.waveTimeoutMs } : {}),
      onProgress: (event) => opts.onProgress?.({ type: 'sync', app: app.name, event }),
    });
    const created = report.steps.filter((s) => s.result === 'applied' || s.result === 'recreated').map((s) => s.ref);
    const stepFailures = report.steps.filter((s) => s.result === 'failed').map((s) => ({ ref: s.ref, message: s.message ?? 'failed' }));
    const ok = report.status === 'Succeeded';
    finish({
      app: app.name, status: ok ? 'restored' : 'failed', created, failed: stepFailures, plan, report, ...(note ? { note } : {}),
      ...(ok ? {} : { reason: stepFailures[0] ? `${stepFailures[0].ref.kind}/${stepFailures[0].ref.name}: ${stepFailures[0].message}` : report.problems[0]?.message ?? `sync ${report.status}` }),
    });
  }
  return { order: order.map((a) => a.name), apps: results, problems };
}
