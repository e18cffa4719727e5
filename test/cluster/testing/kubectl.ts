// Runs the real kubectl on PATH against a test cluster, with a fresh cache dir per cluster
// (kubectl caches discovery by URL; a reused port would serve stale discovery otherwise).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCluster } from '../server.js';

export interface KubectlResult { code: number; stdout: string; stderr: string }

export interface Kubectl {
  /** run `kubectl --kubeconfig=… --cache-dir=… ARGS` */
  run(args: string[], opts?: { stdin?: string; cwd?: string; timeoutMs?: number; env?: Record<string, string> }): Promise<KubectlResult>;
  readonly kubeconfig: string;
  readonly cacheDir: string;
  /** scratch directory for manifests; removed by dispose() */
  readonly dir: string;
  dispose(): void;
}

export function makeKubectl(cluster: TestCluster, opts: { user?: 'admin' | 'restricted' } = {}): Kubectl {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const cacheDir = join(dir, 'cache');
  cluster.writeKubeconfig(kubeconfig, { user: opts.user ?? 'admin' });
  return {
    kubeconfig, cacheDir, dir,
    run(args, o = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn('kubectl', [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, ...args], {
          cwd: o.cwd ?? dir,
          env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig, ...o.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
        child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
        const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
        child.on('error', (e) => { clearTimeout(timer); reject(e); });
        child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
        child.stdin.end(o.stdin ?? '');
      });
    },
    dispose() { rmSync(dir, { recursive: true, force: true }); },
  };
}
