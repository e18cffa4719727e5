// Order between apps of one run (issue 5): Flux `dependsOn` targets and app-of-apps parents go
// before the apps that need them; an app whose dependency did not sync (or is not Ready) is
// skipped with the reason, as Flux holds back a Kustomization whose dependency is not Ready.
import type { KubeClient } from '../kube/client.js';
import type { AppSpec, EngineProblem } from '../types.js';
import type { SyncReport } from './execute.js';
import { WaitCancelled, WaitTimeout, targetOf, waitSettled } from './wait.js';

/**
 * Apps in an order where dependencies (Flux dependsOn) and app-of-apps parents come first;
 * `first` apps (e.g. those bringing CRDs / Namespaces) lead, otherwise by name. A cycle is
 * broken at its first app by that rule, with a warning in `problems`.
 */
export function dependencyOrder(apps: AppSpec[], first: ReadonlySet<string> = new Set(), problems: EngineProblem[] = []): AppSpec[] {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const before = new Map<string, Set<string>>(apps.map((a) => [a.name, new Set<string>()]));
  for (const a of apps) {
    for (const d of a.dependsOn ?? []) if (byName.has(d) && d !== a.name) before.get(a.name)!.add(d);
    for (const c of a.children ?? []) if (byName.has(c) && c !== a.name) before.get(c)!.add(a.name);
  }
  const rank = (a: AppSpec) => (first.has(a.name) ? 0 : 1);
  const cmp = (x: AppSpec, y: AppSpec) => rank(x) - rank(y) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  const done = new Set<string>();
  const out: AppSpec[] = [];
  let left = [...apps].sort(cmp);
  while (left.length) {
    let next = left.find((a) => [...before.get(a.name)!].every((d) => done.has(d)));
    if (!next) {
      next = left[0]!;
      const waiting = [...before.get(next.name)!].filter((d) => !done.has(d));
      problems.push({ severity: 'warning', app: next.name, message: `dependency cycle: syncing ${next.name} before ${waiting.join(', ')}` });
    }
    out.push(next);
    done.add(next.name);
    left = left.filter((a) => a !== next);
  }
  return out;
}

/** Why `app` must wait: the first of its dependencies that did not sync in this run, or undefined. */
export function blockedBy(app: AppSpec, notSynced: ReadonlyMap<string, string>): string | undefined {
  const dep = (app.dependsOn ?? []).find((d) => notSynced.has(d));
  return dep ? `depends on ${dep}, which ${notSynced.get(dep)}` : undefined;
}

/**
 * Waits until the objects a sync applied are Ready (not Progressing), as Flux waits for a
 * dependency to be Ready before it reconciles the apps that depend on it. Returns why the app is
 * not ready, or undefined when it is.
 */
export async function waitAppReady(client: KubeClient, report: SyncReport, timeoutMs: number, signal: AbortSignal): Promise<string | undefined> {
  const targets = report.steps.filter((s) => (s.result === 'applied' || s.result === 'recreated') && !s.message?.startsWith('hook ')).map((s) => targetOf(s.ref));
  if (!targets.length) return undefined;
  try {
    const r = await waitSettled(client, targets, timeoutMs, signal);
    if (!r.degraded) return undefined;
    const t = r.degraded.target;
    return `is not Ready: ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name} is Degraded${r.degraded.health.message ? ` (${r.degraded.health.message})` : ''}`;
  } catch (e) {
    if (e instanceof WaitCancelled) return 'was cancelled';
    if (e instanceof WaitTimeout) return `is not Ready: ${e.message}`;
    throw e;
  }
}
