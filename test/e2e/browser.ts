// Debian's Chromium driven by playwright-core (no browser download): headless, no sandbox (we are
// root), no background networking (the network is loopback only), a fresh profile per launch.
// Requests that leave loopback are recorded so tests can show the editor stayed offline.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { E2eTools } from './tools.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** http(s)/ws(s) URLs outside 127.0.0.1/localhost the page got from the network or failed to reach */
  offLoopback: string[];
  /** console errors and uncaught page errors, for failure reports */
  pageErrors: string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function launchBrowser(tools: E2eTools, o: { width?: number; height?: number } = {}): Promise<BrowserSession> {
  // Playwright gives each launch() a new temporary profile (--user-data-dir) and deletes it on close.
  const browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const context = await browser.newContext({ viewport: { width: o.width ?? 1440, height: o.height ?? 900 }, deviceScaleFactor: 1 });
    // tsx (esbuild, keepNames) wraps named functions in __name(): callbacks passed to
    // page.evaluate() carry those calls into the page, which must define the helper.
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    const page = await context.newPage();
    const offLoopback: string[] = [];
    const pageErrors: string[] = [];
    const check = (url: string) => {
      const u = new URL(url);
      if (/^(https?|wss?):$/.test(u.protocol) && !LOOPBACK.has(u.hostname)) offLoopback.push(url);
    };
    // A webview asks for its scripts and styles at https://…vscode-resource.vscode-cdn.net/…; the
    // webview's service worker answers them from the editor's own server, so they never reach
    // the network. Only answers that did not come from a service worker, and failed requests
    // (a real attempt to go out), count.
    page.on('response', (r) => { if (!r.fromServiceWorker()) check(r.url()); });
    page.on('requestfailed', (r) => check(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return {
      browser, context, page, offLoopback, pageErrors,
      async close() { await browser.close().catch(() => undefined); },
    };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}
