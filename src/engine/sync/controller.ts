// Sync through the controller that owns an app: Plumb never writes an Argo CD or Flux app's objects
// itself. Argo CD gets an `operation` on its Application (what `argocd app sync` writes); Flux gets
// the `reconcile.fluxcd.io/requestedAt` annotation (what `flux reconcile` writes). Then the
// controller's status is followed until it answers, the time runs out or the caller cancels.
import type { KubeClient } from '../kube/client.js';
import type { GroupKind } from '../kube/discovery.js';
import { isAbort, isUnknownKind } from '../kube/errors.js';
import type { AppSpec, KubeObject } from '../types.js';

export type ControllerTool = 'argocd' | 'flux';

/** The controller object that owns an app. */
export interface ControllerOwner {
  tool: ControllerTool;
  /** 'Application' (Argo CD), 'Kustomization' or 'HelmRelease' (Flux) */
  kind: string;
  namespace: string;
  name: string;
}

export interface ControllerProgress {
  /** Argo CD: operationState.phase (plus 'Requested'); Flux: 'Requested', 'Progressing', the Ready reason */
  phase: string;
  message: string;
}

export interface ControllerSyncOptions {
  signal: AbortSignal;
  /** Argo CD only: let the sync prune (Flux prunes per the Kustomization's spec.prune) */
  prune?: boolean;
  /** Argo CD only: sync to this revision instead of the Application's targetRevision */
  revision?: string;
  /** default 5 minutes */
  timeoutMs?: number;
  /** how often the status is read, default 1000 ms */
  pollMs?: number;
  onProgress?: (p: ControllerProgress) => void;
}

export interface ControllerSyncResult {
  status: 'Succeeded' | 'Failed' | 'Timeout' | 'Cancelled';
  message: string;
  revision?: string;
}

export const FLUX_REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
/** Where setArgoAutoSync keeps the automated block it removed, as JSON. */
export const PREVIOUS_AUTOMATED_ANNOTATION = 'plumb.dev/previous-automated';

const GROUPS: Record<string, string> = {
  Application: 'argoproj.io',
  Kustomization: 'kustomize.toolkit.fluxcd.io',
  HelmRelease: 'helm.toolkit.fluxcd.io',
};

const OWNER_KINDS: Array<{ gk: GroupKind; tool: ControllerTool }> = Object.entries(GROUPS).map(([kind, group]) => ({
  gk: { group, kind }, tool: kind === 'Application' ? 'argocd' : 'flux',
}));

const targetOf = (o: ControllerOwner) => ({ group: GROUPS[o.kind] ?? '', kind: o.kind, namespace: o.namespace, name: o.name });
const describe = (o: ControllerOwner) => `${o.kind} ${o.namespace}/${o.name}`;

/**
 * The controller object in the cluster that owns this app (prepare.ts controllerOwner words it
 * as a refusal): an Application / Kustomization / HelmRelease named like the app ("ns/name"
 * for Flux apps restricts the namespace). Undefined when none exists or the kinds are not served.
 */
export async function findControllerOwner(client: KubeClient, app: AppSpec, signal: AbortSignal): Promise<ControllerOwner | undefined> {
  const [ns, name] = app.name.includes('/') ? app.name.split('/', 2) as [string, string] : [undefined, app.name];
  for (const c of OWNER_KINDS) {
    let items: KubeObject[];
    try {
      items = (await client.list(c.gk, { signal })).items;
    } catch (e) {
      if (isUnknownKind(e)) continue;
      throw e;
    }
    const hit = items.find((o) => o.metadata?.name === name && (ns === undefined || o.metadata?.namespace === ns));
    if (hit) return { tool: c.tool, kind: c.gk.kind, namespace: hit.metadata?.namespace ?? '', name };
  }
  return undefined;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v as Rec : undefined);
const strOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Whether a controller has ever handled this owner object: an Argo CD Application with a
 * reconciledAt / sync status / operation state, a Flux object with an observedGeneration or
 * conditions. A controller object that was only ever written (e.g. by a restore on a cluster
 * whose controllers are not installed yet) has none of these.
 */
export async function ownerReconciled(client: KubeClient, owner: ControllerOwner, signal: AbortSignal): Promise<boolean> {
  const status = rec((await client.get(targetOf(owner), { signal }))['status']);
  if (!status) return false;
  if (owner.tool === 'argocd') return !!(status['reconciledAt'] || rec(status['sync'])?.['status'] || rec(status['operationState']));
  const conds = status['conditions'];
  return typeof status['observedGeneration'] === 'number' || (Array.isArray(conds) && conds.length > 0);
}

