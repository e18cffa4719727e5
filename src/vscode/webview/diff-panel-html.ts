// The diff panel's HTML: a strict Content-Security-Policy with a fresh nonce per page, only the
// bundled script and the panel's stylesheet, both from the extension's own folders.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function diffPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, joinPath: (base: vscode.Uri, ...p: string[]) => vscode.Uri, nonce = newNonce()): string {
  const script = webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(joinPath(extensionUri, 'media', 'diff-panel.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Plumb Diff</title>
</head>
<body>
<main id="root" aria-live="polite"><p>Loading…</p></main>
<script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
