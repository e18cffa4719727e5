// The object store: one global resourceVersion counter (etcd-like), a bounded event history for
// watch replay, and an optional write-ahead log so a 2xx write survives a killed process.
import type { KObject } from '../api/types.js';
import type { Journal } from './journal.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  /** group/resource key, e.g. `apps/deployments`, `/configmaps` */
  gr: string;
  object: KObject;
  /** the object before this event (undefined for ADDED) — selectors need it to compute transitions */
  previous?: KObject;
  rv: number;
}

export const grKey = (group: string, plural: string) => `${group}/${plural}`;
// NUL sorts before every character a name may hold, so key order = (namespace, name) order.
const objKey = (ns: string | undefined, name: string) => `${ns ?? ''}\u0000${name}`;

export interface StoreOptions {
  /** first resourceVersion handed out (deterministic tests) */
  startRv?: number;
  /** how many events watches can replay */
  historySize?: number;
  journal?: Journal;
}

export class Store {
  private rv: number;
  private readonly data = new Map<string, Map<string, KObject>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly history: StoreEvent[] = [];
  private readonly historySize: number;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly journal?: Journal;
  /** lowest RV a watch may resume from; older ones get 410 Gone */
  private oldestReplayable: number;

  constructor(opts: StoreOptions = {}) {
    this.rv = opts.startRv ?? 1000;
    this.historySize = opts.historySize ?? 10_000;
    this.journal = opts.journal;
    if (this.journal) {
      const loaded = this.journal.load();
      for (const rec of loaded.objects) this.bucket(rec.gr).set(objKey(rec.object.metadata.namespace, rec.object.metadata.name!), rec.object);
      this.rv = Math.max(this.rv, loaded.rv);
    }
    this.oldestReplayable = this.rv;
  }

  get resourceVersion(): number { return this.rv; }
  get oldestResourceVersion(): number { return this.oldestReplayable; }

  private bucket(gr: string): Map<string, KObject> {
    let b = this.data.get(gr);
    if (!b) { b = new Map(); this.data.set(gr, b); }
    return b;
  }

  get(gr: string, ns: string | undefined, name: string): KObject | undefined {
    return this.data.get(gr)?.get(objKey(ns, name));
  }

  /** Objects of a resource, sorted by namespace then name (etcd key order). */
  list(gr: string, ns?: string): KObject[] {
    const b = this.data.get(gr);
    if (!b) return [];
    // Keys sorted once per change of membership: paged lists of 10 000 objects stay cheap.
    let keys = this.sortedKeys.get(gr);
    if (!keys) {
      keys = [...b.keys()].sort(cmp);
      this.sortedKeys.set(gr, keys);
    }
    const out: KObject[] = [];
    for (const k of keys) {
      const o = b.get(k)!;
      if (ns === undefined || o.metadata.namespace === ns) out.push(o);
    }
    return out;
  }

  count(gr: string): number { return this.data.get(gr)?.size ?? 0; }

  /** Every resource key that has objects. */
  resources(): string[] { return [...this.data.keys()].filter((k) => this.data.get(k)!.size > 0); }

  /** Store a new object: assigns the next RV. The object must not be mutated afterwards. */
  create(gr: string, obj: KObject): KObject {
    const key = objKey(obj.metadata.namespace, obj.metadata.name!);
    const stored = this.stamp(obj);
    this.persist({ op: 'put', gr, object: stored });
    this.bucket(gr).set(key, stored);
    this.sortedKeys.delete(gr);
    this.emit({ type: 'ADDED', gr, object: stored, rv: this.rv });
    return stored;
  }

  update(gr: string, obj: KObject): KObject {
    const key = objKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = this.bucket(gr).get(key);
    const stored = this.stamp(obj);
    this.persist({ op: 'put', gr, object: stored });
    this.bucket(gr).set(key, stored);
    this.emit({ type: 'MODIFIED', gr, object: stored, previous, rv: this.rv });
    return stored;
  }

  /** Remove an object; the DELETED event carries its last state with a new RV. */
  remove(gr: string, ns: string | undefined, name: string): KObject | undefined {
    const key = objKey(ns, name);
    const previous = this.bucket(gr).get(key);
    if (!previous) return undefined;
    const last = this.stamp(previous);
    this.persist({ op: 'del', gr, object: last });
    this.bucket(gr).delete(key);
    this.sortedKeys.delete(gr);
    this.emit({ type: 'DELETED', gr, object: last, previous, rv: this.rv });
    return last;
  }

  /** Events after `rv` for a resource, or undefined when that RV is older than the history. */
  since(gr: string, rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestReplayable) return undefined;
    return this.history.filter((e) => e.rv > rv && e.gr === gr);
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Forget history older than now: later watches from an older RV get 410 (fault injection, tests). */
  compact(): void {
    this.history.length = 0;
    this.oldestReplayable = this.rv;
  }

  close(): void { this.journal?.close(); }

  private stamp(obj: KObject): KObject {
    this.rv++;
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } };
  }

  private persist(rec: { op: 'put' | 'del'; gr: string; object: KObject }): void {
    this.journal?.append({ ...rec, rv: this.rv });
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > this.historySize) {
      const dropped = this.history.splice(0, this.history.length - this.historySize);
      this.oldestReplayable = dropped[dropped.length - 1]!.rv;
    }
    for (const fn of this.listeners) fn(e);
  }
}

function cmp(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }
