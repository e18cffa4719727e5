// Executes a sync plan against the cluster (issue 5): steps in plan order, server-side apply as
// field manager `plumb` with force (Git wins, as Flux does), waves separated by a health gate,
// hooks run to completion, SyncFail hooks when something fails. Stops at the first failure so no
// later wave is half-applied; cancellation stops between steps.
import type { KubeClient } from '../kube/client.js';
import { isNotFound, KubeError } from '../kube/errors.js';
import { PLUMB_TRACKING_ANNOTATION, trackingIdFor } from '../kube/tracking.js';
import type { EngineProblem, KubeObject, ObjectRef } from '../types.js';
import { takeOverKubectlFields } from './takeover.js';
import type { SyncAction, SyncPhase, SyncPlan, SyncStep } from './types.js';
import { WaitCancelled, WaitReadError, WaitTimeout, targetOf, waitGone, waitHook, waitSettled } from './wait.js';

export type StepResult = 'applied' | 'pruned' | 'recreated' | 'skipped' | 'failed' | 'unchanged';

export interface SyncStepReport { ref: ObjectRef; action: SyncAction; result: StepResult; message?: string }

export type SyncEvent =
  | { type: 'wave-start'; phase: SyncPhase; wave: number; steps: number }
  | { type: 'wave-wait'; phase: SyncPhase; wave: number; objects: number }
  | { type: 'wave-done'; phase: SyncPhase; wave: number }
  | { type: 'step'; phase: SyncPhase; wave: number; step: SyncStepReport };

export interface SyncReport {
  app: string;
  status: 'Succeeded' | 'Failed' | 'Cancelled';
  steps: SyncStepReport[];
  problems: EngineProblem[];
}

export interface SyncAppOptions {
  plan: SyncPlan;
  client: KubeClient;
  signal: AbortSignal;
  appName: string;
  onProgress?: (e: SyncEvent) => void;
  /** how long a wave may stay Progressing before the sync fails (default 5 min); also bounds hooks and deletions */
  waveTimeoutMs?: number;
  allowPrune: boolean;
  allowRecreate: boolean;
  /** the Git commit the plan was rendered from: written as PLUMB_REVISION_ANNOTATION on every applied object */
  revision?: string;
  /** further annotations written on every applied object (e.g. break-glass) */
  extraAnnotations?: Record<string, string>;
  /** written objects the wave's health gate does not wait for (a restore: Argo CD / Flux objects no controller reports on yet) */
  ungated?: (o: KubeObject) => boolean;
}

/** Which Git commit an object was last applied from by Plumb (read by `plumb history`). */
export const PLUMB_REVISION_ANNOTATION = 'plumb.dev/revision';

export const FIELD_MANAGER = 'plumb';
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** The object as written: the desired object plus Plumb's tracking annotation (and the revision, when known). */
export function withTracking(app: string, o: KubeObject, revision?: string, extra?: Record<string, string>): KubeObject {
  const md = o.metadata ?? {};
  const annotations = { ...(md.annotations ?? {}), ...(extra ?? {}), [PLUMB_TRACKING_ANNOTATION]: trackingIdFor(app, o), ...(revision ? { [PLUMB_REVISION_ANNOTATION]: revision } : {}) };
  return { ...o, metadata: { ...md, annotations } };
}

const describe = (r: ObjectRef) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface Outcome { result: StepResult; message?: string; /** written objects whose health gates the next wave */ written?: KubeObject }

class StepRunner {
  constructor(private readonly o: SyncAppOptions, private readonly timeoutMs: number) {}

