// Shared setup of the kube tests: a test cluster and a ClusterConfig for it, loaded through
// loadKubeconfig like the CLI does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster, type TestClusterOptions } from '../../cluster/server.js';
import { loadKubeconfig, type ClusterConfig } from '../../../src/engine/kube/kubeconfig.js';

export interface KubeEnv {
  tc: TestCluster;
  dir: string;
  config(user?: 'admin' | 'restricted'): Promise<ClusterConfig>;
  close(): Promise<void>;
}

export async function startKubeEnv(opts: TestClusterOptions = {}): Promise<KubeEnv> {
  const tc = await startTestCluster({ simulate: false, ...opts });
  const dir = mkdtempSync(join(tmpdir(), 'plumb-kube-'));
  return {
    tc, dir,
    async config(user = 'admin') {
      const file = join(dir, `kubeconfig-${user}`);
      tc.writeKubeconfig(file, { user });
      const r = await loadKubeconfig({ env: { HOME: dir }, explicitPath: file });
      assert.deepEqual(r.problems, []);
      assert.ok(r.config);
      return r.config;
    },
    async close() {
      await tc.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `fn` returns a truthy value (or fails after `ms`). */
export async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const pathOf = (p: string) => p.split('?')[0]!;
export const queryOf = (p: string) => new URLSearchParams(p.split('?')[1] ?? '');
