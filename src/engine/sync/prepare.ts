// What a sync plan needs, per app: rendered objects, live objects, the inventory (live objects
// tracked as this app's) and drift verdicts. Verdicts come from workspaceStatus, so `plumb sync`
// plans from exactly what `plumb status` reports.
import { discoverApps } from '../discovery/index.js';
import type { KubeClient } from '../kube/client.js';
import type { GroupKind } from '../kube/discovery.js';
import { isUnknownKind } from '../kube/errors.js';
import { trackingOf } from '../kube/tracking.js';
import { renderApp } from '../render/index.js';
import { workspaceStatus } from '../status/app-status.js';
import { refKey, refOf, type AppSpec, type EngineProblem, type KubeObject, type RenderedObject, type Verdict } from '../types.js';
import { findControllerOwner, type ControllerOwner } from './controller.js';
import type { PlanInput } from './plan.js';
import type { SyncOptions } from './options.js';

export interface PreparedApp {
  app: AppSpec;
  rendered: RenderedObject[];
  /** live objects of the listed kinds, by refKey */
  live: Map<string, KubeObject>;
  inventory: KubeObject[];
  verdicts: Map<string, Verdict>;
  problems: EngineProblem[];
}

export interface PrepareOptions { repoRoot: string; client: KubeClient; signal: AbortSignal; apps?: string[] }

// An object that left Git may be of a kind the app no longer renders: these kinds are searched
// for the app's objects too, besides the rendered ones.
const COMMON_KINDS: GroupKind[] = [
  ['', 'ConfigMap'], ['', 'Secret'], ['', 'Service'], ['', 'ServiceAccount'], ['', 'PersistentVolumeClaim'], ['', 'Namespace'],
  ['apps', 'Deployment'], ['apps', 'StatefulSet'], ['apps', 'DaemonSet'], ['batch', 'Job'], ['batch', 'CronJob'],
  ['rbac.authorization.k8s.io', 'Role'], ['rbac.authorization.k8s.io', 'RoleBinding'], ['rbac.authorization.k8s.io', 'ClusterRole'],
  ['rbac.authorization.k8s.io', 'ClusterRoleBinding'], ['networking.k8s.io', 'Ingress'], ['networking.k8s.io', 'NetworkPolicy'],
].map(([group, kind]) => ({ group: group!, kind: kind! }));

/** Whether a live object is tracked as part of this app (same rule as workspaceStatus). */
function belongsTo(o: KubeObject, app: AppSpec): boolean {
  const t = trackingOf(o);
  if (!t) return false;
  if (t.tool === 'plumb') return t.app === app.name;
  if (app.controller === 'argocd') return t.tool === 'argocd' && t.app === app.name;
  if (app.controller === 'flux') return t.tool === 'flux' && (t.namespace ? `${t.namespace}/${t.app}` : t.app) === app.name;
  return false;
}

export async function prepareSync(opts: PrepareOptions): Promise<{ apps: PreparedApp[]; problems: EngineProblem[] }> {
  const { client, signal } = opts;
  const status = await workspaceStatus({ repoRoot: opts.repoRoot, signal, client, ...(opts.apps?.length ? { apps: opts.apps } : {}) });
  const discovered = await discoverApps(opts.repoRoot, { signal });
  const problems = [...status.problems];
  const out: PreparedApp[] = [];
  const lists = new Map<string, KubeObject[] | undefined>();
  const listKind = async (gk: GroupKind): Promise<KubeObject[]> => {
    const k = `${gk.group}/${gk.kind}`;
    if (!lists.has(k)) {
      try {
        lists.set(k, (await client.list(gk, { signal })).items);
      } catch (e) {
        if (!isUnknownKind(e)) problems.push({ severity: 'warning', message: `cannot list ${gk.kind}: ${(e as Error).message}` });
        lists.set(k, undefined);
      }
    }
    return lists.get(k) ?? [];
  };
  for (const result of status.apps) {
    const app = discovered.apps.find((a) => a.name === result.name);
    if (!app) continue;
    const render = app.remote ? { objects: [], problems: [] } : await renderApp(app, opts.repoRoot, signal);
    const kinds = new Map<string, GroupKind>(COMMON_KINDS.map((gk) => [`${gk.group}/${gk.kind}`, gk]));
    for (const r of render.objects) {
      const ref = refOf(r.object);
      kinds.set(`${ref.group}/${ref.kind}`, { group: ref.group, kind: ref.kind });
    }
    const live = new Map<string, KubeObject>();
    const inventory: KubeObject[] = [];
    for (const gk of kinds.values()) {
      for (const o of await listKind(gk)) {
        live.set(refKey(refOf(o)), o);
        if (belongsTo(o, app)) inventory.push(o);
      }
    }
    const verdicts = new Map<string, Verdict>();
    for (const r of result.resources) {
      if (r.verdict) verdicts.set(refKey({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name }), r.verdict);
    }
    out.push({ app, rendered: render.objects, live, inventory, verdicts, problems: result.problems });
  }
  return { apps: out, problems };
}

/** planSync's input for a prepared app. */
export function planInputOf(p: PreparedApp, options?: SyncOptions): PlanInput {
  return {
    app: p.app, desired: p.rendered, live: (ref) => p.live.get(refKey(ref)), inventory: p.inventory, verdicts: p.verdicts,
    ...(options ? { options } : {}),
  };
}

const HINTS: Record<ControllerOwner['kind'], { tool: string; hint: (name: string) => string }> = {
  Application: { tool: 'Argo CD', hint: (n) => `argocd app sync ${n}` },
  Kustomization: { tool: 'Flux', hint: (n) => `flux reconcile kustomization ${n}` },
  HelmRelease: { tool: 'Flux', hint: (n) => `flux reconcile helmrelease ${n}` },
};

/**
 * The controller object in the cluster that owns this app (an Argo CD Application, a Flux
 * Kustomization or HelmRelease with its name), as a refusal message; undefined when none.
 */
export async function controllerOwner(client: KubeClient, app: AppSpec, signal: AbortSignal): Promise<string | undefined> {
  const owner = await findControllerOwner(client, app, signal);
  if (!owner) return undefined;
  const c = HINTS[owner.kind];
  const where = `${owner.kind} ${owner.namespace ? `${owner.namespace}/` : ''}${owner.name}`;
  return `${app.name}: owned by ${c.tool} (${where}): triggering the controller is not available yet; run ${c.hint(owner.name)}`;
}
