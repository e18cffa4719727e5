// The diff panel's webview in a real browser (Debian Chromium through playwright-core): the page
// the host builds (same HTML, same CSP with a nonce), the bundled webview script, and a fake
// `acquireVsCodeApi` that answers `ready` with a REAL state (the shop repo on the test cluster,
// drifted with kubectl). Checks: nothing before ready, no CSP violation, rows and attribution
// rendered, no Secret value in the DOM, keyboard navigation, filters posting typed messages,
// persisted state. With PLUMB_SCREENSHOTS=1 saves media/screenshots/{diff-panel,sync-plan}.png.
// Skipped without Chromium (CHROMIUM=path overrides /usr/bin/chromium).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WorkspaceSession } from '../../src/engine/session/workspace-session.js';
import { buildDiffPanelState, DEFAULT_VIEW_OPTIONS, syncPlanView, type DiffPanelState } from '../../src/ui-model/diff-panel-state.js';
import { diffPanelHtml } from '../../src/vscode/webview/diff-panel-html.js';
import { makeKubectl } from '../cluster/testing/kubectl.js';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';
import { themeCss } from './theme.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
// screenshots for the README only when asked (PLUMB_SCREENSHOTS=1): a test run leaves the tree as it was
const SHOTS_WANTED = !!process.env['PLUMB_SCREENSHOTS'];
let SHOTS = join(ROOT, 'media', 'screenshots');
const LIVE_PASSWORD = 'browser-test-pw-0815';
const GIT_PASSWORD = 's3cr3t-demo-only';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

let env: SyncEnv | undefined;
let session: WorkspaceSession | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
let dir: string;
let base: string;
const states: Record<string, DiffPanelState> = {};

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'plumb-webview-'));
  if (!SHOTS_WANTED) SHOTS = join(dir, 'screenshots');
  mkdirSync(SHOTS, { recursive: true });
  // bundle the webview exactly as scripts/build.mjs does (browser, es2022, esm)
  await build({ entryPoints: [join(ROOT, 'src/webview/main.ts')], outfile: join(dir, 'dist', 'webview.js'), bundle: true, platform: 'browser', target: 'es2022', format: 'esm', logLevel: 'warning' });
  env = await startSyncEnv();
  await env.namespace('shop');
  await env.namespace('payments');
  await env.sync('storefront');
  await env.sync('payments');
  const kubectl = makeKubectl(env.tc);
  try {
    assert.equal((await kubectl.run(['-n', 'shop', 'set', 'env', 'deployment/web', 'LOG_LEVEL=debug', 'FEATURE_X=on'])).code, 0);
    assert.equal((await kubectl.run(['-n', 'shop', 'scale', 'deployment/web', '--replicas=5'])).code, 0);
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments-db\n  namespace: payments\ntype: Opaque\nstringData:\n  DB_USER: payments\n  DB_PASSWORD: ${LIVE_PASSWORD}\n`;
    assert.equal((await kubectl.run(['apply', '-f', '-'], { stdin: secret })).code, 0);
  } finally {
    kubectl.dispose();
  }
  session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo }, kubeconfig: env.kubeconfig, debounceMs: 50 });
  const snap = await session.refresh();
  const live = (r: Parameters<WorkspaceSession['live']>[0]) => session!.live(r);
  states['storefront'] = buildDiffPanelState({ snapshot: snap, identity: { app: 'storefront' }, options: DEFAULT_VIEW_OPTIONS, live, selected: 'apps/Deployment/shop/web' });
  states['payments'] = buildDiffPanelState({ snapshot: snap, identity: { app: 'payments' }, options: DEFAULT_VIEW_OPTIONS, live, selected: '/Secret/payments/payments-db' });
  states['plan'] = buildDiffPanelState({
    snapshot: snap, identity: { app: 'payments' }, options: { ...DEFAULT_VIEW_OPTIONS, onlyDrift: true }, live, selected: '/Secret/payments/payments-db',
    plan: syncPlanView(await env.plan('payments', true), 'plan-1'),
  });
  server = await serve();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  server?.close();
  session?.dispose();
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Serves the page the host would build, with the webview's files from their real roots. */
function serve(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/') {
        const origin = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
        const webview = { cspSource: origin, asWebviewUri: (u: { path: string }) => new URL(u.path, origin) };
        const html = diffPanelHtml(webview as never, { path: '/' } as never, (_b, ...p) => ({ path: `/${p.join('/')}` }) as never, 'TESTNONCE123');
        // VS Code injects the theme variables the same way: a style element the CSP allows
        res.writeHead(200, { 'content-type': 'text/html' }).end(html.replace('</head>', `<style nonce="TESTNONCE123">${themeCss()}</style></head>`));
        return;
      }
      if (url.pathname === '/favicon.ico') { res.writeHead(204).end(); return; }
      const rel = normalize(url.pathname).replace(/^\/+/, '');
      const file = rel.startsWith('dist/') ? join(dir, rel) : rel.startsWith('media/') ? join(ROOT, rel) : '';
      if (!file || !existsSync(file)) { res.writeHead(404).end(); return; }
      const type = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    s.listen(0, '127.0.0.1', () => { base = `http://127.0.0.1:${(s.address() as { port: number }).port}/`; resolve(s); });
  });
}

