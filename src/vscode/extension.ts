// The extension's composition root: everything is created here, registered as a disposable, and
// handed down; nothing else in the extension constructs long-lived services.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  // One logger for the whole extension (a LogOutputChannel: levels, timestamps, user-settable verbosity).
  const log = vscode.window.createOutputChannel('Plumb', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand('plumb.showOutput', () => log.show(true)));
  log.info(`Plumb ${String(context.extension.packageJSON['version'] ?? '')} activated`);
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
