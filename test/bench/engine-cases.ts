// The engine benchmarks of issue 4, in the order `npm run bench` prints them. A case that throws
// is reported as missed with its error; the others still run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../cluster/server.js';
import { makeKubectl } from '../cluster/testing/kubectl.js';
import { benchFullDiff } from './engine-diff.js';
import { writeBenchRepo } from './engine-repo.js';
import { benchRediff } from './engine-rediff.js';
import { benchRss } from './engine-rss.js';
import { failedCase, type BenchCase } from './report.js';

export async function runEngineCases(log: (line: string) => void): Promise<BenchCase[]> {
  const cases: BenchCase[] = [];
  const root = mkdtempSync(join(tmpdir(), 'plumb-bench-repo-'));
  // Controllers off: Deployments stay unavailable, which changes health, not sync, and saves CPU.
  const tc = await startTestCluster({ simulate: false, bootstrap: false, logSize: 20_000 });
  const k = makeKubectl(tc);
  try {
    const repo = writeBenchRepo(root, 50, 10);
    log('engine: full diff of 500 objects (Plumb vs kubectl diff)…');
    cases.push(await benchFullDiff(tc, k, repo).catch((e: unknown) => failedCase('full-diff-500', 'full diff, 500 objects: kubectl diff time / Plumb time', 'x', 20, '>=', e)));
    log('engine: re-diff of one app with 5 000 objects cached…');
    cases.push(await benchRediff(tc, k.kubeconfig, repo).catch((e: unknown) => failedCase('rediff-one-app-5000-cached', 're-diff of one app after a file edit, 5000 live objects cached: p95', 'ms', 100, '<', e)));
  } finally {
    k.dispose();
    await tc.close();
    rmSync(root, { recursive: true, force: true });
  }
  log('engine: peak RSS of a LiveCache over 10 000 objects…');
  cases.push(await benchRss().catch((e: unknown) => failedCase('rss-10000-watched', 'peak RSS, LiveCache over 10000 live objects, after 1000 updates', 'MB', 300, '<', e)));
  return cases;
}
