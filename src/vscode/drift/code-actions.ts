// Quick fixes on a drifted line: "Revert cluster to Git" (sync this object), "Adopt live value
// into Git" (edit the declaring YAML in place) and "Ignore this field" (an ignore rule where the
// app's controller reads it). Plans and text edits come from the view model and the engine;
// refused plans are shown disabled, with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TextEdit } from '../../engine/manifests/edit-field.js';
import type { ResourceArgs } from '../../ui-model/command-args.js';
import { adoptEdit, adoptPlan, ignoreEdit, ignorePlan, type DriftTarget } from '../../ui-model/drift/drift-actions.js';
import { indexLines, relocate } from '../../ui-model/drift/field-lines.js';
import type { Services } from '../services.js';
import { YAML_SELECTOR, type DriftModels } from './drift-models.js';

export function registerDriftCodeActions(services: Services, models: DriftModels): vscode.Disposable {
  const { sessions } = services;
  const root = () => sessions.repoRoot ?? '';
  const openDoc = (file: string) => vscode.workspace.textDocuments.find((d) => models.relPath(d.uri) === file);

  /** The current text of a repository file (the buffer when open) and how saved lines map into it. */
  const read = (file: string): { text: string; line?: (l: number) => number | undefined } | undefined => {
    const doc = openDoc(file);
    const abs = join(root(), file);
    let saved: string | undefined;
    try { saved = readFileSync(abs, 'utf8'); } catch { saved = undefined; }
    if (!doc) return saved === undefined ? undefined : { text: saved };
    const text = doc.getText();
    if (!doc.isDirty || saved === undefined || saved === text) return { text };
    const from = indexLines(saved, file);
    const to = indexLines(text, file);
    return { text, line: (l) => relocate(l, from, to) };
  };

  /** A WorkspaceEdit of one text edit on a repository file (created when `create`). */
  const workspaceEdit = (file: string, text: string, e: TextEdit, create = false): vscode.WorkspaceEdit => {
    const uri = vscode.Uri.file(join(root(), file));
    const we = new vscode.WorkspaceEdit();
    if (create) we.createFile(uri, { ignoreIfExists: true });
    const doc = openDoc(file);
    const pos = (offset: number) => (doc ? doc.positionAt(offset) : positionIn(text, offset));
    we.replace(uri, new vscode.Range(pos(e.offset), pos(e.offset + e.length)), e.text);
    return we;
  };

  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(doc, range) {
      const snap = sessions.snapshot;
      const model = await models.forDocument(doc);
      if (!snap || !model) return [];
      const lines = model.lines.filter((l) => l.line - 1 >= range.start.line && l.line - 1 <= range.end.line);
      const actions: vscode.CodeAction[] = [];
      const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Plumb' && d.code === 'drift' && d.range.intersection(range));
      const seenObjects = new Set<string>();
      for (const l of lines) {
        for (const f of l.facts) {
          // the field is named only where one line carries several
          const field = l.facts.length > 1 ? ` — ${shortPath(f.drift.path)}` : '';
          const target: DriftTarget = { app: f.app.name, ref: f.ref, path: f.drift.path };
          const objectKey = `${f.app.name}|${f.ref.kind}|${f.ref.namespace ?? ''}|${f.ref.name}`;
          const what = `${f.ref.kind} ${f.ref.namespace ? `${f.ref.namespace}/` : ''}${f.ref.name}`;
          if (!seenObjects.has(objectKey)) {
            seenObjects.add(objectKey);
            const revert = new vscode.CodeAction(`Revert cluster to Git: sync ${what}`, vscode.CodeActionKind.QuickFix);
            const args: ResourceArgs = { app: f.app.name, ref: f.ref };
            revert.command = { title: revert.title, command: 'plumb.syncResource', arguments: [args] };
            revert.diagnostics = diagnostics;
            actions.push(revert);
          }
          const adopt = adoptPlan(snap, target, read);
          if (adopt.ok) {
            const src = read(adopt.file);
            const edit = src ? adoptEdit(adopt, src.text) : { ok: false as const, reason: `${adopt.file} cannot be read` };
            const a = new vscode.CodeAction(`${adopt.title}${field}`, vscode.CodeActionKind.QuickFix);
            if (edit.ok && src) { a.edit = workspaceEdit(adopt.file, src.text, edit.edit); a.isPreferred = true; a.diagnostics = diagnostics; }
            else a.disabled = { reason: edit.ok ? 'cannot edit' : edit.reason };
            actions.push(a);
          } else {
            const a = new vscode.CodeAction(`Adopt live value into Git${field}`, vscode.CodeActionKind.QuickFix);
            a.disabled = { reason: adopt.reason };
            actions.push(a);
          }
          const ignore = ignorePlan(snap, target);
          const i = new vscode.CodeAction(`Ignore this field${field}`, vscode.CodeActionKind.QuickFix);
          if (ignore.ok) {
            const exists = existsSync(join(root(), ignore.file));
            const src = exists ? read(ignore.file) : { text: '' };
            const edit = src ? ignoreEdit(ignore, src.text) : { ok: false as const, reason: `${ignore.file} cannot be read` };
            i.title = `Ignore this field in ${ignore.file}${ignore.note ? ` (${shortNote(ignore.note)})` : ''}${field}`;
            if (edit.ok && src) { i.edit = workspaceEdit(ignore.file, src.text, edit.edit, !exists); i.diagnostics = diagnostics; }
            else i.disabled = { reason: edit.ok ? 'cannot edit' : edit.reason };
          } else i.disabled = { reason: ignore.reason };
          actions.push(i);
        }
      }
      return actions;
    },
  };
  return vscode.languages.registerCodeActionsProvider(YAML_SELECTOR, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}

/** The last two steps of a field path: `env[name=LOG_LEVEL].value`. */
function shortPath(path: string): string {
  const parts = path.match(/[^.[\]]+(?:\[[^\]]*\])*|\[[^\]]*\]/g) ?? [path];
  return parts.slice(-2).join('.');
}

/** The gist of a note for a menu entry: its first clause. */
function shortNote(note: string): string {
  if (/^Flux/.test(note)) return 'Flux itself still reverts it';
  if (/^Argo CD/.test(note)) return 'an Argo CD sync still overwrites it';
  return note.split(':')[0]!;
}

function positionIn(text: string, offset: number): vscode.Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return new vscode.Position(line, offset - lineStart);
}
