// The `plumb:*` context keys used by `when` clauses and viewsWelcome, set in one place.
import * as vscode from 'vscode';

export type PlumbState = 'noWorkspace' | 'restricted' | 'loading' | 'ready';

export const ContextKeys = {
  state: 'plumb:state',
  /** 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'error' */
  connection: 'plumb:connection',
  hasApps: 'plumb:hasApps',
} as const;

export function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