/** Resolves after ms, or early when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A verdict on one read of the owner object; undefined = keep waiting. */
type Judge = (o: KubeObject) => { progress?: ControllerProgress; result?: ControllerSyncResult };

async function follow(client: KubeClient, owner: ControllerOwner, opts: ControllerSyncOptions, judge: Judge): Promise<ControllerSyncResult> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  const stopped = () => ({ status: 'Cancelled' as const, message: `${describe(owner)}: stopped following; the controller carries on with the sync` });
  let last = '';
  let lastProgress: ControllerProgress | undefined;
  for (;;) {
    if (opts.signal.aborted) return stopped();
    let o: KubeObject;
    try {
      o = await client.get(targetOf(owner), { signal: opts.signal });
    } catch (e) {
      if (isAbort(e) || opts.signal.aborted) return stopped();
      return { status: 'Failed', message: `${describe(owner)}: ${(e as Error).message}` };
    }
    const v = judge(o);
    if (v.progress) {
      const key = `${v.progress.phase}\n${v.progress.message}`;
      if (key !== last) { last = key; lastProgress = v.progress; opts.onProgress?.(v.progress); }
    }
    if (v.result) return v.result;
    const left = deadline - Date.now();
    if (left <= 0) {
      return { status: 'Timeout', message: `${describe(owner)}: no answer from ${owner.tool === 'argocd' ? 'Argo CD' : 'Flux'} after ${Math.round(timeoutMs / 1000)}s${lastProgress ? ` (last: ${lastProgress.phase}${lastProgress.message ? `: ${lastProgress.message}` : ''})` : ''}` };
    }
    await sleep(Math.min(opts.pollMs ?? 1000, left), opts.signal);
  }
}

/**
 * Asks the owning controller to sync and follows it to the end. Nothing of the app's own objects
 * is written: only the Application's `operation` (Argo CD) or the requestedAt annotation (Flux).
 */
export async function triggerControllerSync(client: KubeClient, owner: ControllerOwner, opts: ControllerSyncOptions): Promise<ControllerSyncResult> {
  try {
    return owner.tool === 'argocd' ? await syncArgo(client, owner, opts) : await syncFlux(client, owner, opts);
  } catch (e) {
    if (isAbort(e) || opts.signal.aborted) return { status: 'Cancelled', message: `${describe(owner)}: cancelled before the controller was asked` };
    return { status: 'Failed', message: `${describe(owner)}: ${(e as Error).message}` };
  }
}

const ARGO_DONE: Record<string, ControllerSyncResult['status'] | undefined> = { Succeeded: 'Succeeded', Failed: 'Failed', Error: 'Failed' };

async function syncArgo(client: KubeClient, owner: ControllerOwner, opts: ControllerSyncOptions): Promise<ControllerSyncResult> {
  const before = await client.get(targetOf(owner), { signal: opts.signal });
  // Argo CD refuses a second operation while one runs; say so instead of overwriting it.
  if (rec(before['operation'])) {
    return { status: 'Failed', message: `${describe(owner)}: another operation is already in progress` };
  }
  const prevState = rec(rec(before['status'])?.['operationState']);
  const prevKey = `${strOf(prevState?.['startedAt']) ?? ''}|${strOf(prevState?.['finishedAt']) ?? ''}`;
  const sync: Rec = { prune: opts.prune ?? false, syncStrategy: { hook: {} } };
  if (opts.revision) sync['revision'] = opts.revision;
  await client.patch(targetOf(owner), { operation: { initiatedBy: { username: 'plumb' }, sync } }, 'merge', { signal: opts.signal });
  opts.onProgress?.({ phase: 'Requested', message: `sync operation set on ${describe(owner)}` });
  return follow(client, owner, opts, (o) => {
    const status = rec(o['status']);
    const state = rec(status?.['operationState']);
    const key = `${strOf(state?.['startedAt']) ?? ''}|${strOf(state?.['finishedAt']) ?? ''}`;
    // The operationState still shown may be the previous sync's: only a new one counts.
    if (!state || key === prevKey) return {};
    const phase = strOf(state['phase']) ?? 'Unknown';
    const message = strOf(state['message']) ?? '';
    const progress = { phase, message };
    const done = ARGO_DONE[phase];
    // Argo CD clears `operation` when it records the final state.
    if (!done || rec(o['operation'])) return { progress };
    const revision = strOf(rec(state['syncResult'])?.['revision']);
    const syncStatus = strOf(rec(status?.['sync'])?.['status']);
    const text = [message, syncStatus ? `sync status ${syncStatus}` : ''].filter(Boolean).join('; ');
    return { progress, result: { status: done, message: `${describe(owner)}: ${phase}${text ? `: ${text}` : ''}`, ...(revision ? { revision } : {}) } };
  });
}

