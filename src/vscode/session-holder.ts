// Owns the engine's WorkspaceSession for the open workspace: creates it when the workspace is
// trusted, rebuilds it when the connection settings change, feeds it file changes, and fans its
// snapshots out to the views. Everything else reads state through this object.
import * as vscode from 'vscode';
import { WorkspaceSession, type SessionLogger, type SessionSnapshot } from '../engine/session/workspace-session.js';
import { ContextKeys, setContext, type PlumbState } from './platform/context-keys.js';
import { affectsConnection, readSettings, type PlumbSettings } from './platform/settings.js';

export class SessionHolder implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SessionSnapshot>();
  private readonly stateEmitter = new vscode.EventEmitter<PlumbState>();
  private readonly disposables: vscode.Disposable[] = [];
  private current?: WorkspaceSession;
  private off?: () => void;
  private timer?: NodeJS.Timeout;
  private _state: PlumbState = 'loading';
  private _settings: PlumbSettings = readSettings();

  /** a new snapshot of the workspace against the cluster */
  readonly onDidChangeSnapshot = this.emitter.event;
  /** no workspace / restricted / loading / ready */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.emitter, this.stateEmitter,
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart('workspace trusted')),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.restart('workspace folders changed')),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('plumb')) return;
        this._settings = readSettings();
        if (affectsConnection(e)) this.restart('connection settings changed');
        else this.resetTimer();
      }),
    );
    // Git is the source: any saved manifest, chart or Plumb config can change the render.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,tpl,txt,env}');
    const changed = (uri: vscode.Uri) => { if (!uri.path.includes('/.git/')) this.current?.filesChanged(); };
    this.disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
  }

  get state(): PlumbState { return this._state; }
  get settings(): PlumbSettings { return this._settings; }
  get session(): WorkspaceSession | undefined { return this.current; }
  get snapshot(): SessionSnapshot | undefined { return this.current?.snapshot(); }
  /** the repository root (first workspace folder), when there is a workspace */
  get repoRoot(): string | undefined { return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath; }

  start(): void { this.restart('activated'); }

  /** Re-read Git and the cluster; `reconnect` also drops the connection (retry after an error). */
  async refresh(opts: { reconnect?: boolean } = {}): Promise<SessionSnapshot | undefined> {
    const s = this.current;
    if (!s) return undefined;
    if (opts.reconnect) s.disconnect();
    return s.refresh({ rerender: true });
  }

  /** Switch context: remembered in the workspace settings so the CLI-like choice survives reloads. */
  async setContext(context: string | undefined): Promise<void> {
    await vscode.workspace.getConfiguration('plumb').update('context', context ?? '', vscode.ConfigurationTarget.Workspace);
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }

  private setState(state: PlumbState): void {
    this._state = state;
    setContext(ContextKeys.state, state);
    this.stateEmitter.fire(state);
  }

  private stop(): void {
    this.off?.();
    this.off = undefined;
    this.current?.dispose();
    this.current = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private restart(why: string): void {
    this.stop();
    const root = this.repoRoot;
    if (!root) { this.setState('noWorkspace'); return; }
    // Restricted mode: kustomize, helm and kubeconfig exec plugins are code from the workspace.
    if (!vscode.workspace.isTrusted) { this.setState('restricted'); this.log.info('restricted mode: Plumb runs nothing until the workspace is trusted'); return; }
    this.setState('loading');
    const settings = this._settings;
    const session = new WorkspaceSession({
      repoRoot: root, env: { ...process.env }, kubeconfig: settings.kubeconfig, context: settings.context, log: loggerOf(this.log),
    });
    this.current = session;
    this.off = session.onDidChange((snap) => {
      setContext(ContextKeys.connection, snap.connection.state);
      setContext(ContextKeys.hasApps, snap.specs.length > 0);
      if (this._state !== 'ready') this.setState('ready');
      this.emitter.fire(snap);
    });
    this.log.info(`loading ${root} (${why})`);
    session.refresh({ rerender: true }).catch((e: unknown) => {
      if (!session.signal.aborted) this.log.error(`loading the workspace failed: ${(e as Error).message}`);
    });
    this.resetTimer();
  }

  private resetTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const secs = this._settings.refreshInterval;
    if (secs > 0) this.timer = setInterval(() => { void this.current?.refresh({ rerender: true }).catch(() => {}); }, secs * 1000);
  }
}

function loggerOf(log: vscode.LogOutputChannel): SessionLogger {
  return { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m), debug: (m) => log.debug(m) };
}
