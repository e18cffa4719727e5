// What `npm run demo -- --headless-check` (and test/e2e/demo.e2e.test.ts) verify in the real editor
// on the demo world, in order, each with the screenshot it saves. The editor UI (issue 6) adds
// its checks here: the app tree with sync/health icons ('app-tree'), inline drift with its hover
// ('inline-drift'), the diff panel with masked Secrets ('diff-panel'), the sync plan ('sync-plan').
import type { Demo } from './demo-repo.js';
import { waitFor, Workbench } from './workbench.js';

export interface DemoCheckContext {
  wb: Workbench;
  demo: Demo;
  /** where a failed check's screenshot goes (not the committed screenshots folder) */
  failuresDir: string;
}

export interface DemoCheck {
  name: string;
  /** file name (without .png) under the screenshots folder, taken after the check passed */
  screenshot?: string;
  /** throws when the editor does not show what it should; returns a short detail for the report */
  run(ctx: DemoCheckContext): Promise<string>;
}

export interface DemoCheckResult {
  name: string;
  ok: boolean;
  detail: string;
  screenshot?: string;
  ms: number;
}

export const DEMO_CHECKS: DemoCheck[] = [
  {
    name: 'Plumb activated: "Plumb: Show Output" shows its log with the activation line',
    screenshot: 'demo-plumb-output',
    async run({ wb }) {
      await wb.runCommand('Plumb: Show Output');
      await waitFor(async () => (await wb.selectedOutputChannel()) === 'Plumb', 'the Plumb output channel');
      const text = await waitFor(async () => {
        const t = await wb.outputText('activated');
        return /Plumb \d+\.\d+\.\d+ activated/.test(t) && t;
      }, 'the activation line', 30_000);
      return /Plumb \S+ activated[^\n]*/.exec(text)![0];
    },
  },
  {
    name: 'Plumb reads the demo kubeconfig (setting plumb.kubeconfig): its log names the demo cluster URL',
    async run({ wb, demo }) {
      const host = new URL(demo.cluster.url).host;
      const text = await waitFor(async () => {
        const t = await wb.outputText(host);
        return t.includes(host) && t;
      }, `${host} in the Plumb log`, 30_000);
      return text.split('\n').find((l) => l.includes(host))!.trim();
    },
  },
];

/** Runs the checks in order; a failed check is reported and the next ones still run. */
export async function runDemoChecks(ctx: DemoCheckContext, checks: DemoCheck[] = DEMO_CHECKS): Promise<DemoCheckResult[]> {
  const results: DemoCheckResult[] = [];
  for (const c of checks) {
    const t = Date.now();
    try {
      const detail = await c.run(ctx);
      const screenshot = c.screenshot ? await ctx.wb.screenshot(c.screenshot) : undefined;
      results.push({ name: c.name, ok: true, detail, ms: Date.now() - t, ...(screenshot ? { screenshot } : {}) });
    } catch (e) {
      // A picture of the failure helps more than the message alone.
      const screenshot = await new Workbench(ctx.wb.page, ctx.failuresDir).screenshot(`FAILED-${c.screenshot ?? `check-${results.length + 1}`}`).catch(() => undefined);
      results.push({ name: c.name, ok: false, detail: (e as Error).message, ms: Date.now() - t, ...(screenshot ? { screenshot } : {}) });
      await ctx.wb.escape().catch(() => undefined);
    }
  }
  return results;
}
