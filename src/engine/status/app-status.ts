// The sync status of a workspace's apps against a cluster: discover → render → live cache →
// per-object verdicts → per-app sync and health. Read-only: nothing here writes to the cluster
// except server-side-apply dry-runs, which persist nothing.
import { compareObject } from '../diff/index.js';
import { isBuiltinKind, semanticsFromOpenApi, type FieldSemantics } from '../schema/index.js';
import { discoverApps, type PlumbConfig } from '../discovery/index.js';
import { appHealth } from '../health/index.js';
import type { KubeClient } from '../kube/client.js';
import { LiveCache } from '../kube/cache.js';
import type { GroupKind } from '../kube/discovery.js';
import { trackingOf } from '../kube/tracking.js';
import { renderApp, sharedObjects } from '../render/index.js';
import { isHook } from '../sync/hooks.js';
import {
  refKey, refOf, type AppSpec, type EngineProblem, type Health, type IgnoreDifference, type KubeObject,
  type RenderedObject, type SourceLocation, type Verdict,
} from '../types.js';
import { isSensitivePath, mentionsValue, redactValues } from '../diff/sensitive.js';
import { attributeDrift } from './attribution.js';
import { isSopsEncrypted, plainSecretWarnings, sopsComparable } from './secrets.js';
import { parseDriftPath, valueAtDriftPath } from './drift-path.js';
import { openApiSchemaOf, schemaProblems, type SchemaMemo } from './schema-problems.js';

export type ResourceStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra' | 'Unknown';
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

export interface FieldDrift {
  path: string;
  kind?: string;
  desired?: unknown;
  live?: unknown;
  /** who last wrote the live value, and when */
  manager?: string;
  time?: string;
}

export interface ResourceResult {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: ResourceStatus;
  health?: Health;
  drift: FieldDrift[];
  source?: SourceLocation;
  verdict?: Verdict;
}

export interface AppResult {
  name: string;
  controller: AppSpec['controller'];
  sync: SyncStatus;
  health: Health;
  resources: ResourceResult[];
  problems: EngineProblem[];
  remote?: AppSpec['remote'];
}

export interface StatusOptions {
  repoRoot: string;
  signal: AbortSignal;
  /** only these apps (names as `plumb apps` lists them) */
  apps?: string[];
  /** the cluster; absent → offline: apps render but sync is Unknown */
  client?: KubeClient;
  fieldManager?: string;
  /** confirm local drift with a server-side-apply dry-run (default true) */
  confirmWithDryRun?: boolean;
}

export interface StatusResult { apps: AppResult[]; problems: EngineProblem[]; config?: PlumbConfig }

const SECRET_MASK = '*** (masked)';
/** Two cores: a couple of renders at once; dry-runs are mostly waiting on the API server. */
const RENDER_CONCURRENCY = 3;
const DRY_RUN_CONCURRENCY = 8;

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < items.length) await fn(items[next++]!); };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface RenderedWorkspace {
  /** every app discovered (also the ones not selected) */
  discovered: AppSpec[];
  /** the selected apps, in discovery order, with their render */
  apps: Array<{ app: AppSpec; render: RenderResultLike }>;
  problems: EngineProblem[];
  config: PlumbConfig;
  globalIgnores: IgnoreDifference[];
}

export interface RenderResultLike { objects: RenderedObject[]; problems: EngineProblem[] }

/** Discover and render (no cluster): the Git half of a status, reusable across live updates. */
export async function renderWorkspace(opts: Pick<StatusOptions, 'repoRoot' | 'signal' | 'apps'>): Promise<RenderedWorkspace> {
  const { signal } = opts;
  const discovered = await discoverApps(opts.repoRoot, { signal });
  const problems = [...discovered.problems];
  let selected = discovered.apps;
  if (opts.apps?.length) {
    const wanted = new Set(opts.apps);
    selected = discovered.apps.filter((a) => wanted.has(a.name));
    for (const name of wanted) {
      if (!discovered.apps.some((a) => a.name === name)) problems.push({ severity: 'error', message: `no app named "${name}" in ${opts.repoRoot}; run "plumb apps" for the list` });
    }
  }
  // Renders overlap a little: kustomize and helm are child processes, plain folders are file reads.
  const rendered = new Map<AppSpec, RenderResultLike>();
  await eachLimited(selected, RENDER_CONCURRENCY, async (app) => {
    rendered.set(app, app.remote ? { objects: [], problems: [] } : await renderApp(app, opts.repoRoot, signal));
  });
  problems.push(...sharedObjects(selected.map((app) => ({
    name: app.name, objects: rendered.get(app)?.objects ?? [], scope: `${app.controller}|${app.destination.server ?? app.destination.context ?? ''}`,
  }))));
  return {
    discovered: discovered.apps, apps: selected.map((app) => ({ app, render: rendered.get(app)! })), problems,
    config: discovered.config, globalIgnores: discovered.config.ignore.map((l) => l.rule),
  };
}

