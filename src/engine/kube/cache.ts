// LiveCache: a shared list+watch cache of only the kinds the apps use. Per kind (and per
// namespace when restricted to namespaces): list, then watch from the list's resourceVersion;
// after a dropped watch resume from the last resourceVersion seen; on 410 list again and emit a
// resync; a 403 on one kind marks that kind forbidden and leaves the others running.
import type { EngineProblem, KubeObject, ObjectRef } from '../types.js';
import type { KubeClient } from './client.js';
import type { GroupKind, ResourceInfo } from './discovery.js';
import { isAbort, KubeError } from './errors.js';
import { sleep } from './transport.js';

export type KindState = 'syncing' | 'synced' | 'reconnecting' | 'forbidden' | 'error';

export interface KindStatus {
  group: string;
  kind: string;
  /** the version watched (preferred unless asked otherwise); known once discovery answered */
  version?: string;
  state: KindState;
  /** why the kind is forbidden / in error / reconnecting */
  problem?: EngineProblem;
  /** objects cached */
  count: number;
  namespaced?: boolean;
}

export type CacheChange =
  | { type: 'added' | 'modified' | 'deleted'; group: string; kind: string; object: KubeObject; previous?: KubeObject }
  /** the kind's objects were replaced by a fresh list: recompute everything of that kind */
  | { type: 'resync'; group: string; kind: string; reason: 'initial' | 'expired' | 'relist' }
  | { type: 'state'; group: string; kind: string; status: KindStatus };

export interface LiveCacheOptions {
  /** watch namespaced kinds only in these namespaces (one list+watch each); cluster-wide when absent */
  namespaces?: string[];
  labelSelector?: string;
  signal?: AbortSignal;
  /** reconnect backoff: first step (default 500 ms) and cap (default 30 s) */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** a forbidden kind is tried again after this long (default 5 min): RBAC may change */
  forbiddenRetryMs?: number;
}

const gkKey = (group: string, kind: string) => `${group}/${kind}`;
const objKey = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

interface Stream {
  namespace?: string;
  objects: Map<string, KubeObject>;
  state: KindState;
  problem?: EngineProblem;
  listed: boolean;
  settled: Promise<void>;
  settle: () => void;
}

interface Kind {
  group: string;
  kind: string;
  version?: string;
  resource?: ResourceInfo;
  streams: Stream[];
  /** before discovery answered: the kind's own state */
  pre: { state: KindState; problem?: EngineProblem };
  settled: Promise<void>;
}

export class LiveCache {
  private readonly kinds = new Map<string, Kind>();
  private readonly listeners = new Set<(c: CacheChange) => void>();
  private readonly abort = new AbortController();

