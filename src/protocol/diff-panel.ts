// Messages between the diff panel's host (src/vscode/webview) and its webview (src/webview).
// Host → webview: only complete state snapshots, and only after the webview said `ready`.
// Webview → host: user intents, each checked by `parseWebviewMessage` before the host acts: the
// webview renders data from the cluster, so its messages are treated as untrusted input.
import type { ObjectRef } from '../engine/types.js';
import type { DiffPanelState, PanelIdentity, ViewOptions } from '../ui-model/diff/types.js';

export type {
  DiffMode, DiffPanelState, DiffRow, DriftNote, LineView, PanelIdentity, PlanStepView, PlanWaveView, ResourceDiffView, ResourceItem,
  SyncPlanView, ViewOptions,
} from '../ui-model/diff/types.js';

export const DIFF_PANEL_VIEW_TYPE = 'plumb.diffPanel';

export type HostToWebview = { type: 'state'; state: DiffPanelState };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'selectResource'; id: string }
  | { type: 'setOptions'; options: ViewOptions }
  /** open the resource's source file at its declaring line (or a given line of it) */
  | { type: 'openSource'; id: string }
  /** open VS Code's native diff editor for one resource */
  | { type: 'openNativeDiff'; id: string }
  /** sync the panel's app (through the sync command, which plans and asks) */
  | { type: 'sync' }
  | { type: 'refresh' }
  | { type: 'confirmPlan'; planId: string }
  | { type: 'cancelPlan'; planId: string };

/** What the webview keeps with `vscode.setState` (identity and view options only, no cluster data). */
export interface PersistedState {
  identity: PanelIdentity;
  options: ViewOptions;
  selected?: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
/** ids are refKeys / plan ids: bounded, printable */
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1024 && !/[\u0000-\u001f]/.test(v);
const MODES: readonly string[] = ['split', 'unified'];

/** Exactly these keys (no extras): anything else is a malformed message. */
function hasOnly(v: Rec, keys: readonly string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}

export function isViewOptions(v: unknown): v is ViewOptions {
  return isRec(v) && hasOnly(v, ['mode', 'onlyDrift', 'showNoise']) && typeof v['mode'] === 'string' && MODES.includes(v['mode'])
    && typeof v['onlyDrift'] === 'boolean' && typeof v['showNoise'] === 'boolean';
}

export function isObjectRef(v: unknown): v is ObjectRef {
  return isRec(v) && hasOnly(v, ['group', 'kind', 'namespace', 'name']) && typeof v['group'] === 'string' && v['group'].length <= 253
    && isId(v['kind']) && isId(v['name']) && (v['namespace'] === undefined || isId(v['namespace']));
}

export function isPanelIdentity(v: unknown): v is PanelIdentity {
  return isRec(v) && hasOnly(v, ['app', 'ref']) && isId(v['app']) && (v['ref'] === undefined || isObjectRef(v['ref']));
}

export function isPersistedState(v: unknown): v is PersistedState {
  return isRec(v) && hasOnly(v, ['identity', 'options', 'selected']) && isPanelIdentity(v['identity']) && isViewOptions(v['options'])
    && (v['selected'] === undefined || isId(v['selected']));
}

/** The message if it is one the host understands, exactly; undefined for anything else. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isRec(v) || typeof v['type'] !== 'string') return undefined;
  switch (v['type']) {
    case 'ready': case 'sync': case 'refresh':
      return hasOnly(v, ['type']) ? { type: v['type'] } : undefined;
    case 'selectResource': case 'openSource': case 'openNativeDiff':
      return hasOnly(v, ['type', 'id']) && isId(v['id']) ? { type: v['type'], id: v['id'] } : undefined;
    case 'setOptions':
      return hasOnly(v, ['type', 'options']) && isViewOptions(v['options'])
        ? { type: 'setOptions', options: { mode: v['options'].mode, onlyDrift: v['options'].onlyDrift, showNoise: v['options'].showNoise } } : undefined;
    case 'confirmPlan': case 'cancelPlan':
      return hasOnly(v, ['type', 'planId']) && isId(v['planId']) ? { type: v['type'], planId: v['planId'] } : undefined;
    default:
      return undefined;
  }
}
