// What the composition root hands to every feature's register function.
import type * as vscode from 'vscode';
import type { SessionHolder } from './session-holder.js';

export interface Services {
  context: vscode.ExtensionContext;
  /** the one logger: the "Plumb" LogOutputChannel */
  log: vscode.LogOutputChannel;
  /** the workspace's session with the cluster, its snapshots and state */
  sessions: SessionHolder;
}
