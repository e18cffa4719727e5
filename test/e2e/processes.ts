// Child processes in their own process group, so stopping one stops everything it started
// (code-server forks its extension host and file watchers). Every group still running when this
// process exits (a failed test, Ctrl+C) is killed from an exit hook.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** resolves with the exit code (or the signal's name) */
  exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader has exited */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<number>();
let hooked = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => { for (const pid of live) killGroup(pid, 'SIGKILL'); });
}

export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions = {}): GroupProcess {
  hookExit();
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  live.add(pid);
  const exited = new Promise<number | string>((res) => {
    child.once('exit', (code, signal) => { live.delete(pid); res(code ?? signal ?? 'unknown'); });
    child.once('error', (e) => { live.delete(pid); res(e.message); });
  });
  return {
    child, pid, exited,
    async stop(graceMs = 5000) {
      if (!live.has(pid)) {
        killGroup(pid, 'SIGKILL'); // children may outlive the leader
        return;
      }
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL');
    },
  };
}

/** Rejects after `ms` with a message naming what was awaited. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