/** The group/kinds a rendered workspace needs from the cluster. */
export function kindsOf(ws: RenderedWorkspace): GroupKind[] {
  const kinds = new Map<string, GroupKind>();
  for (const { render } of ws.apps) {
    for (const o of render.objects) {
      const ref = refOf(o.object);
      kinds.set(`${ref.group}/${ref.kind}`, { group: ref.group, kind: ref.kind });
    }
  }
  return [...kinds.values()];
}

/** Verdicts of a rendered workspace against a live cache (absent → offline, sync Unknown). */
export async function statusFromCache(ws: RenderedWorkspace, cache: LiveCache | undefined, opts: StatusOptions): Promise<StatusResult> {
  const problems = [...ws.problems];
  if (cache) problems.push(...kindProblems(ws, cache));
  for (const { app, render } of ws.apps) problems.push(...plainSecretWarnings(app, render.objects));
  const apps: AppResult[] = [];
  for (const { app, render } of ws.apps) {
    apps.push(await appStatus(app, render, cache, [...(app.ignoreDifferences ?? []), ...ws.globalIgnores], opts));
  }
  return { apps, problems: dedupe(problems), config: ws.config };
}

export async function workspaceStatus(opts: StatusOptions): Promise<StatusResult> {
  const ws = await renderWorkspace(opts);
  let cache: LiveCache | undefined;
  if (opts.client) {
    cache = new LiveCache(opts.client, { signal: opts.signal });
    await cache.watchKinds(kindsOf(ws));
  }
  try {
    return await statusFromCache(ws, cache, opts);
  } finally {
    cache?.close();
  }
}

