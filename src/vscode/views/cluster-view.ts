// The Cluster view: context, server, namespace and connection state from the latest snapshot.
// Before there is a session (no workspace, restricted, loading) it is empty and viewsWelcome
// explains why.
import * as vscode from 'vscode';
import { clusterNodes, type ClusterNode } from '../../ui-model/cluster-model.js';
import type { Services } from '../services.js';
import { themeIcon, markdown } from './tree-items.js';

class ClusterProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private nodes: ClusterNode[] = [];

  constructor(private readonly services: Services) {}

  update(): void {
    const { sessions } = this.services;
    const snap = sessions.snapshot;
    this.nodes = snap && sessions.state === 'ready' ? clusterNodes(snap.connection, { configuredContext: sessions.settings.context }) : [];
    this.emitter.fire(undefined);
  }

  getTreeItem(n: ClusterNode): vscode.TreeItem {
    const item = new vscode.TreeItem(n.label, n.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = n.id;
    if (n.description) item.description = n.description;
    if (n.tooltip) item.tooltip = markdown(n.tooltip);
    item.iconPath = themeIcon(n.icon);
    item.contextValue = n.contextValue;
    if (n.command) item.command = { command: n.command.id, title: n.command.title };
    return item;
  }

  getChildren(n?: ClusterNode): ClusterNode[] { return n ? n.children ?? [] : this.nodes; }

  dispose(): void { this.emitter.dispose(); }
}

export function registerClusterView(services: Services): void {
  const provider = new ClusterProvider(services);
  const view = vscode.window.createTreeView('plumb.cluster', { treeDataProvider: provider });
  const update = () => provider.update();
  services.context.subscriptions.push(provider, view, services.sessions.onDidChangeSnapshot(update), services.sessions.onDidChangeState(update));
  update();
}
