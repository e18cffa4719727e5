// One wrapper for every command: errors are logged and shown once, never rethrown into VS Code.
import * as vscode from 'vscode';

export function registerCommand(log: vscode.LogOutputChannel, id: string, fn: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') return undefined;
      const message = e instanceof Error ? e.message : String(e);
      log.error(`${id}: ${message}`);
      void vscode.window.showErrorMessage(`Plumb: ${message}`);
      return undefined;
    }
  });
}
