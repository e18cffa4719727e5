// Steps over the Plumb UI in the real editor, shared by the UI e2e test (test/e2e/ui.e2e.test.ts)
// and the demo's headless check (demo-checks.ts): the Applications view, inline drift with its
// hover, the diff panel and the sync plan. Each reads the real DOM and throws when the editor
// does not show what it should.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { waitFor, type EditorLine, type TreeRow, type Workbench } from './workbench.js';

/** The demo's drifted manifest: storefront's prod patch, where `kubectl set env` changed LOG_LEVEL. */
export const DRIFTED_FILE = 'apps/storefront/overlays/prod/deployment-patch.yaml';
export const DRIFTED_LINE = 13; // `value: warn` under `- name: LOG_LEVEL`
export const APPS_VIEW = 'Applications';

/** What the demo world makes of each app (see demo-repo.ts and `plumb status` on it). */
export const DEMO_TREE: Record<string, { group: string; sync: 'Synced' | 'OutOfSync' | 'Unknown' }> = {
  payments: { group: 'Argo CD', sync: 'Synced' },
  platform: { group: 'Argo CD', sync: 'Synced' },
  storefront: { group: 'Argo CD', sync: 'OutOfSync' },
  'tools-echo': { group: 'Argo CD', sync: 'OutOfSync' },
  'tools-status-page': { group: 'Argo CD', sync: 'OutOfSync' },
  'flux-system/podinfo': { group: 'Flux', sync: 'Unknown' },
  'platform-local': { group: 'Plain manifests', sync: 'Synced' },
  'argocd-bootstrap': { group: 'Plain manifests', sync: 'Synced' },
};

/** The codicon the Applications view uses for each sync status (src/ui-model/tree-icons.ts). */
export const SYNC_CODICON = { Synced: 'codicon-pass', OutOfSync: 'codicon-warning', Unknown: 'codicon-question' } as const;

export const rowOf = (rows: TreeRow[], label: string): TreeRow | undefined => rows.find((r) => r.label === label);

/** The sync status a row's icon shows, read from its codicon class. */
export function syncShown(r: TreeRow): keyof typeof SYNC_CODICON | undefined {
  return (Object.keys(SYNC_CODICON) as Array<keyof typeof SYNC_CODICON>).find((k) => r.icons.includes(SYNC_CODICON[k]));
}

/** Opens the Plumb container and waits until the Applications view lists `expect`ed apps with statuses. */
export async function appRows(wb: Workbench, ready: (rows: TreeRow[]) => boolean = () => true, timeoutMs = 90_000): Promise<TreeRow[]> {
  await wb.showViewContainer('Plumb');
  // The tree draws only the rows that fit: the Cluster and History views give their room to it.
  await wb.collapseView('Cluster');
  await wb.collapseView('History');
  return waitFor(async () => {
    const rows = await wb.treeRows(APPS_VIEW);
    // Statuses are Unknown until the first live verdict: wait for a known one.
    const loaded = rows.some((r) => r.level === 2 && syncShown(r) && syncShown(r) !== 'Unknown');
    return loaded && ready(rows) && rows;
  }, 'the Applications view with app statuses', timeoutMs, 250);
}

/** Check 1: apps grouped by controller, each with the sync icon and health badge the demo world gives it. */
export async function checkAppTree(wb: Workbench): Promise<string> {
  // Health badges (file decorations) arrive a moment after the rows: wait for the whole picture,
  // and on a timeout assert on what is shown, for a message that names the difference.
  const asExpected = (rs: TreeRow[]) => Object.entries(DEMO_TREE).every(([a, want]) => {
    const r = rowOf(rs, a);
    return r && syncShown(r) === want.sync && r.badges.length > 0;
  });
  const rows = await appRows(wb, asExpected, 60_000).catch(() => appRows(wb, (rs) => Object.keys(DEMO_TREE).every((a) => rowOf(rs, a)), 10_000));
  const groups = rows.filter((r) => r.level === 1).map((r) => r.label);
  assert.deepEqual(groups, ['Argo CD', 'Flux', 'Plain manifests'], JSON.stringify(rows));
  for (const [app, want] of Object.entries(DEMO_TREE)) {
    const r = rowOf(rows, app)!;
    assert.equal(r.level, 2, `${app} is an app row under a group: ${JSON.stringify(r)}`);
    // The group is the nearest level-1 row above the app.
    const i = rows.indexOf(r);
    const group = rows.slice(0, i).reverse().find((x) => x.level === 1)?.label;
    assert.equal(group, want.group, `${app}'s group`);
    assert.equal(syncShown(r), want.sync, `${app}'s sync icon: ${JSON.stringify(r)}`);
  }
  const storefront = rowOf(rows, 'storefront')!;
  assert.match(storefront.description, /1\/3 OutOfSync/, JSON.stringify(storefront));
  // Health is a one-letter badge (a file decoration): H for the healthy synced apps.
  for (const app of ['payments', 'platform-local', 'tools-echo']) {
    assert.ok(rowOf(rows, app)!.badges.includes('H'), `${app} shows the Healthy badge: ${JSON.stringify(rowOf(rows, app))}`);
  }
  // Expanding storefront shows its resources; expanding the drifted Deployment, the field with its live value.
  // Rows that open a file on click expand only from their twistie.
  const twistie = (label: string) => wb.page.locator(`.pane-body .monaco-list-row[aria-label^=${JSON.stringify(`${label} `)}] .monaco-tl-twistie`).first();
  await twistie('storefront').click();
  const deployment = await waitFor(async () => rowOf(await wb.treeRows(APPS_VIEW), 'Deployment web'), 'storefront\'s Deployment row', 20_000);
  assert.match(deployment.description, /shop · OutOfSync \(1\)/);
  assert.ok(deployment.icons.includes('codicon-diff-modified'), JSON.stringify(deployment));
  await twistie('Deployment web').click();
  const field = await waitFor(async () => (await wb.treeRows(APPS_VIEW)).find((r) => r.label.endsWith('env[name=LOG_LEVEL].value')), 'the drifted field row', 20_000);
  assert.match(field.description, /debug/);
  assert.match(field.description, /kubectl-set/);
  // The Output panel (the activation check) gives its room to the tree in the picture.
  await wb.runCommand('View: Hide Panel', 5000).catch(() => undefined);
  await wb.resizeSideBar(480);
  return `${Object.keys(DEMO_TREE).map((a) => `${a}=${syncShown(rowOf(rows, a)!)}${rowOf(rows, a)!.badges.join('')}`).join(', ')}; field row: ${field.label} ${field.description}`;
}

