// A CodeLens above each object a manifest declares: "Synced · Healthy", or
// "OutOfSync (2) · Healthy" followed by "diff" and "sync" lenses.
import * as vscode from 'vscode';
import type { ResourceArgs } from '../../ui-model/command-args.js';
import type { Services } from '../services.js';
import { YAML_SELECTOR, type DriftModels } from './drift-models.js';

export function registerDriftCodeLens(services: Services, models: DriftModels): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc) {
      const model = await models.forDocument(doc);
      const lenses: vscode.CodeLens[] = [];
      for (const o of model?.objects ?? []) {
        if (o.line - 1 >= doc.lineCount) continue;
        const range = doc.lineAt(o.line - 1).range;
        const args: ResourceArgs = { app: o.app, ref: o.ref };
        // an empty command id renders the status as plain text
        lenses.push(new vscode.CodeLens(range, { title: `${o.title} (${o.app})`, command: '' }));
        if (o.status === 'OutOfSync' || o.status === 'Missing') {
          lenses.push(new vscode.CodeLens(range, { title: 'diff', command: 'plumb.diff', arguments: [args] }));
          lenses.push(new vscode.CodeLens(range, { title: 'sync', command: 'plumb.syncResource', arguments: [args] }));
        }
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(YAML_SELECTOR, provider),
    services.sessions.onDidChangeSnapshot(() => changed.fire()),
  );
}
