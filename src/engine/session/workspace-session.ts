// A long-lived view of one workspace against one cluster, for the editor: the Git half (discover +
// render) is kept until files change, the live half is a LiveCache whose watch events trigger a
// debounced recompute of the verdicts. Listeners get immutable snapshots; no vscode import here.
import { loadKubeconfig } from '../kube/kubeconfig.js';
import { createKubeClient, type KubeClient } from '../kube/client.js';
import { LiveCache } from '../kube/cache.js';
import { isAbort } from '../kube/errors.js';
import { kindsOf, renderWorkspace, statusFromCache, type RenderedWorkspace, type StatusResult } from '../status/app-status.js';
import type { AppSpec, EngineProblem, KubeObject, ObjectRef, RenderedObject } from '../types.js';
import { Debouncer } from './debounce.js';

export interface SessionLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export type ConnectionState = 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'error';

export interface ConnectionInfo {
  state: ConnectionState;
  context?: string;
  server?: string;
  namespace?: string;
  /** why offline / in error / reconnecting, worded for the user */
  message?: string;
}

export interface SessionSnapshot {
  /** increases with every snapshot */
  seq: number;
  /** when the verdicts were computed (ISO) */
  at: string;
  repoRoot: string;
  connection: ConnectionInfo;
  status: StatusResult;
  /** the selected apps' specs, in the order of status.apps */
  specs: AppSpec[];
  /** app name → rendered objects with their source locations (inline drift maps fields to lines) */
  rendered: ReadonlyMap<string, RenderedObject[]>;
}

export interface SessionOptions {
  repoRoot: string;
  env: Record<string, string | undefined>;
  /** an explicit kubeconfig file (else $KUBECONFIG, then ~/.kube/config) */
  kubeconfig?: string;
  /** a context other than the current one */
  context?: string;
  log?: SessionLogger;
  /** quiet period after watch events or file changes before recomputing (default 300 ms) */
  debounceMs?: number;
  /** confirm local drift with a server-side dry-run (default true) */
  confirmWithDryRun?: boolean;
  /** never connect (restricted mode or the user said so) */
  offline?: boolean;
}

const silent: SessionLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

export class WorkspaceSession {
  private readonly abort = new AbortController();
  private readonly listeners = new Set<(s: SessionSnapshot) => void>();
  private readonly log: SessionLogger;
  private readonly debouncer: Debouncer;
  private kubeClient?: KubeClient;
  private clientAbort?: AbortController;
  private cache?: LiveCache;
  private unwatch?: () => void;
  private workspace?: RenderedWorkspace;
  private current?: SessionSnapshot;
  private connection: ConnectionInfo = { state: 'offline', message: 'not connected yet' };
  private seq = 0;
  private running?: Promise<SessionSnapshot>;
  private again: { rerender: boolean } | undefined;
  private connected = false;

  constructor(private readonly opts: SessionOptions) {
    this.log = opts.log ?? silent;
    this.debouncer = new Debouncer(opts.debounceMs ?? 300, (rerender) => { void this.refresh({ rerender }).catch(() => {}); });
  }

  get signal(): AbortSignal { return this.abort.signal; }
  get repoRoot(): string { return this.opts.repoRoot; }
  get context(): string | undefined { return this.connection.context ?? this.opts.context; }
  snapshot(): SessionSnapshot | undefined { return this.current; }
  client(): KubeClient | undefined { return this.kubeClient; }
  /** the cached live object, when the cluster is connected and the kind is watched */
  live(ref: ObjectRef): KubeObject | undefined { return this.cache?.get(ref); }

