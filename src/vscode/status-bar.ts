// The status bar item: context and app sync summary (ui-model/status-summary), click → the
// Applications view.
import * as vscode from 'vscode';
import { statusSummary } from '../ui-model/status-summary.js';
import type { Services } from './services.js';
import { markdown } from './views/tree-items.js';

export function registerStatusBar(services: Services): void {
  const { sessions } = services;
  const item = vscode.window.createStatusBarItem('plumb.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Plumb';
  item.command = { command: 'plumb.applications.focus', title: 'Show Plumb Applications' };
  const update = () => {
    const s = statusSummary(sessions.state, sessions.snapshot);
    if (!s.visible) { item.hide(); return; }
    item.text = s.text;
    item.tooltip = markdown(s.tooltip);
    item.backgroundColor = s.background ? new vscode.ThemeColor(s.background === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground') : undefined;
    item.show();
  };
  services.context.subscriptions.push(item, sessions.onDidChangeSnapshot(update), sessions.onDidChangeState(update));
  update();
}
