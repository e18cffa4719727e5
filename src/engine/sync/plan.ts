// The sync plan (issue 5, engine-reference §4.6): what a sync would do to each object, in the
// order it would do it. Pure: reads the rendered objects, live lookups and drift verdicts, writes nothing.
import { refKey, refOf, type AppSpec, type EngineProblem, type KubeObject, type ObjectRef, type RenderedObject, type Verdict } from '../types.js';
import { hookDeletePolicies, hookTypes, waveOf } from './hooks.js';
import { applyModeOf, objectSyncOptions, resolveSyncOptions, type SyncOptions } from './options.js';
import { orderSteps } from './order.js';
import { respectIgnored } from './respect-ignore.js';
import { isSopsEncrypted } from '../status/secrets.js';
import type { ResolvedSyncOptions, SyncPhase, SyncPlan, SyncStep } from './types.js';

export interface PlanInput {
  app: AppSpec;
  desired: RenderedObject[];
  live: (ref: ObjectRef) => KubeObject | undefined;
  /** the live objects of the app's inventory (what an earlier sync applied) */
  inventory: KubeObject[];
  /** compareObject verdicts by refKey */
  verdicts: Map<string, Verdict>;
  options?: SyncOptions;
}

const SYNC_PHASES = new Set<string>(['PreSync', 'Sync', 'PostSync', 'SyncFail']);

/** A hook's name: `generateName` hooks get a fresh name at run time. */
function hookRef(o: KubeObject): ObjectRef {
  const ref = refOf(o);
  const gen = o.metadata?.generateName;
  return ref.name || typeof gen !== 'string' ? ref : { ...ref, name: gen };
}

function wave(o: KubeObject, problems: EngineProblem[], source?: RenderedObject['source']): number {
  const w = waveOf(o);
  if (w.invalid !== undefined) {
    problems.push({
      severity: 'warning', object: refOf(o), ...(source ? { location: source } : {}),
      message: `argocd.argoproj.io/sync-wave "${w.invalid}" is not an integer; using wave ${w.wave}.`,
    });
  }
  return w.wave;
}

function hookSteps(r: RenderedObject, input: PlanInput, opts: ResolvedSyncOptions, problems: EngineProblem[]): SyncStep[] {
  const o = r.object;
  const types = hookTypes(o);
  const ref = hookRef(o);
  const w = wave(o, problems, r.source);
  const deletePolicy = hookDeletePolicies(o);
  if (types.length === 1 && types[0] === 'Skip') {
    return [{ action: 'skip', ref, reason: 'hook Skip: never applied', phase: 'Sync', wave: w, hook: { type: 'Skip', deletePolicy } }];
  }
  return types.filter((t) => t !== 'Skip').map((type): SyncStep => {
    if (!SYNC_PHASES.has(type)) {
      return { action: 'skip', ref, reason: `hook of another phase: ${type} runs only when the app is deleted`, phase: 'Sync', wave: w, hook: { type, deletePolicy } };
    }
    const phase = type as SyncPhase;
    const exists = ref.name === refOf(o).name && ref.name !== '' && input.live(ref) !== undefined;
    const reason = phase === 'SyncFail' ? 'runs only if the sync fails'
      : exists && deletePolicy.includes('BeforeHookCreation') ? 'existing hook deleted first (BeforeHookCreation)' : undefined;
    return {
      action: 'create', ref, phase, wave: w, hook: { type, deletePolicy }, object: o,
      apply: applyModeOf(o, opts), ...(reason ? { reason } : {}),
    };
  });
}

function resourceStep(r: RenderedObject, input: PlanInput, opts: ResolvedSyncOptions, problems: EngineProblem[]): SyncStep {
  const o = r.object;
  const ref = refOf(o);
  const own = objectSyncOptions(o);
  const base = { ref, phase: 'Sync' as const, wave: wave(o, problems, r.source) };
  if (own.ignored) return { ...base, action: 'skip', reason: own.ignored };
  if (isSopsEncrypted(o)) return { ...base, action: 'skip', reason: 'SOPS-encrypted in Git: Plumb never decrypts (Flux does, with spec.decryption)' };
  const live = input.live(ref);
  const apply = applyModeOf(o, opts, own);
  if (!live) return { ...base, action: 'create', object: o, apply };
  if (own.createOnly) return { ...base, action: 'skip', reason: 'ssa: IfNotPresent (already exists)' };
  const verdict = input.verdicts.get(refKey(ref));
  // RespectIgnoreDifferences=true: ignored fields keep their live values (e.g. replicas an HPA set).
  const toWrite = apply.respectIgnoreDifferences ? respectIgnored(o, live, input.app.ignoreDifferences) : o;
  if (!verdict) return { ...base, action: 'update', reason: 'no drift verdict: applied to be safe', object: toWrite, apply };
  if (verdict.inSync) {
    return { ...base, action: 'unchanged', reason: opts.applyOutOfSyncOnly ? 'in sync (ApplyOutOfSyncOnly)' : 'in sync' };
  }
  const driftPaths = [...verdict.driftPaths];
  if (verdict.syncStrategy === 'recreate') {
    if (own.noDelete) {
      return { ...base, action: 'skip', reason: 'Delete=false: an immutable field changed and the object may not be deleted', driftPaths };
    }
    return {
      ...base, action: 'recreate', reason: 'immutable field changed: delete + create (downtime)', driftPaths,
      object: o, live, apply, ...(apply.force ? { preApproved: true } : {}),
    };
  }
  return { ...base, action: 'update', driftPaths, object: toWrite, apply };
}

