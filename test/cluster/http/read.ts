// GET, LIST and WATCH (spec §2.5, §2.6), including Table output and chunked lists.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, expired } from '../api/errors.js';
import { groupVersion, type KObject, type ResourceType } from '../api/types.js';
import type { Cluster } from '../core/cluster.js';
import * as sem from '../core/semantics.js';
import type { StoreEvent } from '../store/store.js';
import { baseHeaders, sendJson } from './respond.js';
import { intParam, wantsTable } from './params.js';

export interface ReadContext {
  cluster: Cluster;
  t: ResourceType;
  namespace?: string;
  query: URLSearchParams;
  accept?: string;
}

type Filter = (o: KObject) => boolean;

function buildFilter(ctx: ReadContext): Filter {
  const ls = ctx.query.get('labelSelector');
  const fs = ctx.query.get('fieldSelector');
  const labelOk = ls ? sem.labelMatcher(ls) : undefined;
  const fieldOk = fs ? sem.fieldMatcher(ctx.t, fs) : undefined;
  return (o) => (!labelOk || labelOk(o.metadata.labels ?? {})) && (!fieldOk || fieldOk(o));
}

/** Built-in list items carry no kind/apiVersion; custom resources keep them (spec §2.5). */
function listItem(t: ResourceType, o: KObject): KObject {
  if (t.custom) return o;
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KObject;
}

function tableOf(ctx: ReadContext, objs: KObject[], rv: string, cont?: string, noHeaders = false): unknown {
  return sem.toTable(ctx.cluster, ctx.t, objs, { now: ctx.cluster.now(), resourceVersion: rv, continueToken: cont, noHeaders });
}

export function handleGet(ctx: ReadContext, res: ServerResponse, name: string): void {
  const o = ctx.cluster.get(ctx.t, ctx.namespace, name);
  if (wantsTable(ctx.accept)) return sendJson(res, 200, tableOf(ctx, [o], o.metadata.resourceVersion ?? ''));
  sendJson(res, 200, o);
}

interface ContinueToken { rv: string; after: string }

export function handleList(ctx: ReadContext, res: ServerResponse): void {
  const { query, t, cluster } = ctx;
  if (query.get('resourceVersionMatch') && !query.get('resourceVersion')) {
    throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  }
  const filter = buildFilter(ctx);
  const limit = intParam(query, 'limit');
  const contRaw = query.get('continue');
  let token: ContinueToken | undefined;
  if (contRaw) {
    try { token = JSON.parse(Buffer.from(contRaw, 'base64url').toString('utf8')) as ContinueToken; } catch { token = undefined; }
    if (!token || typeof token.after !== 'string') throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
  let items = cluster.list(t, ctx.namespace).filter(filter);
  const rv = token?.rv ?? String(cluster.store.resourceVersion);
  if (token) items = items.filter((o) => keyOf(o) > token!.after);
  let cont: string | undefined;
  let remaining: number | undefined;
  if (limit && limit > 0 && items.length > limit) {
    remaining = items.length - limit;
    items = items.slice(0, limit);
    cont = Buffer.from(JSON.stringify({ rv, after: keyOf(items[items.length - 1]!) } satisfies ContinueToken)).toString('base64url');
  }
  if (wantsTable(ctx.accept)) return sendJson(res, 200, tableOf(ctx, items, rv, cont));
  const meta: Record<string, unknown> = { resourceVersion: rv };
  if (cont) { meta['continue'] = cont; meta['remainingItemCount'] = remaining; }
  sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: groupVersion(t), metadata: meta, items: items.map((o) => listItem(t, o)) });
}

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;

export interface WatchRegistry { add(close: () => void): () => void }

/** A watch stream: newline-delimited JSON events over chunked HTTP. */
export function handleWatch(ctx: ReadContext, _req: IncomingMessage, res: ServerResponse, watches: WatchRegistry): void {
  const { query, t, cluster } = ctx;
  const filter = buildFilter(ctx);
  const table = wantsTable(ctx.accept);
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const timeout = intParam(query, 'timeoutSeconds');
  const rvParam = query.get('resourceVersion') ?? '';
  const gr = cluster.gr(t);
  const inScope = (o: KObject) => !t.namespaced || ctx.namespace === undefined || o.metadata.namespace === ctx.namespace;

  baseHeaders(res);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders(); // clients wait for the headers before they count the watch as started
  let headersSent = false;
  let closed = false;
  const write = (type: string, o: KObject) => {
    if (closed) return;
    let object: unknown = o;
    if (table && type !== 'ERROR' && type !== 'BOOKMARK') {
      object = tableOf(ctx, [o], o.metadata.resourceVersion ?? '', undefined, headersSent);
      headersSent = true;
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };

  const sendEvent = (e: StoreEvent) => {
    if (e.gr !== gr) return;
    const cur = cluster.present(t, e.object);
    const prev = e.previous && cluster.present(t, e.previous);
    const nowMatch = inScope(cur) && filter(cur);
    const wasMatch = !!prev && inScope(prev) && filter(prev);
    if (e.type === 'ADDED') { if (nowMatch) write('ADDED', cur); return; }
    if (e.type === 'DELETED') { if (wasMatch || nowMatch) write('DELETED', cur); return; }
    if (nowMatch && wasMatch) write('MODIFIED', cur);
    else if (nowMatch) write('ADDED', cur);
    else if (wasMatch) write('DELETED', cur); // left the selection: clients see it go away
  };

  let unsubscribe = () => {};
  const stop = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(bm);
    if (timer) clearTimeout(timer);
    unregister();
    res.end();
  };
  // Dropping ends the stream cleanly, as kube-apiserver does when it closes watches; clients resume from their last RV.
  const unregister = watches.add(() => stop());

  if (rvParam === '' || rvParam === '0') {
    for (const o of cluster.list(t, ctx.namespace)) if (filter(o)) write('ADDED', o);
    unsubscribe = cluster.store.subscribe(sendEvent);
  } else {
    const from = Number(rvParam);
    const history = Number.isFinite(from) ? cluster.store.since(gr, from) : undefined;
    if (!history) {
      const gone = expired(`too old resource version: ${rvParam} (${cluster.store.oldestResourceVersion})`);
      res.write(JSON.stringify({ type: 'ERROR', object: gone.toBody() }) + '\n');
      closed = true;
      unregister();
      res.end();
      return;
    }
    for (const e of history) sendEvent(e);
    unsubscribe = cluster.store.subscribe(sendEvent);
  }
  const bm = setInterval(() => {
    if (!bookmarks || closed) return;
    res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: t.kind, apiVersion: groupVersion(t), metadata: { resourceVersion: String(cluster.store.resourceVersion) } } }) + '\n');
  }, 10_000);
  bm.unref();
  const timer = timeout !== undefined ? setTimeout(stop, Math.max(timeout, 0) * 1000) : setTimeout(stop, 30 * 60 * 1000);
  timer.unref();
  res.on('close', stop); // not req: an IncomingMessage closes once its body is read
  res.on('error', stop);
}