  onDidChange(fn: (s: SessionSnapshot) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Files under the repository changed (saved, created, deleted): re-render after the quiet period. */
  filesChanged(): void { this.debouncer.schedule(true); }

  /** Switch to another kube context: the cache is rebuilt, the render kept. */
  async setContext(context: string | undefined): Promise<SessionSnapshot> {
    this.opts.context = context;
    this.disconnect();
    return this.refresh();
  }

  /**
   * Recompute now. `rerender` re-reads Git (discovery + render); otherwise only the verdicts are
   * recomputed from the cache. Concurrent calls coalesce: at most one runs, one more follows.
   */
  refresh(opts: { rerender?: boolean } = {}): Promise<SessionSnapshot> {
    const rerender = opts.rerender ?? false;
    if (this.running) {
      this.again = { rerender: rerender || (this.again?.rerender ?? false) };
      return this.running.then(() => this.running ?? this.refresh({ rerender }));
    }
    this.running = this.compute(rerender).finally(() => {
      this.running = undefined;
      const next = this.again;
      this.again = undefined;
      if (next) void this.refresh(next).catch(() => {});
    });
    return this.running;
  }

  dispose(): void {
    this.debouncer.dispose();
    this.disconnect();
    this.abort.abort();
    this.listeners.clear();
  }

  private async compute(rerender: boolean): Promise<SessionSnapshot> {
    const signal = this.abort.signal;
    const started = Date.now();
    if (rerender || !this.workspace) this.workspace = await renderWorkspace({ repoRoot: this.opts.repoRoot, signal });
    const ws = this.workspace;
    if (!this.opts.offline && !this.connected) await this.connect();
    if (this.cache) {
      try {
        await this.cache.watchKinds(kindsOf(ws));
      } catch (e) {
        if (isAbort(e) || signal.aborted) throw e;
        this.log.warn(`watching the cluster failed: ${(e as Error).message}`);
      }
    }
    const status = await statusFromCache(ws, this.cache, {
      repoRoot: this.opts.repoRoot, signal, client: this.kubeClient, confirmWithDryRun: this.opts.confirmWithDryRun,
    });
    this.updateConnectionFromCache();
    const rendered = new Map<string, RenderedObject[]>();
    for (const { app, render } of ws.apps) rendered.set(app.name, render.objects);
    const snap: SessionSnapshot = {
      seq: ++this.seq, at: new Date().toISOString(), repoRoot: this.opts.repoRoot, connection: { ...this.connection },
      status, specs: ws.apps.map((a) => a.app), rendered,
    };
    this.current = snap;
    this.log.debug(`status #${snap.seq}: ${status.apps.length} apps in ${Date.now() - started} ms${rerender ? ' (re-rendered)' : ''}`);
    for (const fn of [...this.listeners]) {
      try { fn(snap); } catch (e) { this.log.error(`a status listener failed: ${(e as Error).message}`); }
    }
    return snap;
  }

  private async connect(): Promise<void> {
    this.connected = true;
    const kc = await loadKubeconfig({ env: this.opts.env, explicitPath: this.opts.kubeconfig, context: this.opts.context, cwd: this.opts.repoRoot });
    for (const p of kc.problems) this.log.warn(problemText(p));
    if (!kc.config) {
      const why = kc.problems.find((p) => p.severity === 'error')?.message ?? 'no kubeconfig found: set plumb.kubeconfig or KUBECONFIG';
      this.connection = { state: 'error', context: this.opts.context ?? kc.currentContext, message: why };
      return;
    }
    const context = this.opts.context ?? kc.currentContext;
    this.clientAbort = new AbortController();
    this.kubeClient = createKubeClient(kc.config, { signal: this.clientAbort.signal, env: this.opts.env, log: (l) => this.log.debug(l) });
    const server = kc.config.server;
    this.connection = { state: 'connecting', context, server, namespace: kc.config.namespace };
    try {
      await this.kubeClient.discovery.resources(this.abort.signal);
      this.connection = { ...this.connection, state: 'connected', message: undefined };
      this.log.info(`connected to ${context ?? 'the cluster'} (${server ?? 'unknown server'})`);
    } catch (e) {
      if (this.abort.signal.aborted) throw e;
      const message = (e as Error).message;
      this.log.warn(`cannot reach ${context ?? 'the cluster'}: ${message}`);
      this.connection = { ...this.connection, state: 'error', message };
      this.disconnect();
      this.connected = true; // stay offline until the user retries (refresh with reconnect)
      return;
    }
    this.cache = new LiveCache(this.kubeClient, { signal: this.clientAbort.signal });
    this.unwatch = this.cache.onChange((c) => {
      if (c.type === 'state') this.log.debug(`${c.kind}${c.group ? `.${c.group}` : ''}: ${c.status.state}`);
      this.debouncer.schedule(false);
    });
  }

  /** Forget the connection: the next refresh connects again (retry after an error, context switch). */
  disconnect(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.cache?.close();
    this.cache = undefined;
    this.clientAbort?.abort();
    this.clientAbort = undefined;
    this.kubeClient = undefined;
    this.connected = false;
    if (this.connection.state !== 'error') this.connection = { state: 'offline', message: 'not connected' };
  }

  private updateConnectionFromCache(): void {
    if (!this.cache || this.connection.state === 'error') return;
    const problems = this.cache.problems();
    const reconnecting = problems.find((p) => /reconnect|unreachable|ECONN|timed out/i.test(p.message));
    this.connection = reconnecting
      ? { ...this.connection, state: 'reconnecting', message: reconnecting.message }
      : { ...this.connection, state: 'connected', message: undefined };
  }
}

function problemText(p: EngineProblem): string {
  return p.location ? `${p.location.file}:${p.location.line}: ${p.message}` : p.message;
}