async function appStatus(app: AppSpec, render: { objects: RenderedObject[]; problems: EngineProblem[] }, cache: LiveCache | undefined,
  ignoreDifferences: IgnoreDifference[], opts: StatusOptions): Promise<AppResult> {
  const problems = render.problems.map((p) => ({ ...p, app: p.app ?? app.name }));
  const base = { name: app.name, controller: app.controller, problems, remote: app.remote };
  if (app.remote) return { ...base, sync: 'Unknown', health: { status: 'Unknown', message: app.remote.reason }, resources: [] };
  if (!cache) {
    return { ...base, sync: 'Unknown', health: { status: 'Unknown', message: 'not connected to a cluster' },
      resources: render.objects.map((r) => resourceOf(r.object, 'Unknown', r.source)) };
  }
  // One OpenAPI lookup per kind: shared by schema validation and the drift semantics below.
  const openApi: SchemaMemo = new Map();
  if (opts.client) problems.push(...await schemaProblems(render.objects, app.name, opts.client, openApi, opts.signal));
  // Hooks (Argo CD / Helm) run during a sync and are deleted per their policy: like Argo CD, they
  // are not part of the app's sync status, so a completed-and-deleted hook is not "Missing".
  render = { ...render, objects: render.objects.filter((r) => !isHook(r.object)) };
  const desiredKeys = new Set(render.objects.map((r) => refKey(refOf(r.object))));
  // Inventory: live objects this app's tool tracks as belonging to it, among the kinds the app renders.
  const inventory: KubeObject[] = [];
  const seenKinds = new Set<string>();
  for (const r of render.objects) {
    const ref = refOf(r.object);
    const gk = `${ref.group}/${ref.kind}`;
    if (seenKinds.has(gk)) continue;
    seenKinds.add(gk);
    // A kind that is not synced (reconnecting, in error) has no current inventory: no stale "Extra".
    const kindState = cache.state({ group: ref.group, kind: ref.kind });
    if (kindState && kindState.state !== 'synced') continue;
    for (const o of cache.list({ group: ref.group, kind: ref.kind })) if (belongsTo(o, app)) inventory.push(o);
  }
  const inventoryKeys = inventory.map((o) => refKey(refOf(o)));
  const context = { ignoreDifferences, inventory: inventoryKeys };
  const resources: ResourceResult[] = [];
  const schemas = new Map<string, FieldSemantics | undefined>();
  const healthInputs: Array<{ live?: KubeObject; target?: KubeObject }> = [];
  // Local verdicts first (cheap), then the server confirms only the drifted ones, several at a time.
  const judged = await Promise.all(render.objects.map(async (r) => {
    const ref = refOf(r.object);
    const kindState = cache.state({ group: ref.group, kind: ref.kind });
    if (kindState && kindState.state !== 'synced') return { r, unknown: true as const };
    const live = cache.get(ref);
    const schema = await schemaOf(r.object, opts.client, schemas, openApi, opts.signal);
    // SOPS: the ciphertext is never decrypted; keys, type and metadata are compared (secrets.ts).
    const desired = isSopsEncrypted(r.object) ? sopsComparable(r.object, live) : r.object;
    return { r, live, schema, verdict: compareObject({ desired, live, context, fieldManager: opts.fieldManager, schema }) };
  }));
  const client = opts.confirmWithDryRun === false ? undefined : opts.client;
  await eachLimited(judged, DRY_RUN_CONCURRENCY, async (j) => {
    if ('unknown' in j || j.verdict.inSync || !j.live || !client || isSopsEncrypted(j.r.object)) return;
    j.verdict = await confirm(client, j.r.object, j.live, context, opts, problems, app.name, j.schema) ?? j.verdict;
  });
  for (const j of judged) {
    if ('unknown' in j) { resources.push(resourceOf(j.r.object, 'Unknown', j.r.source)); continue; }
    const { r, live, verdict } = j;
    const status: ResourceStatus = !live ? 'Missing' : verdict.inSync ? 'Synced' : 'OutOfSync';
    const hidden = substitutedSecrets(app);
    resources.push({ ...resourceOf(r.object, status, r.source), health: verdict.health ? { status: verdict.health } : undefined,
      drift: details(verdict, r.object, live, opts.fieldManager, hidden), verdict: hidden.length ? { ...verdict, note: redactValues(verdict.note, hidden) } : verdict });
    healthInputs.push({ live, target: r.object });
  }
  for (const live of inventory) {
    if (desiredKeys.has(refKey(refOf(live)))) continue;
    const verdict = compareObject({ live, context, fieldManager: opts.fieldManager });
    resources.push({ ...resourceOf(live, verdict.inSync ? 'Synced' : 'Extra'), verdict, drift: [] });
    healthInputs.push({ live });
  }
  const hasErrors = problems.some((p) => p.severity === 'error') || resources.some((r) => r.status === 'Unknown');
  const drifted = resources.some((r) => r.status !== 'Synced' && r.status !== 'Unknown');
  const sync: SyncStatus = drifted ? 'OutOfSync' : hasErrors ? 'Unknown' : 'Synced';
  const h = appHealth(healthInputs);
  return { ...base, sync, health: { status: h.status, ...(h.message ? { message: h.message } : {}) }, resources };
}

/**
 * List and map semantics of custom kinds come from the cluster's OpenAPI (the CRD's schema);
 * built-in kinds use the engine's table. One lookup per kind per run.
 */
async function schemaOf(o: KubeObject, client: KubeClient | undefined, memo: Map<string, FieldSemantics | undefined>, openApi: SchemaMemo,
  signal: AbortSignal): Promise<FieldSemantics | undefined> {
  const apiVersion = o.apiVersion ?? '';
  const kind = o.kind ?? '';
  if (!client || isBuiltinKind(apiVersion, kind)) return undefined;
  const key = `${apiVersion}/${kind}`;
  if (memo.has(key)) return memo.get(key);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  // no OpenAPI for it: lists compare as atomic, which never hides drift
  const schema = await openApiSchemaOf(o, client, openApi, signal);
  let semantics: FieldSemantics | undefined;
  try {
    semantics = schema ? semanticsFromOpenApi(schema, { group, version, kind }) : undefined;
  } catch {
    semantics = undefined;
  }
  memo.set(key, semantics);
  return semantics;
}

