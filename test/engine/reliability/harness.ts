// The reliability tests' setup: a test cluster (optionally persisted in a state directory, so it
// can be killed and started again on the same port), a scratch copy of the shop repository, a
// kubeconfig, a client, and `plumb` run in-process against them.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import { createKubeClient, type KubeClient } from '../../../src/engine/kube/client.js';
import { loadKubeconfig } from '../../../src/engine/kube/kubeconfig.js';
import type { CliIO } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import type { KubeObject } from '../../../src/engine/types.js';

export const SHOP = join(__dirname, '..', '..', 'fixtures', 'repos', 'shop');

export interface PlumbResult { code: number; out: string; err: string }

export interface RelEnv {
  tc: TestCluster;
  dir: string;
  repo: string;
  kubeconfig: string;
  client: KubeClient;
  /** runs `plumb` in-process; `env` replaces the default environment (HOME, KUBECONFIG, PATH) */
  plumb(argv: string[], o?: { env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<PlumbResult>;
  write(rel: string, text: string): void;
  edit(rel: string, fn: (s: string) => string): void;
  /** stops the cluster (keeps the state directory and the repository) */
  stopCluster(): Promise<void>;
  /** starts it again on the same port and state directory */
  restartCluster(): Promise<void>;
  close(): Promise<void>;
}

export interface RelEnvOptions {
  /** persist the cluster in a state directory (needed for restartCluster) */
  persist?: boolean;
  simulate?: boolean;
}

export async function startRelEnv(o: RelEnvOptions = {}): Promise<RelEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-rel-'));
  const stateDir = o.persist ? join(dir, 'state') : undefined;
  let tc = await startTestCluster({ simulate: o.simulate ?? true, ...(stateDir ? { stateDir } : {}) });
  const port = tc.port;
  const repo = join(dir, 'shop');
  cpSync(SHOP, repo, { recursive: true });
  const kubeconfig = join(dir, 'kubeconfig');
  tc.writeKubeconfig(kubeconfig);
  const kc = await loadKubeconfig({ env: { HOME: dir }, explicitPath: kubeconfig });
  assert.ok(kc.config);
  // Short backoff and timeout: the tests inject many faults and must stay fast.
  const client = createKubeClient(kc.config, { backoffMs: 50 });
  let stopped = false;
  const env: RelEnv = {
    get tc() { return tc; },
    dir, repo, kubeconfig, client,
    async plumb(argv, p = {}) {
      let out = '';
      let err = '';
      const io: CliIO = {
        stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: repo,
        env: p.env ?? { HOME: dir, KUBECONFIG: kubeconfig, PATH: process.env['PATH'] }, signal: p.signal ?? new AbortController().signal,
      };
      const code = await main(argv, io);
      return { code, out, err };
    },
    write(rel, text) { mkdirSync(dirname(join(repo, rel)), { recursive: true }); writeFileSync(join(repo, rel), text); },
    edit(rel, fn) { writeFileSync(join(repo, rel), fn(readFileSync(join(repo, rel), 'utf8'))); },
    async stopCluster() {
      if (stopped) return;
      stopped = true;
      await tc.close();
    },
    async restartCluster() {
      assert.ok(stateDir, 'restartCluster needs persist: true');
      await env.stopCluster();
      tc = await startTestCluster({ simulate: o.simulate ?? true, stateDir, port });
      stopped = false;
    },
    async close() {
      client.close();
      await env.stopCluster();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

/** The object, or undefined when it is not there. */
export async function getOrNone(client: KubeClient, ref: { group: string; kind: string; namespace?: string; name: string }): Promise<KubeObject | undefined> {
  try {
    return await client.get(ref);
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
}
