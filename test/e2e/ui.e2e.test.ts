// The Plumb UI in the real editor (code-server + Chromium) on the demo world, one session for all
// steps, in order: the Applications view, inline drift and its hover, the "Adopt live value into
// Git" quick fix, the diff panel (with a planted Secret value that must not reach the webview),
// Sync from the palette through the plan in the panel, and Rollback to a revert commit.
// Screenshots go to media/screenshots/ only with PLUMB_SCREENSHOTS=1 (see harness.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startE2e, type E2eSession } from './harness.js';
import {
  appRows, checkAppTree, checkInlineDrift, checkStorefrontDiff, DRIFTED_FILE, DRIFTED_LINE, openDiffPanel, panelDocumentText, rowOf, showSyncPlan, syncShown,
} from './ui-checks.js';
import { waitFor } from './workbench.js';

let s: E2eSession;
const t0 = Date.now();
let readyAt = 0;
// A live Secret value only the cluster knows; with the Git value, it must never reach the webview.
const PLANTED = `planted-${randomBytes(6).toString('hex')}`;
const GIT_SECRET = 's3cr3t-demo-only';
const say = (m: string) => process.stdout.write(`# ${m}\n`);

before(async () => {
  s = await startE2e({ world: 'demo' });
  readyAt = Date.now();
  say(`e2e start: ${JSON.stringify(s.timings)} ms`);
});
after(async () => {
  if (s) say(`page errors: ${JSON.stringify(s.browser.pageErrors.slice(0, 5))}`);
  await s?.close();
  say(`ui e2e wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});

test('1. the Plumb view shows the demo apps grouped by controller with their sync and health icons', async () => {
  // First paint, timed from the workbench being ready (folder listed in the Explorer): the first
  // app rows with a live status, then every demo app with its icon and health badge.
  await appRows(s.wb, (rs) => rs.some((r) => r.level === 2));
  const firstRows = Date.now() - readyAt;
  const detail = await checkAppTree(s.wb);
  say(`tree: first app rows with statuses ${firstRows} ms after the workbench was ready (page load to ready ${s.timings['workbench']} ms); ${detail}`);
  await s.wb.screenshot('app-tree');
  await s.wb.runCommand('Plumb: Show Output');
  const log = await waitFor(async () => /activated in \d+ ms/.exec(await s.wb.outputText('activated'))?.[0], 'the activation line');
  say(`extension ${log}`);
});

test('2. the drifted manifest shows the decoration on the LOG_LEVEL value line and the hover', async () => {
  const { line, hover } = await checkInlineDrift(s.wb);
  say(`line ${DRIFTED_LINE}: ${JSON.stringify(line.after)}; hover: ${JSON.stringify(hover.slice(0, 200))}`);
  await s.wb.screenshot('inline-drift');
  await s.wb.escape();
});

test('3. the quick fix "Adopt live value into Git" edits the file; undone, the file is as before', async () => {
  const file = join(s.repo, DRIFTED_FILE);
  const original = readFileSync(file, 'utf8');
  await s.wb.gotoLine(DRIFTED_LINE, 16);
  const offered = await s.wb.codeActions();
  assert.ok(offered.some((t) => t.startsWith('Revert cluster to Git: sync Deployment shop/web')), JSON.stringify(offered));
  assert.ok(offered.some((t) => t.startsWith('Ignore this field')), JSON.stringify(offered));
  const applied = await s.wb.applyCodeAction('Adopt live value into Git');
  say(`applied "${applied}"`);
  // The buffer changes at once; the file only on save.
  await waitFor(async () => (await s.wb.editorLine(DRIFTED_LINE)).text.trim() === 'value: debug', 'the adopted value in the editor', 10_000);
  assert.equal((await s.wb.editorLine(DRIFTED_LINE - 1)).text.trim(), '- name: LOG_LEVEL');
  assert.equal(readFileSync(file, 'utf8'), original);
  await s.wb.page.keyboard.press('Control+S');
  const saved = await waitFor(async () => { const t = readFileSync(file, 'utf8'); return t !== original && t; }, 'the saved file', 10_000);
  assert.equal(saved, original.replace('              value: warn\n', '              value: debug\n'));
  // Git now says what the cluster has: the line's drift is gone.
  await waitFor(async () => !(await s.wb.editorLine(DRIFTED_LINE)).after.some((t) => t.startsWith('live')), 'the decoration to go once Git matches the cluster', 30_000);
  // Undo and save: the later steps need the drift, and the tree must be clean for the rollback.
  await s.wb.page.keyboard.press('Control+Z');
  await waitFor(async () => (await s.wb.editorLine(DRIFTED_LINE)).text.trim() === 'value: warn', 'the undone edit', 10_000);
  await s.wb.page.keyboard.press('Control+S');
  await waitFor(async () => readFileSync(file, 'utf8') === original, 'the file back as it was', 10_000);
  await waitFor(async () => (await s.wb.editorLine(DRIFTED_LINE)).after.some((t) => t.startsWith('live: debug')), 'the decoration back', 30_000);
  assert.equal(await s.demo!.repo.git('status', '--porcelain'), '');
});

test('4. the diff panel shows the drifted field; a Secret\'s Git and live values never reach the webview', async () => {
  await checkStorefrontDiff(s.wb);
  await s.wb.screenshot('diff-panel');
  const b64 = Buffer.from(PLANTED).toString('base64');
  await s.demo!.kubectl('patch', 'secret', 'payments-db', '-n', 'payments', '--type', 'merge', '-p', JSON.stringify({ data: { DB_PASSWORD: b64 } }));
  const f = await openDiffPanel(s.wb, 'payments');
  const secretItem = f.locator('vscode-tree-item', { hasText: 'Secret payments/payments-db' });
  await secretItem.waitFor({ state: 'visible', timeout: 30_000 });
  // The planted value makes the Secret drift (the live cache follows the watch).
  await waitFor(async () => /OutOfSync/.test(await secretItem.innerText()), 'the Secret to show OutOfSync', 30_000);
  await secretItem.click();
  const text = await waitFor(async () => {
    const t = await f.locator('body').innerText();
    return /DB_PASSWORD: •+ \(changed\)/.test(t) && t;
  }, 'the masked, changed DB_PASSWORD row', 30_000);
  assert.match(text, /Secret values are masked/);
  assert.match(text, /DB_USER: •+ \(unchanged\)/);
  const all = await panelDocumentText(f);
  for (const secret of [PLANTED, GIT_SECRET]) {
    assert.ok(!all.includes(secret), `${secret === PLANTED ? 'the live' : 'the Git'} Secret value is in the webview`);
    assert.ok(!all.includes(Buffer.from(secret).toString('base64')), 'a Secret value (base64) is in the webview');
  }
});

test('5. Sync from the palette shows the plan in the panel; confirmed, storefront is Synced and the decoration goes', async () => {
  const { frame, plan } = await showSyncPlan(s.wb, 'storefront');
  assert.match(plan, /1 to update/);
  assert.match(plan, /update\s+Deployment shop\/web/);
  assert.match(plan, /env\[name=LOG_LEVEL\]\.value/);
  await s.wb.screenshot('sync-plan');
  await frame.locator('.plan vscode-button', { hasText: 'Sync storefront' }).click();
  const done = await waitFor(async () => (await s.wb.notifications()).find((n) => /Synced storefront/.test(n)), 'the sync to finish', 120_000);
  say(done.split('\n')[0]!);
  assert.equal(await s.demo!.kubectl('get', 'deployment/web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="LOG_LEVEL")].value}'), 'warn');
  const rows = await appRows(s.wb, (rs) => { const r = rowOf(rs, 'storefront'); return !!r && syncShown(r) === 'Synced'; }, 60_000);
  assert.doesNotMatch(rowOf(rows, 'storefront')!.description, /OutOfSync/);
  await s.wb.openFile(DRIFTED_FILE);
  await waitFor(async () => {
    const l = await s.wb.editorLine(DRIFTED_LINE);
    return l.text.trim() === 'value: warn' && !l.after.some((t) => t.startsWith('live')) && !l.gutterImages.some((b) => b.includes('drift.svg'));
  }, 'the drift decoration to disappear', 30_000);
});

test('6. Rollback of tools-echo to the commit before the :broken one makes a revert commit and syncs it Healthy', async () => {
  const demo = s.demo!;
  const before = demo.repo.commits[0]!; // "Import the shop GitOps repository": the echo change before :broken
  // The :broken commit is rolled back before it is synced: synced onto the running Deployment, the
  // sync reports success at once and the app does not turn Degraded within a minute (see the report).
  await s.wb.runCommand('View: Close All Editors');
  await s.wb.runCommand('Plumb: Rollback…');
  await s.wb.quickPick('tools-echo', { placeholder: /Roll back which application/ });
  const picked = await s.wb.quickPick(before.sha.slice(0, 7), { filter: 'Import the shop', placeholder: /Roll tools-echo back to which commit/ });
  say(`picked ${picked}`);
  const question = await s.wb.answerDialog('Revert and sync');
  assert.match(question, new RegExp(`Roll tools-echo back to ${before.sha.slice(0, 7)}`));
  assert.match(question, /echo: move to the new image/);
  const revert = await waitFor(async () => {
    const subject = await demo.repo.git('log', '-1', '--format=%s');
    return subject !== demo.broken.commit.subject && subject;
  }, 'the revert commit', 30_000);
  assert.match(revert, /^Revert/);
  assert.equal(await demo.repo.git('rev-parse', 'HEAD~1'), demo.broken.commit.sha, 'a new commit on top: history is not rewritten');
  assert.match(readFileSync(join(s.repo, demo.broken.file), 'utf8'), /image: hashicorp\/http-echo:1\.0/);
  // Then the sync flow: its plan in the panel, confirmed there.
  const frame = await waitFor(async () => {
    const f = await s.wb.webviewFrame('.plan', 60_000);
    return (await f.locator('.plan').innerText()).includes('Sync plan: tools-echo') && f;
  }, 'the rollback\'s sync plan', 60_000);
  await frame.locator('.plan vscode-button', { hasText: 'Sync tools-echo' }).click();
  const done = await waitFor(async () => (await s.wb.notifications()).find((n) => /Synced tools-echo/.test(n)), 'the rollback sync to finish', 120_000);
  say(done.split('\n')[0]!);
  assert.equal(await demo.kubectl('get', 'deployment/echo', '-n', 'tools', '-o', 'jsonpath={.spec.replicas}'), '1');
  const rows = await appRows(s.wb, (rs) => { const r = rowOf(rs, 'tools-echo'); return !!r && syncShown(r) === 'Synced' && r.badges.includes('H'); }, 60_000);
  say(`tools-echo: ${JSON.stringify(rowOf(rows, 'tools-echo'))}`);
});

test('7. the editor stayed on loopback through all of it, the diff panel\'s webview included (checked last)', () => {
  assert.deepEqual(s.browser.offLoopback, []);
});
