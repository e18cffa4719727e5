// What `npm run demo -- --headless-check` (and test/e2e/demo.e2e.test.ts) verify in the real editor
// on the demo world, in order, each with the screenshot it saves: activation, the app tree with
// sync/health icons ('app-tree'), inline drift with its hover ('inline-drift'), the diff panel
// ('diff-panel') and the sync plan ('sync-plan'), which is cancelled so the demo keeps its drift.
// The steps live in ui-checks.ts, shared with ui.e2e.test.ts (which also syncs and rolls back).
import type { Demo } from './demo-repo.js';
import { checkAppTree, checkInlineDrift, checkStorefrontDiff, DRIFTED_LINE, showSyncPlan } from './ui-checks.js';
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
  /** runs after the screenshot (e.g. cancels a sync plan so the demo keeps its drift) */
  cleanup?(ctx: DemoCheckContext): Promise<void>;
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
  {
    name: 'The Plumb view lists the demo apps grouped by controller, with sync icons and health badges',
    screenshot: 'app-tree',
    run: ({ wb }) => checkAppTree(wb),
  },
  {
    name: `The drifted manifest shows "live: debug · kubectl-set" after line ${DRIFTED_LINE} (LOG_LEVEL's value), with the hover`,
    screenshot: 'inline-drift',
    async run({ wb }) {
      const { line, hover } = await checkInlineDrift(wb);
      return `${line.after.join(' | ')}; hover: ${hover.split('\n').slice(0, 3).join(' / ')}`;
    },
    cleanup: async ({ wb }) => wb.escape(),
  },
  {
    name: 'Plumb: Diff on storefront opens the diff panel with the drifted env value and its manager',
    screenshot: 'diff-panel',
    async run({ wb }) {
      const f = await checkStorefrontDiff(wb);
      return (await f.locator('.row.changed').filter({ hasText: 'debug' }).first().innerText()).replace(/\s+/g, ' ');
    },
  },
  {
    name: 'Plumb: Sync Application on storefront shows the plan in the panel (cancelled: the demo keeps its drift)',
    screenshot: 'sync-plan',
    async run({ wb }) {
      const { plan } = await showSyncPlan(wb, 'storefront');
      if (!/update\s+Deployment shop\/web/.test(plan) || !/env\[name=LOG_LEVEL\]\.value/.test(plan)) throw new Error(`the plan does not update web's LOG_LEVEL:\n${plan}`);
      return plan.split('\n').slice(0, 4).join(' / ');
    },
    async cleanup({ wb }) {
      const f = await wb.webviewFrame('.plan');
      await f.locator('.plan vscode-button', { hasText: 'Cancel' }).click();
      await waitFor(async () => (await f.locator('.plan').count()) === 0, 'the plan to go after Cancel', 20_000);
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
      await c.cleanup?.(ctx);
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
