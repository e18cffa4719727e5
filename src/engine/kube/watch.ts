// A watch response as an async iterator of events: newline-delimited JSON, resourceVersion
// bookkeeping (including bookmarks), and 410 Gone turned into an EXPIRED event that tells the
// consumer to list again.
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../types.js';
import { errorFromResponse, errorFromTransport, KubeError, type RequestSubject } from './errors.js';

export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject }
  | { type: 'BOOKMARK'; resourceVersion: string }
  /** the resourceVersion is too old (410): list again, then watch from the new list */
  | { type: 'EXPIRED'; message: string };

export interface WatchStream extends AsyncIterable<WatchEvent> {
  /** the last resourceVersion seen (from events or bookmarks); resume from here */
  readonly resourceVersion: string;
  close(): void;
}

/** Parses an open watch response. `fill` gives apiVersion/kind to objects that lack them. */
export function watchStream(
  res: IncomingMessage,
  startRv: string,
  subject: RequestSubject,
  fill: { apiVersion: string; kind: string },
  /** true when the consumer ended the watch (abort, client closed): the stream ends quietly */
  cancelled: () => boolean,
  /** no byte for this long: the connection is presumed dead (the server's own timeout has passed) */
  idleMs?: number,
): WatchStream {
  let rv = startRv;
  let idle: NodeJS.Timeout | undefined;
  const touch = () => {
    if (!idleMs) return;
    if (idle) idle.refresh();
    else idle = setTimeout(() => res.destroy(Object.assign(new Error('the watch went silent'), { code: 'ETIMEDOUT' })), idleMs).unref();
  };
  let closed = false;
  const close = () => { closed = true; res.destroy(); };
  /** The event of one line (undefined for lines to skip); an ERROR other than 410 throws. */
  function eventOf(line: string): WatchEvent | undefined {
    const ev = parseLine(line);
    if (!ev) return undefined;
    if (ev.type === 'ERROR') {
      const st = ev.object as { code?: number; message?: string };
      if (st.code === 410) return { type: 'EXPIRED', message: st.message ?? 'too old resource version' };
      throw errorFromResponse(st.code ?? 500, JSON.stringify(st), subject);
    }
    const obj = ev.object as KubeObject;
    const objRv = obj?.metadata?.resourceVersion;
    if (typeof objRv === 'string' && objRv) rv = objRv;
    if (ev.type === 'BOOKMARK') return { type: 'BOOKMARK', resourceVersion: rv };
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return undefined;
    if (!obj.apiVersion) obj.apiVersion = fill.apiVersion;
    if (!obj.kind) obj.kind = fill.kind;
    return { type: ev.type, object: obj };
  }
  async function* events(): AsyncGenerator<WatchEvent> {
    let buf = '';
    res.setEncoding('utf8');
    try {
      touch();
      for await (const chunk of res as AsyncIterable<string>) {
        touch();
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          const ev = line ? eventOf(line) : undefined;
          if (!ev) continue;
          yield ev;
          if (ev.type === 'EXPIRED') return;
        }
      }
      // The last event may end the stream without a newline (a server answering one ERROR event
      // as a plain JSON body does): a 410 lost here would leave the consumer resuming forever.
      const ev = buf.trim() ? eventOf(buf.trim()) : undefined;
      if (ev) yield ev;
    } catch (e) {
      if (e instanceof KubeError) throw e;
      if (closed || cancelled()) return; // ended by us: not an error
      throw errorFromTransport(e, subject);
    } finally {
      if (idle) clearTimeout(idle);
      res.destroy();
    }
  }
  const it = events();
  return {
    get resourceVersion() { return rv; },
    close,
    [Symbol.asyncIterator]: () => it,
  };
}

function parseLine(line: string): { type: string; object: unknown } | undefined {
  try {
    const v = JSON.parse(line) as { type?: unknown; object?: unknown };
    return typeof v?.type === 'string' && v.object && typeof v.object === 'object' ? { type: v.type, object: v.object } : undefined;
  } catch {
    return undefined; // like client-go's decoder on a torn line: skip it; a gap is healed by resuming from rv
  }
}
