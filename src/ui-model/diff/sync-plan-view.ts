// The sync plan as the diff panel shows it before the user confirms: steps grouped by phase and
// wave in execution order, counts per action. Only identities, reasons and field paths: the
// objects a step carries (desired and live, Secret values included) never reach the view.
import type { SyncAction, SyncPlan } from '../../engine/sync/types.js';
import { refKey, type ObjectRef } from '../../engine/types.js';
import type { PlanStepView, PlanWaveView, SyncPlanView } from './types.js';

export const refLabel = (r: ObjectRef): string => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

const WRITES: ReadonlySet<SyncAction> = new Set(['create', 'update', 'prune', 'recreate']);

export function syncPlanView(plan: SyncPlan, id: string): SyncPlanView {
  const counts: Record<SyncAction, number> = { create: 0, update: 0, unchanged: 0, prune: 0, recreate: 0, skip: 0 };
  const waves: PlanWaveView[] = [];
  for (const s of plan.steps) {
    counts[s.action]++;
    let w = waves[waves.length - 1];
    if (!w || w.phase !== s.phase || w.wave !== s.wave) { w = { phase: s.phase, wave: s.wave, steps: [] }; waves.push(w); }
    const step: PlanStepView = { action: s.action, id: refKey(s.ref), label: refLabel(s.ref) };
    if (s.reason) step.reason = s.reason;
    if (s.driftPaths?.length) step.driftPaths = [...s.driftPaths];
    if (s.hook) step.hook = `${s.hook.type}${s.hook.deletePolicy.length ? ` (${s.hook.deletePolicy.join(', ')})` : ''}`;
    if (s.preApproved) step.preApproved = true;
    w.steps.push(step);
  }
  return {
    id, app: plan.app, waves, counts, needsConfirmation: { ...plan.needsConfirmation },
    problems: plan.problems.map((p) => (p.location ? `${p.location.file}:${p.location.line}: ${p.message}` : p.message)),
    empty: !plan.steps.some((s) => WRITES.has(s.action) || (s.hook !== undefined && s.action !== 'skip')),
  };
}