/** Local drift is confirmed by the server: a dry-run SSA shows what an apply would really leave. */
async function confirm(client: KubeClient, desired: KubeObject, live: KubeObject, context: { ignoreDifferences: IgnoreDifference[]; inventory: string[] },
  opts: StatusOptions, problems: EngineProblem[], app: string, schema: FieldSemantics | undefined): Promise<Verdict | undefined> {
  try {
    const dryRun = await client.apply(desired, { dryRun: true, force: true, fieldManager: opts.fieldManager ?? 'plumb', signal: opts.signal });
    return compareObject({ desired, live, context, fieldManager: opts.fieldManager, dryRun, schema });
  } catch (e) {
    const ref = refOf(desired);
    const msg = (e as Error).message;
    // An immutable-field rejection is itself the finding (recreate); other failures keep the local verdict.
    if (!/is immutable|field is immutable/.test(msg)) {
      problems.push({ severity: 'warning', app, object: ref, message: `server-side dry-run of ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} failed, the verdict is estimated: ${msg}` });
    }
    return undefined;
  }
}

/** Values Flux substitutes from a Secret (postBuild.substituteFrom) into this app's objects. */
function substitutedSecrets(app: AppSpec): string[] {
  const pb = app.source.type === 'kustomize' ? app.source.postBuild : undefined;
  return (pb?.sensitive ?? []).map((k) => pb?.substitute?.[k]).filter((v): v is string => typeof v === 'string' && v !== '');
}

function details(verdict: Verdict, desired: KubeObject, live: KubeObject | undefined, fieldManager?: string, hidden: string[] = []): FieldDrift[] {
  const secret = (desired.kind ?? live?.kind) === 'Secret';
  return verdict.driftPaths.map((path) => {
    const steps = parseDriftPath(path);
    const out: FieldDrift = { path, kind: verdict.pathKinds?.[path] };
    if (steps) {
      const d = valueAtDriftPath(desired, steps);
      const l = valueAtDriftPath(live, steps);
      // Secret values never leave the engine: only whether each side has one. The same for fields
      // named like credentials and for values substituted from a Secret.
      const mask = secret || isSensitivePath(path) || mentionsValue(d, hidden) || mentionsValue(l, hidden);
      if (d !== undefined) out.desired = mask ? SECRET_MASK : d;
      if (l !== undefined) out.live = mask ? SECRET_MASK : l;
    }
    const who = attributeDrift(live, path, fieldManager);
    if (who) { out.manager = who.manager; if (who.time) out.time = who.time; }
    return out;
  });
}

function resourceOf(o: KubeObject, status: ResourceStatus, source?: SourceLocation): ResourceResult {
  const ref = refOf(o);
  const av = o.apiVersion ?? '';
  return {
    group: ref.group, version: av.includes('/') ? av.slice(av.indexOf('/') + 1) : av, kind: ref.kind,
    ...(ref.namespace ? { namespace: ref.namespace } : {}), name: ref.name, status, drift: [], ...(source ? { source } : {}),
  };
}

/** Whether a live object is tracked by this app's tool as part of this app. */
function belongsTo(o: KubeObject, app: AppSpec): boolean {
  const t = trackingOf(o);
  if (!t) return false;
  if (app.controller === 'plain') return t.tool === 'plumb' && t.app === app.name;
  if (app.controller === 'argocd') return (t.tool === 'argocd' || t.tool === 'plumb') && t.app === app.name;
  const name = t.namespace ? `${t.namespace}/${t.app}` : t.app;
  return (t.tool === 'flux' && name === app.name) || (t.tool === 'plumb' && t.app === app.name);
}

/**
 * The live cache's problems. A kind the cluster does not serve (its CRD is not installed) is the
 * concern of the apps that render it: reported once per such app at its first object of that
 * kind, so that the rest of the workspace is still compared and the run is not failed for it.
 */
function kindProblems(ws: RenderedWorkspace, cache: LiveCache): EngineProblem[] {
  const out: EngineProblem[] = [];
  for (const s of cache.states()) {
    if (!s.problem) continue;
    const users = s.problem.severity === 'error' && /does not serve kind/.test(s.problem.message)
      ? ws.apps.flatMap(({ app, render }) => {
        const first = render.objects.find((o) => { const r = refOf(o.object); return r.group === s.group && r.kind === s.kind; });
        return first ? [{ ...s.problem!, app: app.name, ...(first.source ? { location: first.source } : {}) }] : [];
      })
      : [];
    out.push(...(users.length ? users : [s.problem]));
  }
  return out;
}

function dedupe(problems: EngineProblem[]): EngineProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.severity}|${p.location?.file}:${p.location?.line}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
