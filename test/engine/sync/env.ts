// A simulated test cluster plus a temp copy of the shop repository, for sync execution tests.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestCluster, type RequestLogEntry, type TestCluster } from '../../cluster/server.js';
import { createKubeClient, type KubeClient } from '../../../src/engine/kube/client.js';
import { loadKubeconfig } from '../../../src/engine/kube/kubeconfig.js';
import { planSync } from '../../../src/engine/sync/plan.js';
import { planInputOf, prepareSync } from '../../../src/engine/sync/prepare.js';
import { syncApp, type SyncEvent, type SyncReport } from '../../../src/engine/sync/execute.js';
import type { SyncPlan } from '../../../src/engine/sync/types.js';

const SHOP = join(__dirname, '..', '..', 'fixtures', 'repos', 'shop');

export interface SyncEnv {
  tc: TestCluster;
  repo: string;
  kubeconfig: string;
  client: KubeClient;
  signal: AbortSignal;
  write(rel: string, text: string): void;
  edit(rel: string, fn: (s: string) => string): void;
  /** adds a plain-folder app to .plumb.yaml */
  addApp(name: string, path: string, namespace: string): void;
  plan(app: string, prune?: boolean): Promise<SyncPlan>;
  sync(app: string, o?: { prune?: boolean; recreate?: boolean; events?: SyncEvent[]; waveTimeoutMs?: number }): Promise<{ plan: SyncPlan; report: SyncReport }>;
  namespace(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncEnv(): Promise<SyncEnv> {
  const tc = await startTestCluster({ simulate: true });
  const dir = mkdtempSync(join(tmpdir(), 'plumb-sync-'));
  const repo = join(dir, 'shop');
  cpSync(SHOP, repo, { recursive: true });
  const kubeconfig = join(dir, 'kubeconfig');
  tc.writeKubeconfig(kubeconfig);
  const kc = await loadKubeconfig({ env: { HOME: dir }, explicitPath: kubeconfig });
  assert.ok(kc.config);
  const ac = new AbortController();
  const client = createKubeClient(kc.config, { signal: ac.signal });
  const env: SyncEnv = {
    tc, repo, kubeconfig, client, signal: ac.signal,
    write(rel, text) { mkdirSync(dirname(join(repo, rel)), { recursive: true }); writeFileSync(join(repo, rel), text); },
    edit(rel, fn) { writeFileSync(join(repo, rel), fn(readFileSync(join(repo, rel), 'utf8'))); },
    addApp(name, path, namespace) {
      env.edit('.plumb.yaml', (s) => s.replace('apps:\n', `apps:\n  - name: ${name}\n    path: ${path}\n    namespace: ${namespace}\n`));
    },
    async plan(app, prune = false) {
      const prepared = await prepareSync({ repoRoot: repo, client, signal: ac.signal, apps: [app] });
      const p = prepared.apps.find((a) => a.app.name === app);
      assert.ok(p, `app ${app} not prepared: ${JSON.stringify(prepared.problems)}`);
      return planSync(planInputOf(p, { prune }));
    },
    async sync(app, o = {}) {
      const plan = await env.plan(app, o.prune ?? false);
      const report = await syncApp({
        plan, client, signal: ac.signal, appName: app, allowPrune: o.prune ?? false, allowRecreate: o.recreate ?? false,
        waveTimeoutMs: o.waveTimeoutMs ?? 20_000, onProgress: (e) => o.events?.push(e),
      });
      return { plan, report };
    },
    async namespace(name) {
      await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'test' });
    },
    async close() {
      ac.abort();
      client.close();
      await tc.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

/** Requests that change the cluster (dry-runs excluded). */
export function writesIn(log: RequestLogEntry[]): RequestLogEntry[] {
  return log.filter((e) => e.method !== 'GET' && !/[?&]dryRun=All/.test(e.path));
}
