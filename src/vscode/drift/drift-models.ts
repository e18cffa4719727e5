// The inline-drift model of an open document, computed from the current snapshot and the buffer
// and memoised per (document version, snapshot): decorations, hover, code actions and lenses of
// one document share one computation.
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { driftLinesForFile, type FileDrift } from '../../ui-model/drift-lines.js';
import type { SessionHolder } from '../session-holder.js';

export const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml', scheme: 'file' }, { language: 'helm', scheme: 'file' }];

export class DriftModels {
  private readonly memo = new Map<string, { key: string; value: Promise<FileDrift | undefined> }>();

  constructor(private readonly sessions: SessionHolder) {}

  /** The repository-relative POSIX path of a document, when it is inside the repository. */
  relPath(uri: vscode.Uri): string | undefined {
    const root = this.sessions.repoRoot;
    if (!root || uri.scheme !== 'file') return undefined;
    const rel = relative(root, uri.fsPath);
    if (!rel || rel.startsWith('..')) return undefined;
    return rel.split(sep).join('/');
  }

  forDocument(doc: vscode.TextDocument): Promise<FileDrift | undefined> {
    const snap = this.sessions.snapshot;
    const file = this.relPath(doc.uri);
    if (!snap || !file) return Promise.resolve(undefined);
    const key = `${doc.version}|${snap.seq}`;
    const hit = this.memo.get(doc.uri.toString());
    if (hit?.key === key) return hit.value;
    const value = (async () => {
      const buffer = doc.getText();
      // the saved text lets lines move with unsaved edits; unreadable (new file) → no relocation
      const saved = doc.isDirty ? await readFile(doc.uri.fsPath, 'utf8').catch(() => undefined) : undefined;
      const session = this.sessions.session;
      return driftLinesForFile({
        file, snapshot: snap, now: Date.now(),
        ...(saved !== undefined ? { saved, buffer } : {}),
        ...(session ? { live: (ref) => session.live(ref) } : {}),
      });
    })();
    this.memo.set(doc.uri.toString(), { key, value });
    return value;
  }

  forget(uri: vscode.Uri): void { this.memo.delete(uri.toString()); }
}
