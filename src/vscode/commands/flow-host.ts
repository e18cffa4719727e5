// Runs an operation flow (src/ui-model/flows) in VS Code: modal dialogs for its questions, an
// input box for a protected context's name, quick picks, a cancellable progress notification, and
// one message for its result. The flows decide; this file only maps them to the editor.
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { resolveTarget, type FlowTarget } from '../../ui-model/flows/target.js';
import type { FlowDeps, FlowPrompt, FlowResult, PickItem } from '../../ui-model/flows/types.js';
import { writeRefusal } from '../../ui-model/flows/write-guard.js';
import type { SyncPlan } from '../../engine/sync/types.js';
import { toAbortSignal } from '../platform/cancellation.js';
import { showSyncPlan } from '../webview/diff-panel-host.js';
import type { Services } from '../services.js';

export const prompt: FlowPrompt = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async choose(message, detail, actions) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  },
  async confirmText(message, expected) {
    const typed = await vscode.window.showInputBox({
      title: 'Plumb: protected context', prompt: message, placeHolder: expected, ignoreFocusOut: true,
      validateInput: (v) => (v === '' || v === expected ? undefined : `Type "${expected}" exactly to go on`),
    });
    return typed === expected;
  },
  async pick<T>(items: PickItem<T>[], placeholder: string) {
    type Item = vscode.QuickPickItem & { value: T };
    const qp: Item[] = items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
    return (await vscode.window.showQuickPick(qp, { placeHolder: placeholder, matchOnDescription: true, matchOnDetail: true }))?.value;
  },
};

/** Refuses (with a message) in restricted mode and without a workspace; true when the write may run. */
export function mayWrite(services: Services, action: string): boolean {
  const refusal = writeRefusal(services.sessions.state, action);
  if (refusal) void vscode.window.showWarningMessage(refusal);
  return !refusal;
}

/** The active editor's file, relative to the repository (for "the app of the active manifest"). */
function activeFile(root: string | undefined): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!root || !doc || doc.uri.scheme !== 'file') return undefined;
  const rel = relative(root, doc.uri.fsPath);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : undefined;
}

/** The command's target: its argument (args or a tree node), else the active manifest's app, else a pick. */
export async function commandTarget(services: Services, arg: unknown, placeholder: string, filter?: (app: string) => boolean): Promise<FlowTarget | undefined> {
  const snap = services.sessions.snapshot;
  const narrowed = filter && snap ? { ...snap, status: { ...snap.status, apps: snap.status.apps.filter((a) => filter(a.name)) } } : snap;
  const target = await resolveTarget(arg, { snapshot: narrowed, activeFile: activeFile(services.sessions.repoRoot), pick: prompt.pick, placeholder });
  if (!target && !snap) void vscode.window.showInformationMessage('Plumb: the workspace is still loading; try again in a moment.');
  return target;
}

/** Runs a flow under a cancellable progress notification, then shows its result once. */
export async function runFlow(services: Services, title: string, flow: (deps: FlowDeps) => Promise<FlowResult>): Promise<FlowResult | undefined> {
  const { sessions, log } = services;
  const session = sessions.session;
  if (!session) { void vscode.window.showInformationMessage('Plumb: the workspace is still loading; try again in a moment.'); return undefined; }
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => flow({
    session: { repoRoot: session.repoRoot, client: () => session.client(), snapshot: () => session.snapshot(), live: (ref) => session.live(ref), refresh: () => sessions.refresh() },
    prompt,
    showPlan: (plan) => planInPanel(services, plan, token),
    progress: (p) => progress.report(p),
    signal: toAbortSignal(token, session.signal),
    log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
  }));
  show(services, r);
  return r;
}

/** The plan in the diff panel (Sync / Cancel there); undefined when the panel cannot show it, so the flow asks in a modal. */
async function planInPanel(services: Services, plan: SyncPlan, token: vscode.CancellationToken): Promise<boolean | undefined> {
  try {
    return (await showSyncPlan(plan, { signal: toAbortSignal(token) })) === 'confirm';
  } catch (e) {
    services.log.warn(`the diff panel could not show the plan, asking in a dialog: ${(e as Error).message}`);
    return undefined;
  }
}

function show(services: Services, r: FlowResult): void {
  const line = `${r.outcome}: ${r.message}`;
  switch (r.outcome) {
    case 'succeeded':
    case 'nothing-to-do':
      services.log.info(line);
      void vscode.window.showInformationMessage(`Plumb: ${r.message}`);
      return;
    case 'declined':
      // The user said no and knows it: the log keeps the trace, no extra dialog.
      services.log.info(line);
      vscode.window.setStatusBarMessage(`Plumb: ${r.message}`, 5000);
      return;
    case 'cancelled':
    case 'refused':
      services.log.warn(line);
      void vscode.window.showWarningMessage(`Plumb: ${r.message}`);
      return;
    case 'failed':
      services.log.error(line);
      void vscode.window.showErrorMessage(`Plumb: ${r.message}`, 'Show Output').then((a) => { if (a) services.log.show(true); });
      return;
  }
}
