// Keyed, debounced timers for the controllers: one pending run per key, never keeping the process
// alive (every timer is unref'd), all cancelled by stop().

export interface SchedulerOptions {
  /** called when a scheduled function throws; the default is silent unless PLUMB_CLUSTER_DEBUG is set */
  onError?: (key: string, err: unknown) => void;
  /** how often a failing run is retried before it is dropped */
  maxRetries?: number;
}

interface Pending { at: number; timer: NodeJS.Timeout; fn: () => void; attempt: number }

export class Scheduler {
  private readonly pending = new Map<string, Pending>();
  private stopped = false;
  private readonly onError: (key: string, err: unknown) => void;
  private readonly maxRetries: number;

  constructor(opts: SchedulerOptions = {}) {
    this.onError = opts.onError ?? defaultOnError;
    this.maxRetries = opts.maxRetries ?? 5;
  }

  /**
   * Run `fn` after `delayMs` under `key`. If the key is already pending, the earlier of the two
   * deadlines wins and the newest function is kept (it reads fresh state anyway).
   */
  schedule(key: string, delayMs: number, fn: () => void, attempt = 0): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(0, delayMs);
    const cur = this.pending.get(key);
    if (cur && cur.at <= at) { cur.fn = fn; return; }
    if (cur) clearTimeout(cur.timer);
    const timer = setTimeout(() => this.run(key), Math.max(0, delayMs));
    timer.unref();
    this.pending.set(key, { at, timer, fn, attempt });
  }

  isPending(key: string): boolean { return this.pending.has(key); }

  cancel(key: string): void {
    const cur = this.pending.get(key);
    if (!cur) return;
    clearTimeout(cur.timer);
    this.pending.delete(key);
  }

  /** Cancel every pending key that starts with `prefix`. */
  cancelPrefix(prefix: string): void {
    for (const k of [...this.pending.keys()]) if (k.startsWith(prefix)) this.cancel(k);
  }

  get size(): number { return this.pending.size; }

  stop(): void {
    this.stopped = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private run(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    if (this.stopped) return;
    try {
      p.fn();
    } catch (err) {
      this.onError(key, err);
      // Retry with backoff: a write can lose a race with a client write (409) and succeed later.
      if (p.attempt < this.maxRetries && !this.pending.has(key)) this.schedule(key, 50 * 2 ** p.attempt, p.fn, p.attempt + 1);
    }
  }
}

function defaultOnError(key: string, err: unknown): void {
  if (process.env['PLUMB_CLUSTER_DEBUG']) console.error(`[controllers] ${key}:`, err);
}

/** Run a listener body without letting an error escape into the Cluster operation that triggered it. */
export function guarded(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    defaultOnError(what, err);
  }
}
