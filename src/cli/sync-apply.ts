// What `plumb sync` and `plumb rollback` share once plans exist: whether an app may be synced by
// Plumb at all, the confirmation rules (--yes, or a yes on a terminal; never on a non-TTY), and
// applying the plans with one progress line per step.
import { createInterface } from 'node:readline/promises';
import type { KubeClient } from '../engine/kube/client.js';
import { syncApp, type SyncEvent, type SyncReport } from '../engine/sync/execute.js';
import { controllerOwner, type PreparedApp } from '../engine/sync/prepare.js';
import type { SyncPlan } from '../engine/sync/types.js';
import { blockedBy, waitAppReady } from '../engine/sync/depends.js';
import type { AppSpec, EngineProblem } from '../engine/types.js';
import type { CliIO } from './command.js';

/** Asks on the terminal; only called when stdin is a TTY. */
export async function ask(io: CliIO, question: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question, { signal: io.signal })).trim();
  } catch {
    return undefined;
  } finally {
    rl.close();
  }
}

export const askYes = async (io: CliIO, question: string) => /^y(es)?$/i.test((await ask(io, question)) ?? '');

export const writes = (p: SyncPlan) => p.steps.some((s) => s.action === 'create' || s.action === 'update' || s.action === 'prune' || s.action === 'recreate');

const refText = (r: { group: string; kind: string; namespace?: string; name: string }) =>
  `${r.group ? `${r.kind}.${r.group}` : r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function progressLine(app: string, e: SyncEvent): string | undefined {
  switch (e.type) {
    case 'wave-start': return `[${app}] ${e.phase} wave ${e.wave}: ${e.steps} step(s)`;
    case 'wave-wait': return `[${app}] ${e.phase} wave ${e.wave}: waiting for ${e.objects} object(s) to become ready`;
    case 'step': return `[${app}]   ${e.step.result.padEnd(9)} ${refText(e.step.ref)}${e.step.message ? `  (${e.step.message})` : ''}`;
    default: return undefined;
  }
}

/** Why Plumb must not sync this prepared app (remote source, render errors, a controller owns it), or undefined. */
export async function syncRefusal(p: PreparedApp, client: KubeClient, signal: AbortSignal): Promise<EngineProblem | undefined> {
  if (p.app.remote) return { severity: 'error', app: p.app.name, message: `cannot sync: ${p.app.remote.reason}` };
  if (p.problems.some((x) => x.severity === 'error')) return { severity: 'error', app: p.app.name, message: 'not synced: the app does not render cleanly' };
  const owner = await controllerOwner(client, p.app, signal);
  return owner ? { severity: 'error', app: p.app.name, message: owner } : undefined;
}

export interface ApplyOptions {
  client: KubeClient;
  yes: boolean;
  prune: boolean;
  json: boolean;
  /** the command's name, for "plumb X: nothing applied" */
  command: string;
  /** problems are appended here */
  problems: EngineProblem[];
  /** the Git commit the plans were rendered from, recorded on the applied objects */
  revision?: string;
  extraAnnotations?: Record<string, string>;
  /** the apps' specs by name, for Flux dependsOn between the plans (they come in dependency order) */
  specs?: ReadonlyMap<string, AppSpec>;
  /** apps of this run that will not sync (refused, controller failed) → why; dependents are skipped */
  notSynced?: Map<string, string>;
  /** how long a dependency may take to become Ready before its dependents are skipped (default 5 min) */
  readyTimeoutMs?: number;
}

/**
 * Confirms and applies the plans that write something. Returns 0 when everything applied (or
 * nothing needed to), 1 when a sync failed, 2 when not confirmed (nothing applied).
 */
export async function confirmAndApply(io: CliIO, plans: SyncPlan[], o: ApplyOptions): Promise<{ code: 0 | 1 | 2; reports: SyncReport[]; skipped: SkippedApp[] }> {
  const reports: SyncReport[] = [];
  const skipped: SkippedApp[] = [];
  const pending = plans.filter(writes);
  if (!pending.length) return { code: 0, reports, skipped };
  if (!o.yes) {
    if (!process.stdin.isTTY) {
      o.problems.push({ severity: 'error', message: 'stdin is not a terminal: pass --yes to apply' });
      return { code: 2, reports, skipped };
    }
    if (!(await askYes(io, `Apply the plan above to context "${o.client.config.context}"? [y/N] `))) {
      io.stderr(`plumb ${o.command}: nothing applied\n`);
      return { code: 2, reports, skipped };
    }
  }
  let code: 0 | 1 = 0;
  const notSynced = o.notSynced ?? new Map<string, string>();
  const needed = new Set(pending.flatMap((p) => o.specs?.get(p.app)?.dependsOn ?? []));
  for (const plan of pending) {
    const spec = o.specs?.get(plan.app);
    const blocked = spec && blockedBy(spec, notSynced);
    if (blocked) {
      // As Flux holds back a Kustomization whose dependency is not Ready.
      skipped.push({ app: plan.app, reason: blocked });
      notSynced.set(plan.app, `was skipped (${blocked})`);
      o.problems.push({ severity: 'error', app: plan.app, message: `not synced: ${blocked}` });
      if (!o.json) io.stdout(`[${plan.app}] skipped: ${blocked}\n`);
      code = 1;
      continue;
    }
    let allowRecreate = false;
    if (plan.needsConfirmation.recreate) {
      allowRecreate = !!process.stdin.isTTY && await askYes(io, `${plan.app}: delete and re-create the objects marked "recreate" (downtime; data may be lost)? [y/N] `);
    }
    if (io.signal.aborted) break;
    const report = await syncApp({
      plan, client: o.client, signal: io.signal, appName: plan.app, allowPrune: o.prune, allowRecreate,
      ...(o.revision ? { revision: o.revision } : {}), ...(o.extraAnnotations ? { extraAnnotations: o.extraAnnotations } : {}),
      onProgress: (e) => { const l = o.json ? undefined : progressLine(plan.app, e); if (l) io.stdout(l + '\n'); },
    });
    reports.push(report);
    o.problems.push(...report.problems);
    if (!o.json) io.stdout(`[${plan.app}] sync ${report.status}\n`);
    if (report.status !== 'Succeeded') {
      code = 1;
      notSynced.set(plan.app, `failed to sync (${report.status})`);
    } else if (needed.has(plan.app)) {
      // Another app of this run depends on it: it must be Ready first.
      if (!o.json) io.stdout(`[${plan.app}] waiting until Ready (apps of this run depend on it)\n`);
      const why = await waitAppReady(o.client, report, o.readyTimeoutMs ?? 5 * 60_000, io.signal);
      if (why) notSynced.set(plan.app, why);
    }
  }
  return { code, reports, skipped };
}

/** An app of the run that was not synced because of another one. */
export interface SkippedApp { app: string; reason: string }

export function planJson(p: SyncPlan) {
  return { app: p.app, steps: p.steps.map((s) => ({ phase: s.phase, wave: s.wave, action: s.action, ref: s.ref, ...(s.reason ? { reason: s.reason } : {}), ...(s.driftPaths ? { driftPaths: s.driftPaths } : {}) })) };
}
