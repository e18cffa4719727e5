// The rows of one resource's diff, side by side or unified, with changed characters highlighted
// inside changed rows and each drifted field's manager and time after its line.
import type { DiffMode, DiffRow, DriftNote, LineView, ResourceDiffView } from '../protocol/diff-panel.js';
import { ago, h } from './dom.js';

/** The changed middle of two lines (common prefix and suffix removed), for the inline highlight. */
function changedSpan(a: string, b: string): { start: number; endA: number; endB: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  return { start, endA, endB };
}

function code(text: string, highlight?: { from: number; to: number; cls: string }): HTMLElement {
  if (!highlight || highlight.from >= highlight.to) return h('span', { class: 'code', text });
  return h('span', { class: 'code' }, [
    text.slice(0, highlight.from), h('span', { class: highlight.cls, text: text.slice(highlight.from, highlight.to) }), text.slice(highlight.to),
  ]);
}

function noteText(n: DriftNote): string {
  const who = n.manager ? `${n.manager}${n.time ? `, ${ago(n.time)}` : ''}` : 'unattributed';
  return `${n.kind ? `${n.kind} · ` : ''}${who}`;
}

function notes(row: DiffRow, diff: ResourceDiffView): HTMLElement | undefined {
  if (!row.drift?.length) return undefined;
  return h('span', { class: 'note' }, row.drift.map((i) => {
    const n = diff.drift[i]!;
    return h('span', { class: 'note-item', text: noteText(n), title: `${n.path}${n.time ? `\nlast written ${n.time}` : ''}` });
  }));
}

const num = (l: LineView | undefined) => h('span', { class: 'ln', text: l ? String(l.n) : '' });

function gap(prev: DiffRow | undefined, row: DiffRow): boolean {
  if (!prev) return (row.left?.n ?? row.right?.n ?? 1) > 1;
  const dl = prev.left && row.left ? row.left.n - prev.left.n : 1;
  const dr = prev.right && row.right ? row.right.n - prev.right.n : 1;
  return dl > 1 || dr > 1;
}

export function renderDiff(diff: ResourceDiffView, mode: DiffMode, current: number | undefined): HTMLElement {
  const box = h('div', { class: `diff ${mode}`, attrs: { role: 'table', 'aria-label': `${diff.title}: Git (left) and live (right)`, tabindex: '0' } });
  if (mode === 'split') box.append(h('div', { class: 'row head', attrs: { role: 'row' } }, [h('span', { class: 'ln' }), h('span', { class: 'code', text: 'Git (desired)' }), h('span', { class: 'ln' }), h('span', { class: 'code', text: 'Live (cluster)' })]));
  diff.rows.forEach((row, i) => {
    if (gap(diff.rows[i - 1], row)) box.append(h('div', { class: 'row fold', text: '⋯', attrs: { role: 'row' } }));
    const attrs: Record<string, string> = { role: 'row', 'data-row': String(i), ...(row.ignored ? { title: 'Differs, but not drift: an ignore rule, or equal once normalised' } : {}) };
    const extra = `${row.ignored ? ' ignored' : ''}${i === current ? ' current' : ''}`;
    const cls = `row ${row.kind}${extra}`;
    const span = row.kind === 'changed' ? changedSpan(row.left!.text, row.right!.text) : undefined;
    const hl = (side: 'left' | 'right') => (span ? { from: span.start, to: side === 'left' ? span.endA : span.endB, cls: side === 'left' ? 'del-text' : 'ins-text' } : undefined);
    if (mode === 'split') {
      box.append(h('div', { class: cls, attrs }, [
        num(row.left), h('span', { class: `side left${row.left ? '' : ' empty'}` }, [code(row.left?.text ?? '', hl('left'))]),
        num(row.right), h('span', { class: `side right${row.right ? '' : ' empty'}` }, [code(row.right?.text ?? '', hl('right')), notes(row, diff)]),
      ]));
      return;
    }
    // unified: Git's line (−) then the live line (+); unchanged lines once
    if (row.kind === 'same') {
      box.append(h('div', { class: cls, attrs }, [num(row.left), num(row.right), h('span', { class: 'sign', text: ' ' }), code(row.left!.text), notes(row, diff)]));
      return;
    }
    if (row.left) box.append(h('div', { class: `row removed${extra}`, attrs }, [num(row.left), num(undefined), h('span', { class: 'sign', text: '−' }), code(row.left.text, hl('left')), row.right ? undefined : notes(row, diff)]));
    if (row.right) box.append(h('div', { class: `row added${row.ignored ? ' ignored' : ''}${i === current && !row.left ? ' current' : ''}`, attrs: row.left ? { role: 'row' } : attrs }, [num(undefined), num(row.right), h('span', { class: 'sign', text: '+' }), code(row.right.text, hl('right')), notes(row, diff)]));
  });
  if (diff.rows.length === 0) box.append(h('div', { class: 'row empty-diff', text: 'Nothing to show.' }));
  return box;
}
