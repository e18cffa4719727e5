// The Applications view: a thin TreeDataProvider over ui-model/apps-tree. A new AppsTree is built
// per snapshot (snapshots are already debounced by the session); rows keep their ids, so VS Code
// keeps what was expanded.
import * as vscode from 'vscode';
import type { SessionSnapshot } from '../../engine/session/workspace-session.js';
import { appRevisions } from '../../ui-model/app-revision.js';
import { AppsTree } from '../../ui-model/apps-tree.js';
import type { AppsTreeNode } from '../../ui-model/tree-nodes.js';
import type { Services } from '../services.js';
import type { SessionHolder } from '../session-holder.js';
import { BadgeDecorations, markdown, openCommand, treeItem } from './tree-items.js';

export const APPS_VIEW_ID = 'plumb.applications';

export class AppsTreeProvider implements vscode.TreeDataProvider<AppsTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<AppsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private tree?: AppsTree;
  readonly badges = new BadgeDecorations((id) => this.tree?.node(id)?.badge);

  constructor(private readonly sessions: SessionHolder) {}

  get current(): AppsTree | undefined { return this.tree; }

  update(snap: SessionSnapshot | undefined): void {
    const session = this.sessions.session;
    this.tree = snap && this.sessions.state === 'ready'
      ? new AppsTree({
        snapshot: snap, grouping: this.sessions.settings.grouping,
        revisions: session ? appRevisions(snap.specs, snap.rendered, (ref) => session.live(ref)) : undefined,
      })
      : undefined;
    this.emitter.fire(undefined);
    this.badges.changed();
  }

  getTreeItem(n: AppsTreeNode): vscode.TreeItem {
    const item = treeItem(n);
    // A click on a resource, field or problem opens where it is declared; an app row only expands
    // (and selects: the History view follows the selection).
    if (n.open && n.type !== 'app' && n.type !== 'group') item.command = openCommand(n.open);
    return item;
  }

  /** Tooltips are made on hover: building 10 000 of them per snapshot is wasted work. */
  resolveTreeItem(item: vscode.TreeItem, n: AppsTreeNode): vscode.TreeItem {
    const tip = this.tree?.tooltip(n);
    if (tip) item.tooltip = markdown(tip);
    return item;
  }

  getChildren(n?: AppsTreeNode): AppsTreeNode[] { return this.tree?.children(n) ?? []; }
  getParent(n: AppsTreeNode): AppsTreeNode | undefined { return this.tree?.parent(n); }

  dispose(): void { this.emitter.dispose(); this.badges.dispose(); }
}

/** The app a selected row belongs to (an app row, or a resource / field / problem under one). */
export function appOfNode(n: AppsTreeNode | undefined): string | undefined {
  return n && n.type !== 'group' ? n.app : undefined;
}

export function registerAppsView(services: Services): vscode.TreeView<AppsTreeNode> {
  const { sessions, context } = services;
  const provider = new AppsTreeProvider(sessions);
  const view = vscode.window.createTreeView(APPS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const refresh = () => {
    const snap = sessions.snapshot;
    provider.update(snap);
    view.message = viewMessage(sessions, snap);
    const off = snap?.status.apps.filter((a) => a.sync === 'OutOfSync').length ?? 0;
    view.badge = off ? { value: off, tooltip: `${off} OutOfSync` } : undefined;
  };
  context.subscriptions.push(
    provider, view,
    vscode.window.registerFileDecorationProvider(provider.badges),
    sessions.onDidChangeSnapshot(refresh),
    sessions.onDidChangeState(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('plumb.grouping')) refresh(); }),
  );
  refresh();
  return view;
}

/** Shown above the rows: why statuses are Unknown. Empty states use viewsWelcome instead. */
function viewMessage(sessions: SessionHolder, snap: SessionSnapshot | undefined): string | undefined {
  if (!snap || sessions.state !== 'ready' || !snap.specs.length) return undefined;
  const c = snap.connection;
  const ctx = c.context ? `"${c.context}"` : 'the cluster';
  if (c.state === 'error') return `${c.message ? capitalize(c.message) : `Cannot reach ${ctx}`}. Statuses are Unknown; Refresh retries.`;
  if (c.state === 'reconnecting') return `Reconnecting to ${ctx}: ${c.message ?? ''}`;
  return undefined;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
