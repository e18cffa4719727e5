// Node models → TreeItems, in one place for every Plumb tree (PR-GitHub / gitops-tools pattern).
// Badges (the health letter) travel as a FileDecoration on a `plumb-tree:` resourceUri.
import * as vscode from 'vscode';
import type { BadgeModel, Collapsible, IconModel, NodeBase, OpenTarget } from '../../ui-model/tree-nodes.js';

export const TREE_URI_SCHEME = 'plumb-tree';

export function themeIcon(i: IconModel): vscode.ThemeIcon {
  return new vscode.ThemeIcon(i.id, i.color ? new vscode.ThemeColor(i.color) : undefined);
}

export function collapsibleState(c: Collapsible): vscode.TreeItemCollapsibleState {
  return c === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : c === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
}

/** Markdown from users' files: never trusted (no command links), no HTML. */
export function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

export function openCommand(t: OpenTarget, title = 'Open Source'): vscode.Command {
  const pos = new vscode.Position(Math.max(0, t.line - 1), Math.max(0, (t.column ?? 1) - 1));
  return { command: 'vscode.open', title, arguments: [vscode.Uri.file(t.file), { selection: new vscode.Range(pos, pos), preview: true }] };
}

/** A row as the adapters map it; where to open on click is handled by each view. */
export type ItemModel = Omit<NodeBase, 'open'>;

export function treeItem(n: ItemModel): vscode.TreeItem {
  const item = new vscode.TreeItem(n.label, collapsibleState(n.collapsible));
  item.id = n.id;
  if (n.description) item.description = n.description;
  if (n.tooltip) item.tooltip = markdown(n.tooltip);
  if (n.icon) item.iconPath = themeIcon(n.icon);
  item.contextValue = n.contextValue;
  if (n.badge) item.resourceUri = badgeUri(n.id);
  return item;
}

export const badgeUri = (id: string): vscode.Uri => vscode.Uri.from({ scheme: TREE_URI_SCHEME, path: `/${encodeURIComponent(id)}` });
export const idOfBadgeUri = (uri: vscode.Uri): string => decodeURIComponent(uri.path.slice(1));

/** Serves the badges of the rows currently shown; `changed()` after a rebuild. */
export class BadgeDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  constructor(private readonly badgeOf: (id: string) => BadgeModel | undefined) {}

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== TREE_URI_SCHEME) return undefined;
    const b = this.badgeOf(idOfBadgeUri(uri));
    if (!b) return undefined;
    return new vscode.FileDecoration(b.text, b.tooltip, b.color ? new vscode.ThemeColor(b.color) : undefined);
  }

  changed(): void { this.emitter.fire(undefined); }
  dispose(): void { this.emitter.dispose(); }
}