function pruneStep(live: KubeObject, opts: ResolvedSyncOptions, problems: EngineProblem[]): SyncStep {
  const ref = refOf(live);
  const own = objectSyncOptions(live);
  const base = { ref, phase: 'Sync' as const, wave: wave(live, problems), live };
  if (own.ignored) return { ...base, action: 'skip', reason: own.ignored };
  if (own.noPrune) return { ...base, action: 'skip', reason: own.noPrune };
  if (opts.pruneDisabled) return { ...base, action: 'skip', reason: 'Prune=false (app)' };
  if (!opts.prune) {
    return { ...base, action: 'skip', reason: own.ignoreExtraneous ? 'ignored (IgnoreExtraneous)' : 'ignored (requires pruning)' };
  }
  if (live.metadata?.deletionTimestamp) return { ...base, action: 'skip', reason: 'already being deleted' };
  const confirm = own.pruneConfirm || opts.pruneConfirm;
  return { ...base, action: 'prune', reason: confirm ? 'left Git (Prune=confirm)' : 'left Git' };
}

/** The namespace CreateNamespace=true would create, as a step ordered like any Namespace. */
function namespaceStep(input: PlanInput, opts: ResolvedSyncOptions, desiredKeys: Set<string>): SyncStep | undefined {
  const name = input.app.destination.namespace;
  if (!opts.createNamespace || !name) return undefined;
  const ref: ObjectRef = { group: '', kind: 'Namespace', name };
  if (desiredKeys.has(refKey(ref)) || input.live(ref)) return undefined;
  const object: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  // Untracked, as Argo CD leaves it: the namespace is not part of the app, so it is never pruned with it.
  return { action: 'create', ref, reason: 'CreateNamespace=true', phase: 'Sync', wave: 0, object, apply: applyModeOf(object, opts), untracked: true };
}

export function planSync(input: PlanInput): SyncPlan {
  const opts = resolveSyncOptions(input.app, input.options);
  const problems: EngineProblem[] = [];
  const applies: SyncStep[] = [];
  const desiredKeys = new Set<string>();
  for (const r of input.desired) {
    // Hooks count as in Git too: an object that became a hook must not be pruned.
    desiredKeys.add(refKey(refOf(r.object)));
    if (hookTypes(r.object).length) applies.push(...hookSteps(r, input, opts, problems));
    else applies.push(resourceStep(r, input, opts, problems));
  }
  const ns = namespaceStep(input, opts, desiredKeys);
  if (ns) applies.push(ns);
  // The namespace CreateNamespace=true made (tracked as the app's by earlier Plumb versions) is
  // not in Git: it is the app's home, not an object that left Git. Pruning it deletes the app.
  const home = input.app.destination.namespace;
  if (opts.createNamespace && home) desiredKeys.add(refKey({ group: '', kind: 'Namespace', name: home }));
  // Only inventory objects that left Git; hooks are cleaned up by their delete policy, not pruned.
  const prunes = input.inventory
    .filter((o) => !desiredKeys.has(refKey(refOf(o))) && hookTypes(o).length === 0)
    .map((o) => pruneStep(o, opts, problems));
  const isPruneLast = (s: SyncStep): boolean =>
    s.action === 'prune' && (objectSyncOptions(s.live).pruneLast ?? opts.pruneLast);
  const steps = orderSteps(applies, prunes, isPruneLast);
  return {
    app: input.app.name,
    steps,
    needsConfirmation: {
      prune: steps.some((s) => s.action === 'prune'),
      recreate: steps.some((s) => s.action === 'recreate' && !s.preApproved),
    },
    options: opts,
    problems,
  };
}
