// Real-editor smoke test: the packaged extension, installed into code-server and driven in
// Chromium, activates in a workspace with kustomizations, its command runs from the palette and
// its log channel shows the activation line. Run by `npm run test:e2e` (not by `npm test`).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startE2e, type E2eSession } from './harness.js';
import { REPO_ROOT } from './tools.js';
import { waitFor } from './workbench.js';

let s: E2eSession;
const t0 = Date.now();

before(async () => {
  s = await startE2e();
  process.stdout.write(`# e2e start: ${JSON.stringify(s.timings)} ms; code-server ${s.tools.codeServer.version} (VS Code ${s.tools.codeServer.vscode}), ${s.tools.chromiumVersion}\n`);
});
after(async () => {
  await s?.close();
  process.stdout.write(`# e2e smoke wall time ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
});

test('the vsix holds the bundles and the manifest, not node_modules or screenshots', () => {
  assert.ok(s.vsix.files.includes('dist/extension.js'));
  assert.ok(s.vsix.files.includes('package.json'));
  assert.ok(!s.vsix.files.some((f) => f.startsWith('node_modules/') || f.startsWith('media/screenshots/') || f.startsWith('src/') || f.endsWith('.map')), s.vsix.files.join('\n'));
  // Every bundle the build made is packed (a new one must be listed in .vscodeignore).
  for (const f of ['dist/extension.js', 'dist/webview.js', 'dist/cli.js']) {
    if (existsSync(join(REPO_ROOT, f))) assert.ok(s.vsix.files.includes(f), `${f} is not in the vsix`);
  }
  assert.ok(s.vsix.bytes < 2_000_000, `vsix is ${s.vsix.bytes} bytes`);
});

test('Plumb activates in code-server: "Plumb: Show Output" shows its log channel with the activation line', async () => {
  await s.wb.runCommand('Plumb: Show Output');
  const channel = await waitFor(async () => (await s.wb.selectedOutputChannel()) === 'Plumb' && 'Plumb', 'the Output panel to show the Plumb channel');
  assert.equal(channel, 'Plumb');
  const text = await waitFor(async () => {
    const t = await s.wb.outputText('activated');
    return /\[info\] Plumb \d+\.\d+\.\d+ activated/.test(t) && t;
  }, 'the activation line in the Plumb channel', 30_000);
  assert.match(text, new RegExp(`Plumb ${s.vsix.version.replace(/\./g, '\\.')} activated in \\d+ ms`));
  const shot = await s.wb.screenshot('plumb-output');
  process.stdout.write(`# screenshot ${shot}\n`);
});

test('the harness drives the editor: quick open, the line on screen, a hover, a tree view', async () => {
  await s.wb.openFile('apps/storefront/overlays/prod/deployment-patch.yaml');
  const line = await waitFor(async () => (await s.wb.editorLine(12)).text.includes('LOG_LEVEL') && s.wb.editorLine(12), 'line 12 on screen');
  assert.equal(line.text, '            - name: LOG_LEVEL');
  assert.ok(line.gutter.includes('line-numbers'), JSON.stringify(line));
  // A hover from a provider VS Code ships (TypeScript), so the helper is checked without the Plumb UI.
  writeFileSync(join(s.repo, 'hover-probe.ts'), 'const answer = 42;\nexport { answer };\n');
  await s.wb.openFile('hover-probe.ts');
  assert.match(await s.wb.hoverText(1, 8, 60_000), /const answer: 42/);
  const rows = await waitFor(async () => {
    const r = await s.wb.treeRows('shop');
    return r.length > 0 && r;
  }, 'the Explorer rows');
  // Opening a file reveals it in the Explorer: its folders are expanded, the others are not.
  assert.ok(rows.some((r) => r.label === 'apps' && r.level === 1 && r.expanded === true), JSON.stringify(rows));
  assert.ok(rows.some((r) => r.label === 'argocd' && r.expanded === false), JSON.stringify(rows));
  assert.ok(rows.some((r) => r.label === 'deployment-patch.yaml' && r.level > 1), JSON.stringify(rows));
  assert.ok(rows.some((r) => r.label === 'hover-probe.ts' && r.level === 1), JSON.stringify(rows));
});

test('the editor stayed on loopback: no request from the page left 127.0.0.1 (checked last)', () => {
  assert.deepEqual(s.browser.offLoopback, []);
});