  // Writes are not given the sync's signal: a started write finishes, so cancellation lands between steps.
  private async apply(obj: KubeObject, step: SyncStep): Promise<KubeObject> {
    const body = step.untracked ? obj : withTracking(this.o.appName, obj, this.o.revision, this.o.extraAnnotations);
    // Strict unless Validate=false, as kubectl (and so Argo CD) applies: an unknown field is an error, not silently dropped.
    const opts = { fieldManager: FIELD_MANAGER, force: true, fieldValidation: step.apply?.validate === false ? 'Ignore' as const : 'Strict' as const };
    if (step.apply?.replace && !step.hook) return this.replace(body, step);
    const attempt = async () => {
      // An update reads the object first and takes over what kubectl managers own (sync/takeover.ts).
      if (step.action === 'update') await takeOverKubectlFields(this.o.client, targetOf(body), FIELD_MANAGER);
      return this.o.client.apply(body, opts);
    };
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof KubeError) || e.code !== 409) throw e;
      // Someone wrote the object meanwhile. Apply sends only Git's fields (no resourceVersion), so
      // it cannot overwrite the other writer's fields: read the object again and try once more;
      // a second conflict is reported.
      if (step.action !== 'update') await this.o.client.get(targetOf(body)).catch((g: unknown) => { if (!isNotFound(g)) throw g; });
      try {
        return await attempt();
      } catch (again) {
        if (again instanceof KubeError && again.code === 409) throw new KubeError(409, 'Conflict', `conflict on apply, still after reading it again and retrying once: ${again.message}`, again.details, again.serverMessage);
        throw again;
      }
    }
  }

  /**
   * Replace=true (Argo CD): `kubectl replace`, or `kubectl create` when the object is absent. The
   * live object becomes exactly Git's: fields other managers set are dropped.
   */
  private async replace(body: KubeObject, step: SyncStep): Promise<KubeObject> {
    const opts = { fieldManager: FIELD_MANAGER, fieldValidation: step.apply?.validate === false ? 'Ignore' as const : 'Strict' as const };
    if (step.action === 'create') return this.o.client.create(body, opts);
    try {
      return await this.o.client.replace(body, opts);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return this.o.client.create(body, opts);
    }
  }

  private async deleteAndWait(ref: ObjectRef): Promise<boolean> {
    const t = targetOf(ref);
    try {
      await this.o.client.delete(t, { propagationPolicy: 'Background' });
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
    await waitGone(this.o.client, t, this.timeoutMs, this.o.signal);
    return true;
  }

  async run(step: SyncStep): Promise<Outcome> {
    if (step.hook) return this.hook(step);
    switch (step.action) {
      case 'unchanged': return { result: 'unchanged', ...(step.reason ? { message: step.reason } : {}) };
      case 'skip': return { result: 'skipped', ...(step.reason ? { message: step.reason } : {}) };
      case 'create':
      case 'update': {
        const written = await this.apply(step.object!, step);
        return { result: 'applied', written };
      }
      case 'prune': {
        if (!this.o.allowPrune) return { result: 'skipped', message: 'needs --prune' };
        try {
          await this.o.client.delete(targetOf(step.ref), { propagationPolicy: 'Background' });
        } catch (e) {
          if (!isNotFound(e)) throw e;
          return { result: 'pruned', message: 'already gone' };
        }
        return { result: 'pruned' };
      }
      case 'recreate': {
        // Force=true / force: Enabled on the object is consent given in Git.
        if (!this.o.allowRecreate && !step.preApproved) return { result: 'skipped', message: 'needs confirmation to delete and re-create' };
        await this.deleteAndWait(step.ref);
        const written = await this.apply(step.object!, step);
        return { result: 'recreated', written };
      }
    }
  }

  private async hook(step: SyncStep): Promise<Outcome> {
    if (step.action !== 'create' || !step.object) return { result: 'skipped', ...(step.reason ? { message: step.reason } : {}) };
    const policy = step.hook!.deletePolicy;
    const obj = step.object;
    let created: KubeObject;
    if (!obj.metadata?.name) {
      // generateName: a fresh object each run, so it cannot be applied.
      created = await this.o.client.create(withTracking(this.o.appName, obj, this.o.revision, this.o.extraAnnotations), { fieldManager: FIELD_MANAGER });
    } else {
      if (policy.includes('BeforeHookCreation')) await this.deleteAndWait(step.ref);
      created = await this.apply(obj, step);
    }
    const t = targetOf(created);
    const outcome = await waitHook(this.o.client, t, this.timeoutMs, this.o.signal);
    const cleanup = outcome === 'succeeded' ? policy.includes('HookSucceeded') : policy.includes('HookFailed');
    if (cleanup) {
      try { await this.o.client.delete(t, { propagationPolicy: 'Background' }); } catch (e) { if (!isNotFound(e)) throw e; }
    }
    return outcome === 'succeeded'
      ? { result: 'applied', message: `hook ${step.hook!.type} completed${cleanup ? ', deleted' : ''}` }
      : { result: 'failed', message: `hook ${step.hook!.type} ${describe(targetOf(created))} failed` };
  }
}

interface Wave { phase: SyncPhase; wave: number; steps: SyncStep[] }

function wavesOf(steps: SyncStep[]): Wave[] {
  const out: Wave[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.phase === s.phase && last.wave === s.wave) last.steps.push(s);
    else out.push({ phase: s.phase, wave: s.wave, steps: [s] });
  }
  return out;
}