  constructor(private readonly client: KubeClient, private readonly opts: LiveCacheOptions = {}) {
    opts.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /**
   * Start caching these kinds (already cached ones are kept, with the version they were first
   * asked for; the group's preferred version when none). Resolves once each of them has its
   * first list, or has failed (forbidden / error): read state() for which.
   */
  async watchKinds(kinds: GroupKind[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const gk of kinds) {
      const key = gkKey(gk.group, gk.kind);
      let k = this.kinds.get(key);
      if (!k) {
        let settleKind!: () => void;
        k = { group: gk.group, kind: gk.kind, version: gk.version, streams: [], pre: { state: 'syncing' }, settled: new Promise((r) => { settleKind = r; }) };
        this.kinds.set(key, k);
        void this.runKind(k, settleKind);
      }
      waits.push(k.settled);
    }
    await Promise.all(waits);
  }

  /** Resolves when every kind has had its first list (or failed). */
  async waitForSync(): Promise<void> {
    await Promise.all([...this.kinds.values()].map((k) => k.settled));
  }

  get(ref: ObjectRef): KubeObject | undefined {
    const k = this.kinds.get(gkKey(ref.group, ref.kind));
    if (!k) return undefined;
    const key = objKey(k.resource?.namespaced === false ? undefined : ref.namespace, ref.name);
    for (const s of k.streams) {
      const o = s.objects.get(key);
      if (o) return o;
    }
    return undefined;
  }

  /** Cached objects of a kind, in one namespace or all. */
  list(gk: { group: string; kind: string }, namespace?: string): KubeObject[] {
    const k = this.kinds.get(gkKey(gk.group, gk.kind));
    if (!k) return [];
    const out: KubeObject[] = [];
    for (const s of k.streams) {
      if (namespace !== undefined && s.namespace !== undefined && s.namespace !== namespace) continue;
      for (const o of s.objects.values()) if (namespace === undefined || o.metadata?.namespace === namespace) out.push(o);
    }
    return out;
  }

  /** Listen to changes (called synchronously per event: debounce in the listener). */
  onChange(fn: (c: CacheChange) => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  state(gk: { group: string; kind: string }): KindStatus | undefined {
    const k = this.kinds.get(gkKey(gk.group, gk.kind));
    return k && this.statusOf(k);
  }

  states(): KindStatus[] { return [...this.kinds.values()].map((k) => this.statusOf(k)); }

  /** Problems of kinds that are forbidden, in error or reconnecting. */
  problems(): EngineProblem[] {
    return this.states().flatMap((s) => (s.problem ? [s.problem] : []));
  }

  close(): void {
    this.abort.abort();
    this.listeners.clear();
  }

  // ---------- internals ----------

  private get signal() { return this.abort.signal; }

  private emit(c: CacheChange): void {
    for (const fn of this.listeners) {
      try { fn(c); } catch { /* a failing listener must not stop the watch */ }
    }
  }

  private statusOf(k: Kind): KindStatus {
    const rank: Record<KindState, number> = { synced: 0, syncing: 1, reconnecting: 2, error: 3, forbidden: 4 };
    let state = k.pre.state;
    let problem = k.pre.problem;
    if (k.streams.length) {
      state = 'synced';
      problem = undefined;
      for (const s of k.streams) if (rank[s.state] > rank[state]) { state = s.state; problem = s.problem; }
    }
    const count = k.streams.reduce((n, s) => n + s.objects.size, 0);
    return { group: k.group, kind: k.kind, version: k.resource?.version ?? k.version, state, problem, count, namespaced: k.resource?.namespaced };
  }

  private setState(k: Kind, s: Stream | undefined, state: KindState, problem?: EngineProblem): void {
    const target = s ?? k.pre;
    if (target.state === state && target.problem?.message === problem?.message) return;
    target.state = state;
    target.problem = problem;
    this.emit({ type: 'state', group: k.group, kind: k.kind, status: this.statusOf(k) });
  }

  private backoff(n: number): number {
    const ms = Math.min((this.opts.backoffMs ?? 500) * 2 ** Math.max(0, n - 1), this.opts.maxBackoffMs ?? 30_000);
    return ms / 2 + Math.random() * (ms / 2);
  }

  private problemFor(k: Kind, e: unknown, ns?: string, reconnecting = false): EngineProblem {
    const what = `${k.kind}${k.group ? `.${k.group}` : ''}${ns ? ` in namespace "${ns}"` : ''}`;
    const msg = (e as Error).message;
    return reconnecting
      ? { severity: 'warning', message: `live state of ${what} may be out of date (reconnecting): ${msg}` }
      : { severity: 'error', message: `live state of ${what} is unavailable: ${msg}` };
  }

  private async runKind(k: Kind, settleKind: () => void): Promise<void> {
    // Discovery first: which resource, and whether it is namespaced.
    for (let n = 1; !this.signal.aborted; n++) {
      try {
        k.resource = await this.client.resourceFor({ group: k.group, version: k.version, kind: k.kind }, { signal: this.signal });
        break;
      } catch (e) {
        if (this.signal.aborted || isAbort(e)) return;
        this.setState(k, undefined, stateFor(e), this.problemFor(k, e));
        settleKind();
        await sleep(this.retryDelay(e, n), this.signal).catch(() => undefined);
      }
    }
    if (this.signal.aborted || !k.resource) { settleKind(); return; }
    const nss = k.resource.namespaced && this.opts.namespaces?.length ? this.opts.namespaces : [undefined];
    k.streams = nss.map((namespace) => {
      let settle!: () => void;
      const settled = new Promise<void>((r) => { settle = r; });
      return { namespace, objects: new Map(), state: 'syncing' as KindState, listed: false, settled, settle };
    });
    void Promise.all(k.streams.map((s) => s.settled)).then(settleKind);
    await Promise.all(k.streams.map((s) => this.runStream(k, k.resource!, s)));
  }

  private retryDelay(e: unknown, n: number): number {
    if (e instanceof KubeError && e.code === 403) return this.opts.forbiddenRetryMs ?? 300_000;
    const ra = e instanceof KubeError ? e.details?.retryAfterSeconds : undefined;
    return ra !== undefined ? Math.max(ra * 1000, this.backoff(n)) : this.backoff(n);
  }

  private async runStream(k: Kind, r: ResourceInfo, s: Stream): Promise<void> {
    const gk = { group: r.group, version: r.version, kind: r.kind };
    const sel = { namespace: s.namespace, labelSelector: this.opts.labelSelector, signal: this.signal };
    let rv: string | undefined;
    let relistReason: 'initial' | 'expired' | 'relist' = 'initial';
    let failures = 0;
    while (!this.signal.aborted) {
      try {
        if (rv === undefined) {
          const l = await this.client.list(gk, sel);
          this.replace(k, s, l.items, relistReason);
          rv = l.resourceVersion;
          s.listed = true;
          this.setState(k, s, 'synced');
          s.settle();
        }
        const started = Date.now();
        const w = await this.client.watch(gk, { ...sel, resourceVersion: rv });
        if (s.state !== 'synced') this.setState(k, s, 'synced');
        failures = 0;
        let events = 0;
        for await (const ev of w) {
          if (ev.type === 'EXPIRED') {
            rv = undefined; relistReason = 'expired';
            // Events were missed: until the new list arrives, what is cached is not current.
            this.setState(k, s, 'reconnecting', this.problemFor(k, new Error(`watch expired (${ev.message}), listing again`), s.namespace, true));
            break;
          }
          events++;
          if (ev.type !== 'BOOKMARK') this.applyEvent(k, s, ev.type, ev.object);
          rv = w.resourceVersion || rv;
        }
        // A watch that the server ends at once, again and again, must not become a busy loop.
        if (rv !== undefined && events === 0 && Date.now() - started < 1000) await sleep(this.backoff(++failures), this.signal);
      } catch (e) {
        if (this.signal.aborted || isAbort(e)) return;
        failures++;
        const st = stateFor(e);
        if (e instanceof KubeError && e.code === 410) { rv = undefined; relistReason = 'expired'; }
        else if (e instanceof KubeError && e.code === 404 && rv !== undefined) { rv = undefined; relistReason = 'relist'; }
        const reconnecting = st === 'error' && s.listed;
        this.setState(k, s, reconnecting ? 'reconnecting' : st, this.problemFor(k, e, s.namespace, reconnecting));
        if (st === 'forbidden') {
          // No longer allowed to read: what we hold can no longer be kept current, so drop it.
          if (s.objects.size) this.replace(k, s, [], 'relist');
          rv = undefined; s.listed = false; relistReason = 'relist';
        }
        s.settle();
        await sleep(this.retryDelay(e, failures), this.signal).catch(() => undefined);
      }
    }
  }

  private replace(k: Kind, s: Stream, items: KubeObject[], reason: 'initial' | 'expired' | 'relist'): void {
    s.objects = new Map(items.map((o) => [objKey(o.metadata?.namespace, o.metadata?.name ?? ''), o]));
    this.emit({ type: 'resync', group: k.group, kind: k.kind, reason });
  }

  private applyEvent(k: Kind, s: Stream, type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KubeObject): void {
    const key = objKey(o.metadata?.namespace, o.metadata?.name ?? '');
    const previous = s.objects.get(key);
    if (type === 'DELETED') {
      if (!s.objects.delete(key)) return;
      this.emit({ type: 'deleted', group: k.group, kind: k.kind, object: o, previous });
      return;
    }
    s.objects.set(key, o);
    // ADDED for a known object (replayed history after a resume) is a modification.
    this.emit({ type: previous ? 'modified' : 'added', group: k.group, kind: k.kind, object: o, previous });
  }
}

function stateFor(e: unknown): KindState {
  return e instanceof KubeError && e.code === 403 ? 'forbidden' : 'error';
}
