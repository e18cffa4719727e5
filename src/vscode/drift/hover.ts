// Hover on a drifted field's line: desired vs live, who changed it and when, and what the app's
// controller does with it (markdown from the view model; values are escaped, never trusted).
import * as vscode from 'vscode';
import { YAML_SELECTOR, type DriftModels } from './drift-models.js';

export function registerDriftHover(models: DriftModels): vscode.Disposable {
  return vscode.languages.registerHoverProvider(YAML_SELECTOR, {
    async provideHover(doc, position) {
      const model = await models.forDocument(doc);
      const line = model?.lines.find((l) => l.line === position.line + 1);
      if (!line) return undefined;
      const md = new vscode.MarkdownString(line.hover);
      md.isTrusted = false;
      md.supportHtml = false;
      return new vscode.Hover(md, doc.lineAt(position.line).range);
    },
  });
}
