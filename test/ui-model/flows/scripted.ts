// A scripted user for the flows: each question takes the next scripted answer of its kind and is
// recorded; a question nobody scripted fails the test (the flow asked something unexpected).
import { WorkspaceSession } from '../../../src/engine/session/workspace-session.js';
import type { FlowDeps, FlowPrompt, PickItem } from '../../../src/ui-model/flows/types.js';
import type { SyncEnv } from '../../engine/sync/env.js';

export type Asked =
  | { kind: 'confirm'; message: string; detail: string; action: string }
  | { kind: 'choose'; message: string; detail: string; actions: readonly string[] }
  | { kind: 'text'; message: string; expected: string }
  | { kind: 'pick'; placeholder: string; items: Array<PickItem<unknown>> };

export interface Script {
  confirm?: boolean[];
  choose?: Array<string | undefined>;
  /** what the user types */
  text?: string[];
  /** chooses among the offered items; undefined = dismissed */
  pick?: Array<(items: Array<PickItem<unknown>>) => unknown>;
}

export class ScriptedPrompt implements FlowPrompt {
  readonly asked: Asked[] = [];
  constructor(private readonly script: Script) {}

  private next<K extends keyof Script>(kind: K, what: string): NonNullable<Script[K]>[number] {
    const queue = this.script[kind] as unknown[] | undefined;
    if (!queue?.length) throw new Error(`unscripted ${kind}: ${what}`);
    return queue.shift() as NonNullable<Script[K]>[number];
  }

  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    this.asked.push({ kind: 'confirm', message, detail, action });
    return this.next('confirm', message) as boolean;
  }

  async choose<A extends string>(message: string, detail: string, actions: readonly A[]): Promise<A | undefined> {
    this.asked.push({ kind: 'choose', message, detail, actions });
    const a = this.next('choose', message) as string | undefined;
    if (a !== undefined && !actions.includes(a as A)) throw new Error(`scripted "${a}" is not one of ${actions.join(' | ')}`);
    return a as A | undefined;
  }

  async confirmText(message: string, expected: string): Promise<boolean> {
    this.asked.push({ kind: 'text', message, expected });
    return this.next('text', message) === expected;
  }

  async pick<T>(items: PickItem<T>[], placeholder: string): Promise<T | undefined> {
    this.asked.push({ kind: 'pick', placeholder, items: items as Array<PickItem<unknown>> });
    return (this.next('pick', placeholder) as (i: Array<PickItem<unknown>>) => unknown)(items as Array<PickItem<unknown>>) as T | undefined;
  }
}

export interface TestDeps extends FlowDeps {
  prompt: ScriptedPrompt;
  progressLines: string[];
  increments: number;
  logLines: string[];
  abort: AbortController;
}

/** A connected WorkspaceSession over the env's repository and cluster. */
export async function openSession(env: SyncEnv): Promise<WorkspaceSession> {
  const session = new WorkspaceSession({ repoRoot: env.repo, env: { HOME: env.repo }, kubeconfig: env.kubeconfig, debounceMs: 50 });
  const first = await session.refresh({ rerender: true });
  if (first.connection.state !== 'connected') throw new Error(`session not connected: ${first.connection.message}`);
  return session;
}

export function depsFor(session: WorkspaceSession, script: Script, onProgress?: (message: string, deps: TestDeps) => void): TestDeps {
  const abort = new AbortController();
  const deps: TestDeps = {
    session: { repoRoot: session.repoRoot, client: () => session.client(), snapshot: () => session.snapshot(), live: (ref) => session.live(ref), refresh: () => session.refresh({ rerender: true }) },
    prompt: new ScriptedPrompt(script),
    progressLines: [], increments: 0, logLines: [], abort, signal: abort.signal,
    progress: (r) => { deps.progressLines.push(r.message); deps.increments += r.increment ?? 0; onProgress?.(r.message, deps); },
    log: { info: (m) => deps.logLines.push(`info ${m}`), warn: (m) => deps.logLines.push(`warn ${m}`), error: (m) => deps.logLines.push(`error ${m}`) },
  };
  return deps;
}