interface Opened { page: Page; posted: () => Promise<Array<{ type: string } & Record<string, unknown>>>; saved: () => Promise<unknown>; problems: string[] }

/** Opens the panel with a fake VS Code API that answers `ready` (and only ready) with `state`. */
async function open(state: DiffPanelState, size = { width: 1400, height: 860 }): Promise<Opened> {
  const page = await browser!.newPage({ viewport: size });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  // a string, not a function: the test runner's transpiler would add helpers the page does not have
  await page.addInitScript(`
    window.__posted = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => {
        window.__posted.push(m);
        if (m.type === 'ready') setTimeout(() => window.postMessage({ type: 'state', state: ${JSON.stringify(state)} }, '*'), 0);
      },
      getState: () => window.__saved,
      setState: (s) => { window.__saved = s; },
    });
  `);
  await page.goto(base);
  await page.waitForSelector('.diff .row', { timeout: 15_000 }).catch(async (e: Error) => {
    throw new Error(`${e.message}\npage problems: ${problems.join('\n')}\nbody: ${await page.locator('body').innerHTML()}`);
  });
  return {
    page, problems,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<{ type: string } & Record<string, unknown>> }).__posted),
    saved: () => page.evaluate(() => (window as unknown as { __saved: unknown }).__saved),
  };
}

