// Wording and small decisions about sync plans shared by the flows: what a plan writes, the plan
// cut down to one object, the lines listed in confirmations, and one progress line per event.
// Field paths and object names only, never values (Secrets stay hidden).
import type { SyncEvent, SyncStepReport } from '../../engine/sync/execute.js';
import type { SyncPlan, SyncStep } from '../../engine/sync/types.js';
import type { ObjectRef } from '../../engine/types.js';

export const objectText = (r: ObjectRef): string =>
  `${r.group ? `${r.kind}.${r.group}` : r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

const WRITES = new Set(['create', 'update', 'prune', 'recreate']);

/** Steps that change the cluster (hooks are creates too). */
export const writingSteps = (p: SyncPlan): SyncStep[] => p.steps.filter((s) => WRITES.has(s.action));
export const prunesOf = (p: SyncPlan): SyncStep[] => p.steps.filter((s) => s.action === 'prune');
/** Recreates that still need consent (Force=true in Git is consent given). */
export const recreatesOf = (p: SyncPlan): SyncStep[] => p.steps.filter((s) => s.action === 'recreate' && !s.preApproved);

const sameRef = (a: ObjectRef, b: ObjectRef) =>
  a.group === b.group && a.kind === b.kind && a.name === b.name && (b.namespace === undefined || a.namespace === b.namespace);

/**
 * The plan restricted to one object: its own step only — no hooks, no other objects (as Argo CD's
 * selective sync). Undefined when the app's plan has no step for it.
 */
export function planForObject(plan: SyncPlan, ref: ObjectRef): SyncPlan | undefined {
  const steps = plan.steps.filter((s) => !s.hook && sameRef(s.ref, ref));
  if (!steps.length) return undefined;
  return {
    ...plan,
    steps,
    needsConfirmation: {
      prune: steps.some((s) => s.action === 'prune'),
      recreate: steps.some((s) => s.action === 'recreate' && !s.preApproved),
    },
  };
}

/** "2 create, 1 update, 4 unchanged" in plan order. */
export function countsText(p: SyncPlan): string {
  const counts = new Map<string, number>();
  for (const s of p.steps) counts.set(s.action, (counts.get(s.action) ?? 0) + 1);
  return [...counts].map(([a, n]) => `${n} ${a}`).join(', ') || 'nothing';
}

/** One line per step that writes: "create Deployment shop/web (fields: spec.replicas)". */
export function stepLines(steps: SyncStep[], max = 20): string[] {
  const lines = steps.slice(0, max).map((s) =>
    `${s.action} ${objectText(s.ref)}${s.hook ? ` (hook ${s.hook.type})` : ''}${s.driftPaths?.length ? ` (fields: ${s.driftPaths.slice(0, 4).join(', ')}${s.driftPaths.length > 4 ? ', …' : ''})` : ''}`);
  if (steps.length > max) lines.push(`… and ${steps.length - max} more`);
  return lines;
}

export const resultText = (s: SyncStepReport): string =>
  `${s.result} ${objectText(s.ref)}${s.message ? ` (${s.message})` : ''}`;

/** The progress notification's line for an executor event; undefined for events not worth a line. */
export function progressText(e: SyncEvent): string | undefined {
  switch (e.type) {
    case 'wave-start': return `${e.phase} wave ${e.wave}: ${e.steps} step(s)`;
    case 'wave-wait': return `${e.phase} wave ${e.wave}: waiting for ${e.objects} object(s) to become ready`;
    case 'step': return resultText(e.step);
    default: return undefined;
  }
}

/** Steps whose result wrote to the cluster. */
export const wroteSomething = (s: SyncStepReport): boolean => s.result === 'applied' || s.result === 'pruned' || s.result === 'recreated';