/** Check 2: the drifted manifest shows the decoration on the LOG_LEVEL value line, and its hover. */
export async function checkInlineDrift(wb: Workbench): Promise<{ line: EditorLine; hover: string }> {
  await wb.openFile(DRIFTED_FILE);
  const line = await waitFor(async () => {
    const l = await wb.editorLine(DRIFTED_LINE);
    return l.after.some((t) => t.startsWith('live: debug')) && l;
  }, `the drift text after line ${DRIFTED_LINE}`, 60_000, 300);
  assert.equal(line.text.trim(), 'value: warn');
  assert.match(line.after.find((t) => t.startsWith('live:'))!, /^live: debug · kubectl-set/);
  assert.ok(line.gutterImages.some((b) => b.includes('drift.svg')), `gutter icon on line ${DRIFTED_LINE}: ${JSON.stringify(line)}`);
  // Only that line: the name line above and the resources below carry no drift text.
  for (const n of [DRIFTED_LINE - 1, DRIFTED_LINE + 1]) assert.deepEqual((await wb.editorLine(n)).after.filter((t) => t.startsWith('live')), [], `line ${n}`);
  // The pointer, left where quick open was, would show the tab's tooltip over the hover.
  await wb.page.mouse.move(20, 600);
  const hover = await waitFor(async () => {
    const h = await wb.hoverText(DRIFTED_LINE, 16);
    return /Drift/.test(h) && h;
  }, 'the drift hover', 30_000);
  assert.match(hover, /Git: warn/);
  assert.match(hover, /Live: debug/);
  assert.match(hover, /Changed by kubectl-set/);
  assert.match(hover, /Deployment shop\/web \(app storefront\)/);
  return { line, hover };
}

/** Runs `Plumb: Diff` on `app` (picked when asked) and returns the panel's frame once it shows a diff. */
export async function openDiffPanel(wb: Workbench, app: string): Promise<Frame> {
  // Without an active manifest the command asks which app; a manifest's object would win, so close editors.
  await wb.runCommand('View: Close All Editors');
  await waitFor(async () => {
    await wb.runCommand('Plumb: Diff');
    // Before the first snapshot the command says "still loading" and shows no pick: ask again.
    return wb.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
  }, 'the app pick of Plumb: Diff', 60_000);
  await wb.quickPick(app, { placeholder: /Diff which application/ });
  return panelWith(wb, '#root .diff');
}

/** The diff panel's frame, once its document holds `selector`. */
export async function panelWith(wb: Workbench, selector: string, timeoutMs = 60_000): Promise<Frame> {
  return wb.webviewFrame(selector, timeoutMs);
}

/** Every text the diff panel's document holds, hidden parts and attributes included. */
export async function panelDocumentText(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    // The vscode-elements components keep part of their DOM in open shadow roots: walk those too.
    const texts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const e of Array.from(root.querySelectorAll('*'))) {
        for (const a of Array.from(e.attributes)) texts.push(a.value);
        if (e.shadowRoot) { texts.push(e.shadowRoot.textContent ?? ''); walk(e.shadowRoot); }
      }
    };
    texts.push(document.documentElement.textContent ?? '');
    walk(document);
    return texts.join('\n');
  });
}

/** Check 4a: the storefront diff shows the drifted env value with its manager. */
export async function checkStorefrontDiff(wb: Workbench): Promise<Frame> {
  const f = await openDiffPanel(wb, 'storefront');
  const text = await waitFor(async () => {
    const t = await f.locator('body').innerText();
    return /value: debug/.test(t) && t;
  }, 'the drifted env value in the diff panel', 60_000);
  assert.match(text, /value: warn/);
  assert.match(text, /kubectl-set/);
  // The changed row is highlighted as changed, Git's value on the left, live on the right.
  const changed = await f.locator('.row.changed').filter({ hasText: 'debug' }).first().innerText();
  assert.match(changed, /warn[\s\S]*debug/);
  return f;
}

/**
 * Runs `Plumb: Sync Application` for `app` from the palette and waits for the plan in the diff
 * panel; returns the panel's frame and the plan's text (nothing is applied yet).
 */
export async function showSyncPlan(wb: Workbench, app: string): Promise<{ frame: Frame; plan: string }> {
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('Plumb: Sync Application');
  // With no manifest active the command asks which app (the pick follows the palette closing).
  await wb.quickPick(app, { placeholder: /Sync which application/ });
  const frame = await panelWith(wb, '.plan', 60_000);
  const plan = await waitFor(async () => {
    const t = await frame.locator('.plan').innerText();
    return t.includes(`Sync plan: ${app}`) && t;
  }, `the sync plan of ${app}`, 30_000);
  return { frame, plan };
}