function readyCondition(o: KubeObject): { status?: string; reason?: string; message?: string } | undefined {
  const conds = rec(o['status'])?.['conditions'];
  if (!Array.isArray(conds)) return undefined;
  const c = conds.map(rec).find((x) => x?.['type'] === 'Ready');
  return c ? { status: strOf(c['status']), reason: strOf(c['reason']), message: strOf(c['message']) } : undefined;
}

async function syncFlux(client: KubeClient, owner: ControllerOwner, opts: ControllerSyncOptions): Promise<ControllerSyncResult> {
  const before = await client.get(targetOf(owner), { signal: opts.signal });
  // A suspended object is never reconciled: the request would only time out.
  if (rec(before['spec'])?.['suspend'] === true) {
    return { status: 'Failed', message: `${describe(owner)} is suspended: resume it first` };
  }
  const requestedAt = new Date().toISOString();
  await client.patch(targetOf(owner), { metadata: { annotations: { [FLUX_REQUESTED_AT]: requestedAt } } }, 'merge', { signal: opts.signal });
  opts.onProgress?.({ phase: 'Requested', message: `reconcile requested at ${requestedAt}` });
  return follow(client, owner, opts, (o) => {
    const status = rec(o['status']);
    const ready = readyCondition(o);
    const handled = strOf(status?.['lastHandledReconcileAt']) === requestedAt;
    const progress = { phase: handled ? ready?.reason ?? 'Unknown' : 'Progressing', message: ready?.message ?? '' };
    if (!handled || !ready || ready.status === 'Unknown') return { progress };
    const revision = strOf(status?.['lastAppliedRevision']);
    const text = `${describe(owner)}: ${ready.reason ?? ready.status}${ready.message ? `: ${ready.message}` : ''}`;
    if (ready.status === 'True') return { progress, result: { status: 'Succeeded', message: text, ...(revision ? { revision } : {}) } };
    return { progress, result: { status: 'Failed', message: text, ...(revision ? { revision } : {}) } };
  });
}

/** Suspends or resumes a Flux Kustomization / HelmRelease (spec.suspend, as `flux suspend` does). */
export async function setFluxSuspended(client: KubeClient, owner: ControllerOwner, suspended: boolean, signal?: AbortSignal): Promise<KubeObject> {
  if (owner.tool !== 'flux') throw new Error(`${describe(owner)} is not a Flux object`);
  // `flux resume` removes the field rather than writing false; null does that in a merge patch.
  return client.patch(targetOf(owner), { spec: { suspend: suspended ? true : null } }, 'merge', signal ? { signal } : {});
}

/**
 * Turns Argo CD auto-sync off (removes spec.syncPolicy.automated, keeping it as JSON in the
 * plumb.dev/previous-automated annotation) or back on (restores that block, `{}` when none was
 * kept). Returns whether anything changed.
 */
export async function setArgoAutoSync(client: KubeClient, owner: ControllerOwner, enabled: boolean, signal?: AbortSignal): Promise<{ changed: boolean; message: string }> {
  if (owner.tool !== 'argocd') throw new Error(`${describe(owner)} is not an Argo CD Application`);
  const o = signal ? { signal } : {};
  const app = await client.get(targetOf(owner), o);
  const automated = rec(rec(rec(app['spec'])?.['syncPolicy'])?.['automated']);
  const kept = app.metadata?.annotations?.[PREVIOUS_AUTOMATED_ANNOTATION];
  if (!enabled) {
    if (!automated) return { changed: false, message: `${describe(owner)}: auto-sync is already off` };
    await client.patch(targetOf(owner), {
      metadata: { annotations: { [PREVIOUS_AUTOMATED_ANNOTATION]: JSON.stringify(automated) } },
      spec: { syncPolicy: { automated: null } },
    }, 'merge', o);
    return { changed: true, message: `${describe(owner)}: auto-sync disabled` };
  }
  if (automated) return { changed: false, message: `${describe(owner)}: auto-sync is already on` };
  let restore: Rec = {};
  if (kept) {
    try { restore = rec(JSON.parse(kept)) ?? {}; } catch { restore = {}; }
  }
  await client.patch(targetOf(owner), {
    metadata: { annotations: { [PREVIOUS_AUTOMATED_ANNOTATION]: null } },
    spec: { syncPolicy: { automated: restore } },
  }, 'merge', o);
  return { changed: true, message: `${describe(owner)}: auto-sync enabled${kept ? ' (previous settings restored)' : ''}` };
}
