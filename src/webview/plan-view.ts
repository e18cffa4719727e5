// The sync plan awaiting confirmation: what will be created, updated, pruned or recreated, wave
// by wave in execution order, with Sync / Cancel.
import type { SyncPlanView } from '../protocol/diff-panel.js';
import { h } from './dom.js';

const ACTION_TEXT: Record<string, string> = {
  create: 'create', update: 'update', unchanged: 'unchanged', prune: 'PRUNE', recreate: 'RECREATE', skip: 'skip',
};

export function renderPlan(plan: SyncPlanView, onDecide: (confirm: boolean) => void): HTMLElement {
  const c = plan.counts;
  const summary = [
    c.create && `${c.create} to create`, c.update && `${c.update} to update`, c.recreate && `${c.recreate} to recreate`,
    c.prune && `${c.prune} to prune`, c.unchanged && `${c.unchanged} unchanged`, c.skip && `${c.skip} skipped`,
  ].filter(Boolean).join(' · ');
  const table = h('div', { class: 'plan-steps', attrs: { role: 'table' } });
  for (const w of plan.waves) {
    table.append(h('div', { class: 'plan-wave', text: `${w.phase} · wave ${w.wave}`, attrs: { role: 'row' } }));
    for (const s of w.steps) {
      table.append(h('div', { class: `plan-step action-${s.action}`, attrs: { role: 'row' } }, [
        h('span', { class: 'plan-action', text: ACTION_TEXT[s.action] ?? s.action }),
        h('span', { class: 'plan-ref', text: s.label }),
        h('span', { class: 'plan-detail', text: [s.hook && `hook ${s.hook}`, s.reason, s.driftPaths?.join(', '), s.preApproved && 'pre-approved by annotation'].filter(Boolean).join(' · ') }),
      ]));
    }
  }
  const warn = [
    plan.needsConfirmation.prune && `${c.prune} object(s) will be DELETED from the cluster.`,
    plan.needsConfirmation.recreate && `${c.recreate} object(s) will be deleted and created again (immutable fields changed).`,
  ].filter((x): x is string => typeof x === 'string');
  const confirm = h('vscode-button', { text: plan.empty ? 'Nothing to sync' : `Sync ${plan.app}`, on: { click: () => onDecide(true) } });
  if (plan.empty) confirm.setAttribute('disabled', '');
  return h('section', { class: 'plan', attrs: { 'aria-label': `Sync plan of ${plan.app}` } }, [
    h('h2', { text: `Sync plan: ${plan.app}` }),
    h('p', { class: 'plan-summary', text: summary || 'No steps.' }),
    ...warn.map((w) => h('p', { class: 'plan-warning', text: w })),
    ...plan.problems.map((p) => h('p', { class: 'plan-problem', text: p })),
    table,
    h('div', { class: 'plan-buttons' }, [confirm, h('vscode-button', { text: 'Cancel', attrs: { secondary: '' }, on: { click: () => onDecide(false) } })]),
  ]);
}
