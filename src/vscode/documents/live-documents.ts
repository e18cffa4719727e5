// `plumb-live:` read-only documents (the cached live object as YAML, Secret values masked) and
// the `plumb.openLive` command. Open documents are re-read whenever a snapshot arrives.
import * as vscode from 'vscode';
import { isNotFound } from '../../engine/kube/errors.js';
import type { ObjectRef } from '../../engine/types.js';
import { isResourceArgs } from '../../ui-model/command-args.js';
import { LIVE_SCHEME, livePath, liveUnavailable, liveYaml, refOfLivePath } from '../../ui-model/live-document.js';
import { toAbortSignal } from '../platform/cancellation.js';
import { registerCommand } from '../platform/commands.js';
import type { Services } from '../services.js';

class LiveContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const ref = refOfLivePath(uri.path);
    if (!ref) return `# not a Plumb live object: ${uri.path}\n`;
    const session = this.services.sessions.session;
    if (!session) return liveUnavailable(ref, 'Plumb is not connected (no trusted workspace session)');
    const cached = session.live(ref);
    if (cached) return liveYaml(cached);
    // Not in the cache (a kind no app renders, or the watch is still starting): ask once.
    const client = session.client();
    if (!client) return liveUnavailable(ref, `not connected${session.snapshot()?.connection.message ? `: ${session.snapshot()?.connection.message}` : ''}`);
    try {
      return liveYaml(await client.get(ref, { signal: toAbortSignal(token, session.signal) }));
    } catch (e) {
      if (isNotFound(e)) return liveUnavailable(ref, 'not in the cluster');
      return liveUnavailable(ref, `cannot be read: ${(e as Error).message}`);
    }
  }

  refreshOpen(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === LIVE_SCHEME) this.emitter.fire(doc.uri);
  }

  dispose(): void { this.emitter.dispose(); }
}

export function liveUri(ref: ObjectRef): vscode.Uri {
  return vscode.Uri.from({ scheme: LIVE_SCHEME, path: livePath(ref) });
}

export function registerLiveDocuments(services: Services): void {
  const provider = new LiveContentProvider(services);
  services.context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, provider),
    services.sessions.onDidChangeSnapshot(() => provider.refreshOpen()),
    registerCommand(services.log, 'plumb.openLive', async (arg: unknown) => {
      if (!isResourceArgs(arg)) throw new Error('Open Live YAML works on a resource in the Applications view');
      const doc = await vscode.workspace.openTextDocument(liveUri(arg.ref));
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
  );
}
