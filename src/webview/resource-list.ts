// The app's resources as a vscode-tree: kind / namespace / name with status and drift count.
import type { DiffPanelState } from '../protocol/diff-panel.js';
import { h } from './dom.js';

export function renderResources(s: DiffPanelState, onSelect: (id: string) => void): HTMLElement {
  const tree = h('vscode-tree', { attrs: { 'aria-label': 'Resources' } });
  for (const r of s.resources) {
    const item = h('vscode-tree-item', { attrs: { 'data-id': r.id } }, [
      h('span', { class: `dot status-${r.status}`, attrs: { 'aria-hidden': 'true' } }),
      h('span', { text: r.label }),
      h('span', { text: `${r.status}${r.driftCount ? ` · ${r.driftCount} field${r.driftCount === 1 ? '' : 's'}` : ''}${r.health ? ` · ${r.health}` : ''}`, attrs: { slot: 'description' } }),
    ]);
    if (r.id === s.selected) item.setAttribute('selected', '');
    tree.append(item);
  }
  tree.addEventListener('vsc-tree-select', (e) => {
    // 2.5's typings say {selectedItems}, its code sends the array itself: accept both
    const detail = (e as CustomEvent<HTMLElement[] | { selectedItems?: HTMLElement[] }>).detail;
    const item = (Array.isArray(detail) ? detail : detail?.selectedItems ?? [])[0];
    const id = item?.getAttribute('data-id');
    if (id && id !== s.selected) onSelect(id);
  });
  const hidden = s.resourceTotal - s.resources.length;
  return h('nav', { class: 'resources' }, [
    h('h2', { text: `Resources (${s.resources.length}${hidden ? ` of ${s.resourceTotal}` : ''})` }),
    tree,
    hidden ? h('p', { class: 'muted', text: `${hidden} in sync hidden by "Only drift".` }) : undefined,
  ]);
}
