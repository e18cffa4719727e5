// Plumb: Refresh (also the Retry of an unreachable cluster) and Plumb: Switch Context.
import * as vscode from 'vscode';
import { listContexts } from '../../engine/kube/kubeconfig.js';
import { switchContext, type ContextPickItem } from '../../ui-model/switch-context.js';
import { registerCommand } from '../platform/commands.js';
import type { Services } from '../services.js';

export function registerSessionCommands(services: Services): void {
  const { log, sessions } = services;
  services.context.subscriptions.push(
    registerCommand(log, 'plumb.refresh', async () => {
      if (sessions.state === 'restricted') { void vscode.window.showInformationMessage('Plumb runs nothing until the workspace is trusted.'); return; }
      if (!sessions.session) { void vscode.window.showInformationMessage('Plumb: open a folder with a GitOps repository first.'); return; }
      // Progress in the Applications view and in the status bar; a reconnect makes this the retry too.
      await vscode.window.withProgress({ location: { viewId: 'plumb.applications' } }, () =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Plumb: refreshing' }, async () => {
          const snap = await sessions.refresh({ reconnect: true });
          if (snap?.connection.state === 'error') log.warn(`refresh: cluster unreachable: ${snap.connection.message ?? ''}`);
        }));
    }),
    registerCommand(log, 'plumb.switchContext', async () => {
      const settings = sessions.settings;
      const chosen = await switchContext({
        listContexts: () => listContexts({ env: { ...process.env }, explicitPath: settings.kubeconfig, cwd: sessions.repoRoot }),
        pick: (items) => pickContext(items),
        setContext: (name) => sessions.setContext(name),
        warn: (m) => log.warn(m),
      }, sessions.snapshot?.connection.context, settings.context);
      if (chosen !== undefined) log.info(`context switched to ${chosen || "the kubeconfig's current context"}`);
    }),
  );
}

async function pickContext(items: ContextPickItem[]): Promise<ContextPickItem | undefined> {
  type Item = vscode.QuickPickItem & { model: ContextPickItem };
  const qp: Item[] = items.map((m) => ({
    model: m, label: m.active ? `$(check) ${m.label}` : m.label, description: m.description, detail: m.detail,
  }));
  const picked = await vscode.window.showQuickPick(qp, { title: 'Plumb: Switch Context', placeHolder: 'The kube context Plumb compares the workspace against', matchOnDescription: true, matchOnDetail: true });
  return picked?.model;
}