export async function syncApp(opts: SyncAppOptions): Promise<SyncReport> {
  const { plan, signal } = opts;
  const timeoutMs = opts.waveTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const runner = new StepRunner(opts, timeoutMs);
  const steps: SyncStepReport[] = [];
  const problems: EngineProblem[] = [];
  const emit = (e: SyncEvent) => opts.onProgress?.(e);
  const fail = (message: string, object?: ObjectRef) => problems.push({ severity: 'error', app: opts.appName, message, ...(object ? { object } : {}) });
  let status: SyncReport['status'] = 'Succeeded';

  const waves = wavesOf(plan.steps.filter((s) => s.phase !== 'SyncFail'));
  outer: for (let i = 0; i < waves.length; i++) {
    const w = waves[i]!;
    emit({ type: 'wave-start', phase: w.phase, wave: w.wave, steps: w.steps.length });
    const written: KubeObject[] = [];
    for (const step of w.steps) {
      if (signal.aborted) { status = 'Cancelled'; break outer; }
      let report: SyncStepReport;
      try {
        const r = await runner.run(step);
        if (r.written && !opts.ungated?.(r.written)) written.push(r.written);
        report = { ref: step.ref, action: step.action, result: r.result, ...(r.message ? { message: r.message } : {}) };
      } catch (e) {
        if (e instanceof WaitCancelled) { status = 'Cancelled'; break outer; }
        report = { ref: step.ref, action: step.action, result: 'failed', message: messageOf(e) };
      }
      steps.push(report);
      emit({ type: 'step', phase: w.phase, wave: w.wave, step: report });
      if (report.result === 'failed') {
        fail(`${describe(step.ref)}: ${report.message ?? 'failed'}`, step.ref);
        status = 'Failed';
        break outer;
      }
    }
    // The health gate: the next wave starts once this one's objects are no longer Progressing.
    if (i < waves.length - 1 && written.length) {
      emit({ type: 'wave-wait', phase: w.phase, wave: w.wave, objects: written.length });
      try {
        const r = await waitSettled(opts.client, written.map(targetOf), timeoutMs, signal);
        if (r.degraded) {
          const ref = { group: r.degraded.target.group, kind: r.degraded.target.kind, namespace: r.degraded.target.namespace, name: r.degraded.target.name };
          fail(`${describe(ref)} is Degraded${r.degraded.health.message ? `: ${r.degraded.health.message}` : ''}; later waves were not applied`, ref);
          status = 'Failed';
          break;
        }
      } catch (e) {
        if (e instanceof WaitCancelled) { status = 'Cancelled'; break; }
        if (e instanceof WaitReadError) {
          const ref = { group: e.target.group, kind: e.target.kind, namespace: e.target.namespace, name: e.target.name };
          fail(`${describe(ref)}: cannot read its health, later waves were not applied: ${e.message}`, ref);
        } else fail(e instanceof WaitTimeout ? `wave ${w.wave} (${w.phase}): ${e.message}` : messageOf(e));
        status = 'Failed';
        break;
      }
    }
    emit({ type: 'wave-done', phase: w.phase, wave: w.wave });
  }

  if (status === 'Failed') await runSyncFail(plan, runner, steps, emit, fail);
  return { app: plan.app, status, steps, problems };
}

/** SyncFail hooks run after a failure, best effort: their own failures are reported, nothing more. */
async function runSyncFail(plan: SyncPlan, runner: StepRunner, steps: SyncStepReport[], emit: (e: SyncEvent) => void,
  fail: (m: string, o?: ObjectRef) => void): Promise<void> {
  for (const w of wavesOf(plan.steps.filter((s) => s.phase === 'SyncFail'))) {
    emit({ type: 'wave-start', phase: w.phase, wave: w.wave, steps: w.steps.length });
    for (const step of w.steps) {
      let report: SyncStepReport;
      try {
        const r = await runner.run(step);
        report = { ref: step.ref, action: step.action, result: r.result, ...(r.message ? { message: r.message } : {}) };
      } catch (e) {
        report = { ref: step.ref, action: step.action, result: 'failed', message: messageOf(e) };
      }
      steps.push(report);
      emit({ type: 'step', phase: w.phase, wave: w.wave, step: report });
      if (report.result === 'failed') fail(`SyncFail hook ${describe(step.ref)}: ${report.message ?? 'failed'}`, step.ref);
    }
    emit({ type: 'wave-done', phase: w.phase, wave: w.wave });
  }
}
