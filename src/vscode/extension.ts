// The extension's composition root: everything is created here, registered as a disposable, and
// handed down; nothing else in the extension constructs long-lived services.
import * as vscode from 'vscode';
import { registerCommand } from './platform/commands.js';
import { SessionHolder } from './session-holder.js';
import type { Services } from './services.js';
import { registerSidebar } from './views/register-sidebar.js';
import { registerInlineDrift } from './drift/index.js';
import { registerDiff } from './commands/diff-commands.js';
import { registerOperationCommands } from './commands/operations.js';

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  // One logger for the whole extension (a LogOutputChannel: levels, timestamps, user-settable verbosity).
  const log = vscode.window.createOutputChannel('Plumb', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(registerCommand(log, 'plumb.showOutput', () => log.show(true)));
  const sessions = new SessionHolder(log);
  context.subscriptions.push(sessions);
  const services: Services = { context, log, sessions };

  // Each feature registers its views, providers and commands (and their disposables) here.
  registerSidebar(services);
  registerInlineDrift(services);
  registerDiff(services);
  registerOperationCommands(services);

  sessions.start();
  log.info(`Plumb ${String(context.extension.packageJSON['version'] ?? '')} activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
