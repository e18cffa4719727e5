// Case 3: peak RSS of a process that only runs a LiveCache watching 10 000 live objects
// (ConfigMaps and Deployments), after the initial list and after 1 000 updates. The test server
// runs here; the cache runs in a child process (bundled with esbuild, run by plain node).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { startTestCluster } from '../cluster/server.js';
import { fillCluster } from './engine-fill.js';
import type { RssReport } from './engine-rss-child.js';
import { meets, round, type BenchCase } from './report.js';

const TARGET_MB = 300;
const OBJECTS = { configMaps: 7_000, deployments: 3_000 };
const UPDATES = 1_000;
const MB = 1024 * 1024;

export async function benchRss(): Promise<BenchCase> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-bench-rss-'));
  const tc = await startTestCluster({ simulate: false, bootstrap: false });
  try {
    const { configMaps } = fillCluster(tc, 'rss', 20, OBJECTS);
    const kubeconfig = join(dir, 'kubeconfig');
    tc.writeKubeconfig(kubeconfig);
    const childFile = join(dir, 'rss-child.cjs');
    await build({ entryPoints: [join(__dirname, 'engine-rss-child.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: childFile, logLevel: 'warning' });

    const child = spawn(process.execPath, [childFile, kubeconfig, String(UPDATES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const reports: RssReport[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    const exited = new Promise<number | null>((r) => child.on('close', (code) => { clearTimeout(timer); r(code); }));
    const cmType = tc.cluster.registry.find('', 'v1', 'configmaps')!;
    for await (const line of createInterface({ input: child.stdout })) {
      const r = JSON.parse(line) as RssReport;
      reports.push(r);
      if (r.phase === 'synced') {
        // 1 000 updates of distinct ConfigMaps, in batches so the watch streams them as they come.
        for (let i = 0; i < UPDATES; i++) {
          const [ns, name] = configMaps[(i * 7) % configMaps.length]!;
          tc.cluster.patch(cmType, ns, name, { data: { LOG_LEVEL: `debug-${i}` } }, 'merge', { manager: 'bench-update' });
          if (i % 100 === 99) await new Promise((res) => setImmediate(res));
        }
      }
    }
    const code = await exited;
    const synced = reports.find((r) => r.phase === 'synced');
    const updated = reports.find((r) => r.phase === 'updated');
    if (!synced || !updated) {
      const err = reports.find((r) => r.phase === 'error')?.message ?? (stderr.trim() || `child exited ${code}`);
      throw new Error(err);
    }
    const peak = round(Math.max(synced.maxRss!, updated.maxRss!, synced.rss!, updated.rss!) / MB, 1);
    const mb = (n?: number) => round((n ?? 0) / MB, 1);
    return {
      case: 'rss-10000-watched', title: `peak RSS, LiveCache over ${updated.objects} live objects, after ${UPDATES} updates`,
      value: peak, unit: 'MB', target: TARGET_MB, compare: '<', met: meets(peak, '<', TARGET_MB),
      extra: { objects: updated.objects, rssAfterSyncMB: mb(synced.rss), rssAfterUpdatesMB: mb(updated.rss), heapUsedAfterUpdatesMB: mb(updated.heapUsed), listMs: synced.ms, modifiedSeen: updated.modified },
      notes: [
        `child process (plain node, cache bundled with esbuild; the test server in the parent): ${OBJECTS.configMaps} ConfigMaps + ${OBJECTS.deployments} Deployments, each with managedFields as the server returns them`,
        `rss after the initial list ${mb(synced.rss)} MB (listed in ${synced.ms} ms), after ${updated.modified} watched updates ${mb(updated.rss)} MB; heap used ${mb(updated.heapUsed)} MB; peak (getrusage maxrss) ${peak} MB`,
      ],
    };
  } finally {
    await tc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
