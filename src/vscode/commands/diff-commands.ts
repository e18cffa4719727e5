// `Plumb: Diff` (the diff panel for an app, a resource, or the object under the cursor) and
// `Plumb: Diff Resource in Editor` (VS Code's diff editor: rendered desired YAML vs the live
// document), with the read-only `plumb-desired:` documents behind the latter.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isResourceArgs, type ResourceArgs } from '../../ui-model/command-args.js';
import { DESIRED_SCHEME, desiredPath, desiredYaml, parseDesiredPath } from '../../ui-model/desired-document.js';
import { objectAt, resolveDiffTarget } from '../../ui-model/diff-target.js';
import { liveUri } from '../documents/live-documents.js';
import { registerCommand } from '../platform/commands.js';
import type { Services } from '../services.js';
import { registerDiffPanel, showDiffPanel } from '../webview/diff-panel-host.js';

class DesiredContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly services: Services) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const target = parseDesiredPath(uri.path);
    if (!target) return `# not a Plumb desired object: ${uri.path}\n`;
    return desiredYaml(this.services.sessions.snapshot, target.app, target.ref);
  }

  refreshOpen(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === DESIRED_SCHEME) this.emitter.fire(doc.uri);
  }

  dispose(): void { this.emitter.dispose(); }
}

/** The active editor's repository-relative file and 1-based cursor line, when it is in the repository. */
function activeSpot(repoRoot: string | undefined): { file: string; line: number } | undefined {
  const ed = vscode.window.activeTextEditor;
  if (!ed || !repoRoot || ed.document.uri.scheme !== 'file') return undefined;
  const rel = path.relative(repoRoot, ed.document.uri.fsPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return { file: rel.split(path.sep).join('/'), line: ed.selection.active.line + 1 };
}

export function registerDiff(services: Services): void {
  registerDiffPanel(services);
  const desired = new DesiredContentProvider(services);
  const { log, sessions } = services;
  services.context.subscriptions.push(
    desired,
    vscode.workspace.registerTextDocumentContentProvider(DESIRED_SCHEME, desired),
    sessions.onDidChangeSnapshot(() => desired.refreshOpen()),
    registerCommand(log, 'plumb.diff', async (arg: unknown) => {
      const target = await resolveDiffTarget(arg, {
        snapshot: sessions.snapshot,
        active: activeSpot(sessions.repoRoot),
        pick: async (items, placeholder) => (await vscode.window.showQuickPick(items, { placeHolder: placeholder }))?.value,
      });
      if (!target) {
        if (!sessions.snapshot) void vscode.window.showInformationMessage('Plumb is still loading the workspace.');
        return;
      }
      showDiffPanel(target);
    }),
    registerCommand(log, 'plumb.diffResourceNative', async (input: unknown) => {
      // from the palette: the object under the cursor of the active manifest
      const snap = sessions.snapshot;
      const spot = activeSpot(sessions.repoRoot);
      const target = isResourceArgs(input) ? input : snap && spot ? objectAt(snap, spot.file, spot.line) : undefined;
      if (!target) throw new Error('Diff Resource in Editor works on a resource: pick one in the Applications view, or put the cursor in a manifest');
      const arg: ResourceArgs = target;
      const left = vscode.Uri.from({ scheme: DESIRED_SCHEME, path: desiredPath(arg.app, arg.ref) });
      const title = `${arg.ref.kind} ${arg.ref.namespace ? `${arg.ref.namespace}/` : ''}${arg.ref.name}: Git ↔ live`;
      await vscode.commands.executeCommand('vscode.diff', left, liveUri(arg.ref), title, { preview: true });
    }),
  );
}
