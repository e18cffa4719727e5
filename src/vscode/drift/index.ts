// Inline drift in manifest files: decorations, hover, diagnostics, quick fixes and CodeLens,
// sharing one per-document model (src/ui-model/drift-lines.ts).
import * as vscode from 'vscode';
import type { Services } from '../services.js';
import { registerDriftCodeActions } from './code-actions.js';
import { registerDriftCodeLens } from './codelens.js';
import { registerDriftDecorations } from './decorations.js';
import { registerDriftDiagnostics } from './diagnostics.js';
import { DriftModels } from './drift-models.js';
import { registerDriftHover } from './hover.js';

export function registerInlineDrift(services: Services): void {
  const models = new DriftModels(services.sessions);
  services.context.subscriptions.push(vscode.Disposable.from(
    registerDriftDecorations(services, models),
    registerDriftHover(models),
    registerDriftDiagnostics(services, models),
    registerDriftCodeActions(services, models),
    registerDriftCodeLens(services, models),
  ));
}
