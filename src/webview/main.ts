// The diff panel's webview: renders the host's state snapshots, sends the user's intents back,
// keeps identity + view options with setState so the panel comes back after a reload.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-tree/index.js';
import '@vscode-elements/elements/dist/vscode-tree-item/index.js';
import type { DiffPanelState, HostToWebview, PersistedState, ViewOptions, WebviewToHost } from '../protocol/diff-panel.js';
import { renderDiff } from './diff-view.js';
import { h } from './dom.js';
import { renderPlan } from './plan-view.js';
import { renderResources } from './resource-list.js';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let state: DiffPanelState | undefined;
/** index into state.diff.changes of the change the user is on */
let currentChange = -1;
let shownDiff: string | undefined;

const post = (m: WebviewToHost) => vscode.postMessage(m);

function persist(s: DiffPanelState): void {
  vscode.setState({ identity: s.identity, options: s.options, ...(s.selected ? { selected: s.selected } : {}) });
}

function setOptions(patch: Partial<ViewOptions>): void {
  if (!state) return;
  post({ type: 'setOptions', options: { ...state.options, ...patch } });
}

function toolbar(s: DiffPanelState): HTMLElement {
  const mode = h('vscode-radio-group', { attrs: { 'aria-label': 'Diff layout' } }, [
    radio('split', 'Side by side', s.options.mode === 'split'), radio('unified', 'Unified', s.options.mode === 'unified'),
  ]);
  mode.addEventListener('change', (e) => {
    const v = (e.target as HTMLInputElement).value;
    if (v === 'split' || v === 'unified') setOptions({ mode: v });
  });
  return h('div', { class: 'toolbar' }, [
    mode,
    checkbox('Only drift', s.options.onlyDrift, (v) => setOptions({ onlyDrift: v })),
    checkbox('Show noise', s.options.showNoise, (v) => setOptions({ showNoise: v })),
    h('vscode-button', { text: 'Refresh', attrs: { secondary: '' }, on: { click: () => post({ type: 'refresh' }) } }),
    s.app ? h('vscode-button', { text: 'Sync…', on: { click: () => post({ type: 'sync' }) } }) : undefined,
  ]);
}

function radio(value: string, label: string, checked: boolean): HTMLElement {
  const r = h('vscode-radio', { text: label, attrs: { value, name: 'mode' } });
  if (checked) r.setAttribute('checked', '');
  return r;
}

function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const c = h('vscode-checkbox', { text: label });
  if (checked) c.setAttribute('checked', '');
  c.addEventListener('change', () => onChange((c as HTMLInputElement).checked));
  return c;
}

function header(s: DiffPanelState): HTMLElement {
  const a = s.app;
  return h('header', {}, [
    h('h1', { text: s.identity.ref ? `${a?.name ?? s.identity.app}: ${s.identity.ref.kind} ${s.identity.ref.name}` : (a?.name ?? s.identity.app) }),
    a ? h('span', { class: `badge sync-${a.sync}`, text: a.sync }) : undefined,
    a ? h('span', { class: `badge health-${a.health}`, text: a.health }) : undefined,
    a ? h('span', { class: 'muted', text: a.controller === 'plain' ? 'plain' : a.controller === 'argocd' ? 'Argo CD' : 'Flux' }) : undefined,
    h('span', { class: `conn conn-${s.connection.state}`, text: s.connection.state, title: s.connection.message ?? '' }),
  ]);
}

function render(): void {
  const s = state;
  if (!s) return;
  const scroller = root.querySelector('.diff-scroll');
  const keepScroll = shownDiff === s.diff?.id ? scroller?.scrollTop : undefined;
  if (shownDiff !== s.diff?.id) currentChange = -1;
  shownDiff = s.diff?.id;
  if (s.diff && currentChange >= s.diff.changes.length) currentChange = s.diff.changes.length - 1;
  const row = s.diff && currentChange >= 0 ? s.diff.changes[currentChange] : undefined;
  const main = h('div', { class: 'main' }, [
    s.identity.ref ? undefined : renderResources(s, (id) => post({ type: 'selectResource', id })),
    h('section', { class: 'diff-pane' }, s.diff ? [
      h('div', { class: 'diff-title' }, [
        h('h2', { text: s.diff.title }),
        h('span', { class: `badge status-${s.diff.status}`, text: s.diff.status }),
        h('span', { class: 'muted', text: `${s.diff.changes.length} change${s.diff.changes.length === 1 ? '' : 's'}` }),
        s.diff.source ? h('a', { text: `${s.diff.source.file}:${s.diff.source.line}`, attrs: { href: '#' }, on: { click: (e) => { e.preventDefault(); post({ type: 'openSource', id: s.diff!.id }); } } }) : undefined,
        h('a', { text: 'Open in diff editor', attrs: { href: '#' }, on: { click: (e) => { e.preventDefault(); post({ type: 'openNativeDiff', id: s.diff!.id }); } } }),
      ]),
      ...s.diff.notes.map((n) => h('p', { class: 'note-line', text: n })),
      h('div', { class: 'diff-scroll' }, [renderDiff(s.diff, s.options.mode, row)]),
    ] : [h('p', { class: 'muted', text: s.message ?? (s.resources.length ? 'Select a resource.' : 'No resources to show.') })]),
  ]);
  root.replaceChildren(
    header(s), toolbar(s),
    s.plan ? renderPlan(s.plan, (ok) => post({ type: ok ? 'confirmPlan' : 'cancelPlan', planId: s.plan!.id })) : '',
    s.message && s.diff ? h('p', { class: 'message', text: s.message }) : '',
    main,
    h('footer', { class: 'muted', text: 'n / p (F7 / Shift+F7): next / previous change · ↑ ↓ Enter in the list, Alt+↓ / Alt+↑ anywhere: next / previous resource · u: unified / side by side' }),
  );
  const sc = root.querySelector('.diff-scroll');
  if (sc && keepScroll !== undefined) sc.scrollTop = keepScroll;
}

function goToChange(delta: number): void {
  const changes = state?.diff?.changes ?? [];
  if (!changes.length) return;
  currentChange = currentChange < 0 ? (delta > 0 ? 0 : changes.length - 1) : (currentChange + delta + changes.length) % changes.length;
  render();
  const el = root.querySelector(`.row[data-row="${changes[currentChange]}"]`);
  el?.scrollIntoView({ block: 'center' });
}

function goToResource(delta: number): void {
  if (!state || !state.resources.length) return;
  const i = state.resources.findIndex((r) => r.id === state!.selected);
  const next = state.resources[(i + delta + state.resources.length) % state.resources.length]!;
  post({ type: 'selectResource', id: next.id });
}

// Capture phase: the resource tree keeps plain arrows (focus) and Enter (select) for itself and
// stops them; Alt+arrows switch resources from anywhere in the panel.
window.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
  if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) { goToResource(e.key === 'ArrowDown' ? 1 : -1); e.preventDefault(); e.stopPropagation(); return; }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'n' || e.key === 'F7' && !e.shiftKey) { goToChange(1); e.preventDefault(); }
  else if (e.key === 'p' || e.key === 'F7' && e.shiftKey) { goToChange(-1); e.preventDefault(); }
  else if (e.key === 'u') { setOptions({ mode: state?.options.mode === 'split' ? 'unified' : 'split' }); e.preventDefault(); }
}, true);

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data as HostToWebview | undefined;
  if (!m || typeof m !== 'object' || m.type !== 'state' || typeof m.state !== 'object') return;
  state = m.state;
  persist(state);
  render();
});

post({ type: 'ready' });
