// The real-editor test harness: a test cluster, a scratch Git copy of the shop sample (or the whole
// demo world), the packaged extension in code-server, and Chromium on the workbench with the
// folder open. Everything is stopped by close(), also when starting fails half-way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './browser.js';
import type { CodeServer } from './code-server.js';
import { buildDemo, createShopRepo, startDemoCluster, type Demo, type DemoCluster } from './demo-repo.js';
import { buildVsix, startEditor } from './editor.js';
import { withTimeout } from './processes.js';
import { ensureTools, SCREENSHOTS_DIR, type E2eTools } from './tools.js';
import type { VsixResult } from './vsix.js';
import { Workbench } from './workbench.js';

export interface E2eOptions {
  /** 'repo' (default): the cluster and a one-commit Git copy of the shop sample, nothing applied.
   *  'demo': the demo world of `npm run demo` (history, synced apps, drift, a :broken commit). */
  world?: 'repo' | 'demo';
  /** extra user settings for the editor */
  settings?: Record<string, unknown>;
  /** where screenshot() writes (default: media/screenshots/ with PLUMB_SCREENSHOTS=1, else the
   *  session's scratch folder, so ordinary test runs leave the committed pictures alone) */
  screenshotsDir?: string;
  /** keep the scratch folder after close() (for looking at logs); also PLUMB_E2E_KEEP=1 */
  keep?: boolean;
  /** bound on the whole start (default 4 minutes) */
  timeoutMs?: number;
}

export interface E2eSession {
  tools: E2eTools;
  /** scratch folder holding everything of this session */
  dir: string;
  /** the workspace folder open in the editor (a Git repository) */
  repo: string;
  kubeconfig: string;
  cluster: DemoCluster;
  /** set for world 'demo' */
  demo: Demo | undefined;
  vsix: VsixResult;
  codeServer: CodeServer;
  browser: BrowserSession;
  page: Page;
  wb: Workbench;
  /** milliseconds per start step */
  timings: Record<string, number>;
  close(): Promise<void>;
}

export async function startE2e(o: E2eOptions = {}): Promise<E2eSession> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const t = Date.now();
    try { return await f(); } finally { timings[name] = Date.now() - t; }
  };
  const dir = mkdtempSync(join(tmpdir(), 'plumb-e2e-'));
  const closers: Array<() => Promise<void>> = [];
  let closed = false;
  // A step that finishes after a start timeout already closed the session is stopped at once.
  const track = (c: () => Promise<void>) => { if (closed) void c().catch(() => undefined); else closers.push(c); };
  const close = async () => {
    closed = true;
    for (const c of closers.reverse()) await c().catch(() => undefined);
    closers.length = 0;
    if (o.keep ?? process.env['PLUMB_E2E_KEEP'] === '1') process.stderr.write(`# e2e: kept ${dir} (code-server log: ${join(dir, 'editor', 'code-server.log')})\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const start = async (): Promise<E2eSession> => {
    const tools = await step('tools', () => ensureTools({ quiet: true }));
    // Each session packs its own copy: sessions may run side by side.
    const vsix = await step('vsix', () => buildVsix(join(dir, 'plumb.vsix')));
    let cluster: DemoCluster;
    let demo: Demo | undefined;
    let repo: string;
    if (o.world === 'demo') {
      demo = await step('world', () => buildDemo({ dir: join(dir, 'demo') }));
      cluster = demo;
      repo = demo.repo.repo;
    } else {
      cluster = await step('cluster', () => startDemoCluster({ kubeconfig: join(dir, 'kubeconfig') }));
      track(() => cluster.close());
      repo = (await step('world', () => createShopRepo(join(dir, 'shop')))).repo;
    }
    if (demo) track(() => demo.close());
    const codeServer = await step('code-server', () => startEditor({ tools, dir: join(dir, 'editor'), kubeconfig: cluster.kubeconfig, vsix, ...(o.settings ? { settings: o.settings } : {}) }));
    track(() => codeServer.stop());
    const browser = await step('browser', () => launchBrowser(tools));
    track(() => browser.close());
    const wb = new Workbench(browser.page, o.screenshotsDir ?? (process.env['PLUMB_SCREENSHOTS'] === '1' ? SCREENSHOTS_DIR : join(dir, 'screenshots')));
    await step('workbench', async () => {
      await browser.page.goto(codeServer.folderUrl(repo), { timeout: 60_000 });
      await wb.waitReady();
    });
    return { tools, dir, repo, kubeconfig: cluster.kubeconfig, cluster, demo, vsix, codeServer, browser, page: browser.page, wb, timings, close };
  };
  try {
    return await withTimeout(start(), o.timeoutMs ?? 240_000, 'the real-editor session to start');
  } catch (e) {
    await close();
    throw e;
  }
}
