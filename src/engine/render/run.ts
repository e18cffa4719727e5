// Runs a render tool (kubectl, helm) asynchronously: never blocks the event loop, kills the
// child when the caller aborts or the timeout passes, and caps what it keeps of the output.

import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** why the child did not finish by itself */
  stopped?: 'timeout' | 'aborted';
  /** the binary could not be started (ENOENT, EACCES…) */
  spawnError?: NodeJS.ErrnoException;
  /** stdout passed `maxStdout` and was dropped */
  tooLarge?: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** cap on stdout kept, in bytes (rendered manifests) */
  maxStdout?: number;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;
const MAX_STDERR = 64 * 1024;

export function runTool(bin: string, args: string[], signal: AbortSignal, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ code: null, stdout: '', stderr: '', stopped: 'aborted' });
    const child = spawn(bin, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let stopped: RunResult['stopped'];
    const maxOut = opts.maxStdout ?? 256 * 1024 * 1024;
    child.stdout.on('data', (b: Buffer) => {
      outLen += b.length;
      if (outLen <= maxOut) out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < MAX_STDERR) err.push(b);
      errLen += b.length;
    });
    const kill = (why: 'timeout' | 'aborted') => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const onAbort = () => kill('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS);
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (e) => {
      spawnError = e as NodeJS.ErrnoException;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      const stdout = outLen > maxOut ? '' : Buffer.concat(out).toString('utf8');
      resolve({ code, stdout, stderr: Buffer.concat(err).toString('utf8'), ...(stopped ? { stopped } : {}), ...(spawnError ? { spawnError } : {}), ...(outLen > maxOut ? { tooLarge: true } : {}) });
    });
  });
}
