// Bridges VS Code cancellation tokens to the engine's AbortSignals.
import * as vscode from 'vscode';

export function toAbortSignal(token: vscode.CancellationToken, ...more: AbortSignal[]): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  token.onCancellationRequested(() => ac.abort());
  return more.length ? AbortSignal.any([ac.signal, ...more]) : ac.signal;
}
