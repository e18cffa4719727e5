// Drifted fields decorated on their line: a gutter icon, the after-line text ("live: 5 ·
// kubectl-edit, 2 h ago") and an overview-ruler mark. One decoration type for the extension's
// life; passes are debounced and a newer pass makes an older one drop its result.
import * as vscode from 'vscode';
import type { Services } from '../services.js';
import type { DriftModels } from './drift-models.js';

const DEBOUNCE_MS = 150;

export function registerDriftDecorations(services: Services, models: DriftModels): vscode.Disposable {
  const { sessions, context } = services;
  const color = new vscode.ThemeColor('plumb.driftForeground');
  const type = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'media', 'drift.svg'),
    gutterIconSize: 'contain',
    overviewRulerColor: color,
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    after: { color, margin: '0 0 0 2em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;

  const paint = async () => {
    const mine = ++generation;
    const editors = vscode.window.visibleTextEditors;
    if (!sessions.settings.decorations) {
      for (const e of editors) e.setDecorations(type, []);
      return;
    }
    for (const editor of editors) {
      const model = await models.forDocument(editor.document).catch(() => undefined);
      if (mine !== generation) return; // a newer pass started: its result wins
      const options: vscode.DecorationOptions[] = (model?.lines ?? [])
        .filter((l) => l.line - 1 < editor.document.lineCount)
        .map((l) => ({
          range: editor.document.lineAt(l.line - 1).range,
          renderOptions: { after: { contentText: l.text } },
        }));
      editor.setDecorations(type, options);
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; void paint(); }, DEBOUNCE_MS);
  };
  const visible = (doc: vscode.TextDocument) => vscode.window.visibleTextEditors.some((e) => e.document === doc);
  const subs = [
    type,
    { dispose: () => { if (timer) clearTimeout(timer); generation++; } },
    vscode.window.onDidChangeVisibleTextEditors(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length && visible(e.document)) schedule(); }),
    sessions.onDidChangeSnapshot(schedule),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('plumb.decorations.enabled')) schedule(); }),
  ];
  schedule();
  return vscode.Disposable.from(...subs);
}
