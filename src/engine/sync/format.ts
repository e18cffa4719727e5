// The plan as a table for the CLI. Shows field paths only, never values (Secrets stay hidden).
import type { SyncPlan, SyncStep } from './types.js';

const objectName = (s: SyncStep): string =>
  `${s.ref.group ? `${s.ref.group}/` : ''}${s.ref.kind}/${s.ref.namespace ? `${s.ref.namespace}/` : ''}${s.ref.name}`;

function detail(s: SyncStep): string {
  const parts: string[] = [];
  if (s.hook) parts.push(`hook ${s.hook.type} (${s.hook.deletePolicy.join(',')})`);
  if (s.reason) parts.push(s.reason);
  if (s.driftPaths?.length) parts.push(`fields: ${s.driftPaths.join(', ')}`);
  return parts.join('; ');
}

export function formatPlan(plan: SyncPlan): string {
  const head = ['PHASE', 'WAVE', 'ACTION', 'OBJECT', 'DETAIL'];
  const rows = plan.steps.map((s) => [s.phase, String(s.wave), s.action, objectName(s), detail(s)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const counts = new Map<string, number>();
  for (const s of plan.steps) counts.set(s.action, (counts.get(s.action) ?? 0) + 1);
  const out = [`Sync plan for ${plan.app}`, line(head), ...rows.map(line), ''];
  out.push(plan.steps.length ? [...counts].map(([a, n]) => `${n} ${a}`).join(', ') : 'nothing to do');
  if (plan.needsConfirmation.prune) out.push('Prune deletes objects from the cluster: needs its own confirmation.');
  if (plan.needsConfirmation.recreate) out.push('Recreate deletes and re-creates objects (downtime; PVC data may be lost): needs its own confirmation.');
  for (const p of plan.problems) out.push(`${p.severity}: ${p.message}`);
  return out.join('\n');
}