test('diff panel in Chromium: rows, attribution, CSP, keyboard, filters, persisted state', { skip }, async () => {
  const { page, posted, saved, problems } = await open(states['storefront']!);
  try {
    const first = await posted();
    assert.deepEqual(first[0], { type: 'ready' });
    // elements from @vscode-elements are defined (bundled, nothing remote) and rendered their shadow DOM
    assert.equal(await page.evaluate(() => !!customElements.get('vscode-tree') && !!customElements.get('vscode-checkbox')), true);
    assert.equal(await page.locator('vscode-tree-item').count(), states['storefront']!.resources.length);
    const changed = page.locator('.row.changed', { hasText: 'value: debug' });
    assert.equal(await changed.count(), 1);
    assert.match(await changed.locator('.left').innerText(), /value: warn/);
    assert.match(await changed.locator('.note').innerText(), /kubectl-set, (just now|\d+ min ago)/);
    assert.ok(await page.locator('.row.added', { hasText: 'FEATURE_X' }).count() >= 1);
    // keyboard: n goes to the first change, p wraps to the last
    await page.locator('.diff').focus();
    await page.keyboard.press('n');
    const firstChange = states['storefront']!.diff!.changes[0]!;
    assert.equal(await page.locator('.row.current').getAttribute('data-row'), String(firstChange));
    await page.keyboard.press('n');
    await page.keyboard.press('p');
    assert.equal(await page.locator('.row.current').getAttribute('data-row'), String(firstChange));
    await page.screenshot({ path: join(SHOTS, 'diff-panel.png') });
    // toggles post typed messages (the host answers with a new state; this fake does not)
    await page.locator('vscode-checkbox', { hasText: 'Only drift' }).click();
    await page.keyboard.press('u');
    await page.locator('vscode-tree-item', { hasText: 'Service shop/web' }).click();
    await page.keyboard.press('Alt+ArrowDown');
    // the tree's own keys: arrows move the focus, Enter selects
    await page.locator('vscode-tree-item', { hasText: 'Service shop/web' }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const msgs = await posted();
    assert.ok(msgs.some((m) => m.type === 'setOptions' && JSON.stringify(m['options']) === JSON.stringify({ mode: 'split', onlyDrift: true, showNoise: false })), JSON.stringify(msgs));
    assert.ok(msgs.some((m) => m.type === 'setOptions' && (m['options'] as { mode: string }).mode === 'unified'));
    assert.ok(msgs.some((m) => m.type === 'selectResource' && m['id'] === '/Service/shop/web'), JSON.stringify(msgs));
    // Alt+↓ from the selected Deployment (the fake host keeps that state) wraps to the first resource; ↑ Enter picks the ConfigMap
    const picks = msgs.filter((m) => m.type === 'selectResource').map((m) => m['id']);
    assert.deepEqual(picks, ['/Service/shop/web', states['storefront']!.resources[0]!.id, '/ConfigMap/shop/web-config-gbcd84cg24'], JSON.stringify(msgs));
    assert.equal(msgs.filter((m) => m.type === 'ready').length, 1);
    // persisted: identity and options only
    assert.deepEqual(await saved(), { identity: { app: 'storefront' }, options: DEFAULT_VIEW_OPTIONS, selected: 'apps/Deployment/shop/web' });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('Secret in Chromium: masked rows, no value anywhere in the page; unified mode', { skip }, async () => {
  const unified = { ...states['payments']!, options: { ...states['payments']!.options, mode: 'unified' as const } };
  for (const state of [states['payments']!, unified]) {
    const { page, problems } = await open(state);
    try {
      const html = await page.content();
      const text = await page.locator('body').innerText();
      for (const v of [GIT_PASSWORD, LIVE_PASSWORD, Buffer.from(GIT_PASSWORD).toString('base64'), Buffer.from(LIVE_PASSWORD).toString('base64')]) {
        assert.ok(!html.includes(v) && !text.includes(v), `${v} in the page`);
      }
      assert.match(text, /DB_PASSWORD: •+ \(changed\)/);
      assert.match(text, /DB_USER: •+ \(unchanged\)/);
      assert.match(text, /Secret values are masked/);
      if (state.options.mode === 'unified') assert.ok(await page.locator('.diff.unified .row.removed', { hasText: 'DB_PASSWORD' }).count() === 1);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

test('sync plan in Chromium: waves and actions, Sync / Cancel post the plan id', { skip }, async () => {
  const { page, posted, problems } = await open(states['plan']!);
  try {
    await page.waitForSelector('.plan');
    const text = await page.locator('.plan').innerText();
    assert.match(text, /Sync plan: payments/);
    assert.match(text, /update\s+Secret payments\/payments-db/);
    assert.match(text, /PreSync · wave/);
    await page.screenshot({ path: join(SHOTS, 'sync-plan.png') });
    await page.locator('.plan vscode-button', { hasText: 'Cancel' }).click();
    await page.locator('.plan vscode-button', { hasText: 'Sync payments' }).click();
    const msgs = await posted();
    assert.ok(msgs.some((m) => m.type === 'cancelPlan' && m['planId'] === 'plan-1'));
    assert.ok(msgs.some((m) => m.type === 'confirmPlan' && m['planId'] === 'plan-1'));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

