// The 'plumb' DiagnosticCollection: drift at each field's line (open documents use the buffer),
// and the snapshot's problems that name a file or an object (render errors, YAML mistakes,
// server dry-run rejections such as unknown fields).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { driftLinesForFile } from '../../ui-model/drift-lines.js';
import { driftDiagnostics, filesWithDrift, problemsByFile, type FileDiagnostic } from '../../ui-model/drift/file-problems.js';
import type { Services } from '../services.js';
import type { DriftModels } from './drift-models.js';

const SEVERITY: Record<FileDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export const DRIFT_CODE = 'drift';

export function registerDriftDiagnostics(services: Services, models: DriftModels): vscode.Disposable {
  const { sessions } = services;
  const collection = vscode.languages.createDiagnosticCollection('plumb');
  let generation = 0;

  const toDiagnostic = (doc: vscode.TextDocument | undefined, d: FileDiagnostic): vscode.Diagnostic => {
    const line = Math.max(0, d.line - 1);
    const range = doc && line < doc.lineCount
      ? doc.lineAt(line).range.with({ start: new vscode.Position(line, Math.max(0, (d.column ?? 1) - 1)) })
      : new vscode.Range(line, Math.max(0, (d.column ?? 1) - 1), line, Number.MAX_SAFE_INTEGER);
    const diag = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
    diag.source = 'Plumb';
    diag.code = d.code === 'drift' ? DRIFT_CODE : 'problem';
    return diag;
  };

  /** The drift entries of one file: the buffer's when it is open, else the saved render's. */
  const driftOf = async (file: string, doc: vscode.TextDocument | undefined): Promise<FileDiagnostic[]> => {
    const snap = sessions.snapshot;
    if (!snap) return [];
    const model = doc ? await models.forDocument(doc).catch(() => undefined) : driftLinesForFile({ file, snapshot: snap, now: Date.now() });
    return model ? driftDiagnostics(model.lines) : [];
  };
  const openDocs = () => {
    const open = new Map<string, vscode.TextDocument>();
    for (const doc of vscode.workspace.textDocuments) { const rel = models.relPath(doc.uri); if (rel) open.set(rel, doc); }
    return open;
  };
  const publish = (file: string, list: FileDiagnostic[], doc: vscode.TextDocument | undefined) => {
    const root = sessions.repoRoot;
    if (root) collection.set(vscode.Uri.file(join(root, file)), list.map((d) => toDiagnostic(doc, d)));
  };

  /** Every file: after a new snapshot. */
  const updateAll = async () => {
    const mine = ++generation;
    const snap = sessions.snapshot;
    if (!snap || !sessions.repoRoot) { collection.clear(); return; }
    const problems = problemsByFile(snap);
    const open = openDocs();
    const byFile = new Map<string, FileDiagnostic[]>();
    for (const file of new Set([...problems.keys(), ...filesWithDrift(snap), ...open.keys()])) {
      const list = [...(problems.get(file) ?? []), ...await driftOf(file, open.get(file))];
      if (mine !== generation) return; // a newer pass started
      if (list.length) byFile.set(file, list);
    }
    collection.clear();
    for (const [file, list] of byFile) publish(file, list, open.get(file));
  };

  /** One edited document: its drift follows the buffer, the other files are unchanged. */
  const updateOne = async (doc: vscode.TextDocument) => {
    const file = models.relPath(doc.uri);
    const snap = sessions.snapshot;
    if (!file || !snap) return;
    const mine = generation;
    const list = [...(problemsByFile(snap).get(file) ?? []), ...await driftOf(file, doc)];
    if (mine === generation) publish(file, list, doc);
  };

  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<vscode.TextDocument>();
  const scheduleAll = () => {
    if (timer) clearTimeout(timer);
    pending.clear();
    timer = setTimeout(() => { timer = undefined; void updateAll(); }, 0);
  };
  const scheduleOne = (doc: vscode.TextDocument) => {
    pending.add(doc);
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      const docs = [...pending];
      pending.clear();
      for (const d of docs) void updateOne(d);
    }, 200);
  };
  return vscode.Disposable.from(
    collection,
    { dispose: () => { if (timer) clearTimeout(timer); generation++; } },
    sessions.onDidChangeSnapshot(scheduleAll),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length && models.relPath(e.document.uri)) scheduleOne(e.document); }),
    // a closed buffer's unsaved edits no longer count: back to the saved render
    vscode.workspace.onDidCloseTextDocument((d) => { models.forget(d.uri); scheduleAll(); }),
  );
}
