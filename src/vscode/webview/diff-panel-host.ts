// The diff panel's host side: one WebviewPanel (`plumb.diffPanel`) per app or resource, fed full
// state snapshots after the webview says `ready` and again on every session snapshot; restored
// after a reload by a serializer from the webview's persisted {identity, options}. Every message
// from the webview is validated before anything happens. Also shows sync plans for confirmation.
import * as vscode from 'vscode';
import type { SyncPlan } from '../../engine/sync/types.js';
import { refKey } from '../../engine/types.js';
import {
  DIFF_PANEL_VIEW_TYPE, isPersistedState, parseWebviewMessage, type HostToWebview, type PanelIdentity, type ViewOptions, type WebviewToHost,
} from '../../protocol/diff-panel.js';
import { buildDiffPanelState, DEFAULT_VIEW_OPTIONS, syncPlanView, type SyncPlanView } from '../../ui-model/diff-panel-state.js';
import type { Services } from '../services.js';
import { diffPanelHtml } from './diff-panel-html.js';

export type PlanDecision = 'confirm' | 'cancel';

const identityKey = (i: PanelIdentity) => `${i.app}\u0000${i.ref ? refKey(i.ref) : ''}`;

class DiffPanel implements vscode.Disposable {
  private ready = false;
  private plan?: { view: SyncPlanView; decide: (d: PlanDecision) => void };
  private readonly disposables: vscode.Disposable[] = [];
  private invalidLogged = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly identity: PanelIdentity,
    private options: ViewOptions,
    private selected: string | undefined,
    private readonly services: Services,
    private readonly onDispose: (p: DiffPanel) => void,
  ) {
    const { context } = services;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    };
    panel.title = identity.ref ? `Diff: ${identity.ref.kind} ${identity.ref.name}` : `Diff: ${identity.app}`;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'plumb.svg');
    panel.webview.html = diffPanelHtml(panel.webview, context.extensionUri, (b, ...p) => vscode.Uri.joinPath(b, ...p));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // without retainContextWhenHidden a hidden webview is torn down: it says `ready` again when shown
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      services.sessions.onDidChangeSnapshot(() => this.post()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows a plan and waits for Sync / Cancel (a newer plan cancels an older one). */
  showPlan(plan: SyncPlan, signal?: AbortSignal): Promise<PlanDecision> {
    this.plan?.decide('cancel');
    return new Promise<PlanDecision>((resolve) => {
      const id = `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const onAbort = () => decide('cancel');
      const decide = (d: PlanDecision) => {
        if (this.plan?.view.id !== id) return;
        this.plan = undefined;
        signal?.removeEventListener('abort', onAbort);
        resolve(d);
        this.post();
      };
      this.plan = { view: syncPlanView(plan, id), decide };
      if (signal?.aborted) { decide('cancel'); return; }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.panel.reveal();
      this.post();
    });
  }

  post(): void {
    if (!this.ready) return; // nothing before `ready`: the webview would drop it
    const session = this.services.sessions.session;
    const state = buildDiffPanelState({
      snapshot: this.services.sessions.snapshot, identity: this.identity, options: this.options, selected: this.selected,
      live: (ref) => session?.live(ref), ...(this.plan ? { plan: this.plan.view } : {}),
    });
    const message: HostToWebview = { type: 'state', state };
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      if (!this.invalidLogged) this.services.log.warn('diff panel: ignored a malformed message from the webview');
      this.invalidLogged = true;
      return;
    }
    void this.handle(m).catch((e: unknown) => this.services.log.error(`diff panel: ${(e as Error).message}`));
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready': this.ready = true; this.post(); return;
      case 'selectResource': this.selected = m.id; this.post(); return;
      case 'setOptions': this.options = m.options; this.post(); return;
      case 'refresh': await this.services.sessions.refresh(); return;
      case 'sync': await vscode.commands.executeCommand('plumb.sync', { app: this.identity.app }); return;
      case 'openSource': await this.openSource(m.id); return;
      case 'openNativeDiff': {
        const r = this.resource(m.id);
        if (r) await vscode.commands.executeCommand('plumb.diffResourceNative', { app: this.identity.app, ref: r.ref });
        return;
      }
      case 'confirmPlan': case 'cancelPlan':
        if (this.plan?.view.id === m.planId) this.plan.decide(m.type === 'confirmPlan' ? 'confirm' : 'cancel');
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private resource(id: string) {
    const app = this.services.sessions.snapshot?.status.apps.find((a) => a.name === this.identity.app);
    const r = app?.resources.find((x) => refKey({ group: x.group, kind: x.kind, namespace: x.namespace, name: x.name }) === id);
    return r ? { ref: { group: r.group, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name }, source: r.source } : undefined;
  }

  private async openSource(id: string): Promise<void> {
    const src = this.resource(id)?.source;
    const root = this.services.sessions.repoRoot;
    if (!src || !root) { void vscode.window.showInformationMessage('Plumb: no source location known for this resource.'); return; }
    const uri = vscode.Uri.joinPath(vscode.Uri.file(root), ...src.file.split('/'));
    const pos = new vscode.Position(Math.max(0, src.line - 1), Math.max(0, (src.column ?? 1) - 1));
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    this.plan?.decide('cancel');
    this.onDispose(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

class DiffPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DiffPanel>();

  constructor(private readonly services: Services) {}

  show(identity: PanelIdentity): DiffPanel {
    const key = identityKey(identity);
    const existing = this.panels.get(key);
    if (existing) { existing.panel.reveal(); return existing; }
    const panel = vscode.window.createWebviewPanel(DIFF_PANEL_VIEW_TYPE, 'Plumb Diff', vscode.ViewColumn.Active, { enableScripts: true });
    return this.adopt(panel, identity, DEFAULT_VIEW_OPTIONS, undefined);
  }

  adopt(panel: vscode.WebviewPanel, identity: PanelIdentity, options: ViewOptions, selected: string | undefined): DiffPanel {
    const p = new DiffPanel(panel, identity, options, selected, this.services, (gone) => {
      if (this.panels.get(identityKey(gone.identity)) === gone) this.panels.delete(identityKey(gone.identity));
    });
    this.panels.set(identityKey(identity), p);
    return p;
  }

  dispose(): void { for (const p of [...this.panels.values()]) p.dispose(); }
}

let registered: DiffPanels | undefined;

/** Opens (or reveals) the diff panel of an app or of one of its resources. */
export function showDiffPanel(identity: PanelIdentity): void {
  if (!registered) throw new Error('the diff panel is not registered');
  registered.show(identity);
}

/**
 * Shows a sync plan in the diff panel of `plan.app` and waits for the user: 'confirm' when they
 * press Sync, 'cancel' when they press Cancel, close the panel, or `signal` aborts.
 */
export function showSyncPlan(plan: SyncPlan, opts: { signal?: AbortSignal } = {}): Promise<PlanDecision> {
  if (!registered) return Promise.reject(new Error('the diff panel is not registered'));
  return registered.show({ app: plan.app }).showPlan(plan, opts.signal);
}

export function registerDiffPanel(services: Services): void {
  const panels = new DiffPanels(services);
  registered = panels;
  services.context.subscriptions.push(
    panels,
    { dispose: () => { if (registered === panels) registered = undefined; } },
    vscode.window.registerWebviewPanelSerializer(DIFF_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // the persisted state comes from the webview: restore only a well-formed identity
        if (!isPersistedState(state)) { panel.dispose(); return; }
        panels.adopt(panel, state.identity, state.options, state.selected);
      },
    }),
  );
}
