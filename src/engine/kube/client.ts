// A small Kubernetes client on node:https: typed verbs over Transport, kinds resolved through
// discovery (refreshed when a kind is unknown), lists paged with limit/continue, watches as async
// iterators, server-side apply (with dry-run) for the diff and sync. Every call takes an
// AbortSignal; every failure is a KubeError with a message naming the context.
import type { KubeObject } from '../types.js';
import { Discovery, gvString, parseApiVersion, type GroupKind, type ResourceInfo } from './discovery.js';
import { KubeError, isGone, type KubeStatus, type RequestSubject } from './errors.js';
import type { ClusterConfig } from './kubeconfig.js';
import { OpenApiSchemas } from './openapi.js';
import { Transport, type HttpMethod, type TransportOptions } from './transport.js';
import { watchStream, type WatchStream } from './watch.js';

/** Plumb's field manager for server-side apply. */
export const FIELD_MANAGER = 'plumb';

export interface KubeClientOptions extends TransportOptions {
  /** aborting it closes the client (open watches end, sockets are released) */
  signal?: AbortSignal;
}

/** One object: the group's preferred version is used when `version` is absent. */
export interface ObjectTarget { group: string; version?: string; kind: string; namespace?: string; name: string }

export interface CallOptions { signal?: AbortSignal }

export interface ListOptions extends CallOptions {
  /** one namespace; all namespaces when absent (namespaced kinds) */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** page size, default 500 (0 = one request for everything) */
  limit?: number;
}

export interface ListResult { items: KubeObject[]; resourceVersion: string; resource: ResourceInfo }

export interface WatchOptions extends CallOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** start after this resourceVersion (from a list or a previous watch); absent = current state as ADDED events first */
  resourceVersion?: string;
  /** the server ends the watch after this long; default 300–600 s at random, as client-go does */
  timeoutSeconds?: number;
  /** default true */
  allowBookmarks?: boolean;
}

export interface WriteOptions extends CallOptions {
  /** validate and default on the server, persist nothing; the answer is the predicted object */
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface ApplyOptions extends WriteOptions {
  /** take over conflicting fields from other managers */
  force?: boolean;
  /** namespace for namespaced objects without one (default: the context's namespace) */
  defaultNamespace?: string;
}

export type PatchType = 'merge' | 'json' | 'strategic';

export interface DeleteOptions extends CallOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  /** precondition: delete only this version */
  resourceVersion?: string;
}

export interface KubeClient {
  readonly config: ClusterConfig;
  readonly discovery: Discovery;
  readonly openapi: OpenApiSchemas;
  /** The resource serving a kind; throws KubeError reason 'UnknownKind' when the cluster has none. */
  resourceFor(gk: GroupKind, opts?: CallOptions): Promise<ResourceInfo>;
  get(target: ObjectTarget, opts?: CallOptions): Promise<KubeObject>;
  /** Every page; items get apiVersion/kind filled in (the server omits them for built-ins). */
  list(gk: GroupKind, opts?: ListOptions): Promise<ListResult>;
  watch(gk: GroupKind, opts?: WatchOptions): Promise<WatchStream>;
  create(obj: KubeObject, opts?: WriteOptions & { defaultNamespace?: string }): Promise<KubeObject>;
  /** Server-side apply (PATCH application/apply-patch+yaml), field manager `plumb` unless given. */
  apply(obj: KubeObject, opts?: ApplyOptions): Promise<KubeObject>;
  patch(target: ObjectTarget, patch: unknown, type: PatchType, opts?: WriteOptions): Promise<KubeObject>;
  /** PUT (kubectl replace): the object as given replaces the live one; without a resourceVersion the update is unconditional. */
  replace(obj: KubeObject, opts?: WriteOptions & { defaultNamespace?: string }): Promise<KubeObject>;
  /** The deleted (or terminating) object, or the server's Success Status. */
  delete(target: ObjectTarget, opts?: DeleteOptions): Promise<KubeObject | KubeStatus>;
  close(): void;
}

const PATCH_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export function createKubeClient(config: ClusterConfig, opts: KubeClientOptions = {}): KubeClient {
  const transport = new Transport(config, opts);
  const discovery = new Discovery(transport);
  const openapi = new OpenApiSchemas(transport);
  opts.signal?.addEventListener('abort', () => transport.close(), { once: true });

  const subjectOf = (verb: string, r: ResourceInfo | { resource: string; group: string }, namespace?: string, name?: string): Omit<RequestSubject, 'context' | 'server'> => ({
    verb, resource: r.group ? `${r.resource}.${r.group}` : r.resource, namespace, name,
  });

  async function resourceFor(gk: GroupKind, o: CallOptions = {}): Promise<ResourceInfo> {
    const r = await discovery.resourceFor(gk, o.signal);
    if (r) return r;
    const what = `${gk.kind}${gk.group ? `.${gk.group}` : ''}${gk.version ? ` (${gvString(gk.group, gk.version)})` : ''}`;
    throw new KubeError(404, 'UnknownKind', `the cluster of context "${config.context}" does not serve kind ${what}${gk.group ? ' (is its CustomResourceDefinition installed?)' : ''}`);
  }

  const pathOf = (r: ResourceInfo, namespace: string | undefined, name?: string) => {
    const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${prefix}${ns}/${r.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
  };
  const withQuery = (path: string, q: Record<string, string | number | boolean | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    const s = p.toString();
    return s ? `${path}?${s}` : path;
  };
  const fillKind = (o: KubeObject, r: ResourceInfo) => {
    if (!o.apiVersion) o.apiVersion = gvString(r.group, r.version);
    if (!o.kind) o.kind = r.kind;
    return o;
  };
  const targetOf = (obj: KubeObject) => {
    const { group, version } = parseApiVersion(obj.apiVersion ?? '');
    if (!obj.kind || !version) throw new KubeError(0, 'Config', 'the object has no apiVersion or kind');
    return { group, version, kind: obj.kind };
  };
  const nsFor = (r: ResourceInfo, ns: string | undefined, fallback?: string) => (r.namespaced ? ns || fallback || config.namespace : undefined);
  const writeQuery = (o: WriteOptions) => ({ dryRun: o.dryRun ? 'All' : undefined, fieldManager: o.fieldManager, fieldValidation: o.fieldValidation });

  async function send(method: HttpMethod, path: string, subject: ReturnType<typeof subjectOf>, retry: boolean, o: CallOptions, body?: unknown, contentType?: string): Promise<unknown> {
    return transport.json<unknown>({ method, path, subject, retry, signal: o.signal, body: body === undefined ? undefined : JSON.stringify(body), contentType });
  }

  async function listOnce(r: ResourceInfo, o: ListOptions, limit: number): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const path = withQuery(pathOf(r, o.namespace), { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, limit: limit || undefined, continue: cont });
      const page = await send('GET', path, subjectOf('list', r, o.namespace), true, o) as { items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } };
      for (const it of page.items ?? []) items.push(fillKind(it, r));
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return { items, resourceVersion: rv };
  }

  const client: KubeClient = {
    config, discovery, openapi, resourceFor,

    async get(t, o = {}) {
      const r = await resourceFor(t, o);
      const ns = nsFor(r, t.namespace);
      return fillKind(await send('GET', pathOf(r, ns, t.name), subjectOf('get', r, ns, t.name), true, o) as KubeObject, r);
    },

    async list(gk, o = {}) {
      const r = await resourceFor(gk, o);
      const limit = o.limit ?? 500;
      try {
        return { ...(await listOnce(r, o, limit)), resource: r };
      } catch (e) {
        // A continue token expired between pages (410): start over in one piece, as client-go's pager does.
        if (!isGone(e) || !limit) throw e;
        return { ...(await listOnce(r, o, 0)), resource: r };
      }
    },

    async watch(gk, o = {}) {
      const r = await resourceFor(gk, o);
      const timeoutSeconds = o.timeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
      const path = withQuery(pathOf(r, o.namespace), {
        watch: 'true', resourceVersion: o.resourceVersion, allowWatchBookmarks: o.allowBookmarks === false ? undefined : 'true',
        labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, timeoutSeconds,
      });
      const subject = subjectOf('watch', r, o.namespace);
      const fill = { apiVersion: gvString(r.group, r.version), kind: r.kind };
      const full = { ...subject, context: config.context, server: config.server };
      try {
        // Not retried here: a watcher (LiveCache) reconnects with its own backoff and resourceVersion.
        const res = await transport.stream({ method: 'GET', path, subject, retry: false, signal: o.signal });
        return watchStream(res, o.resourceVersion ?? '', full, fill, () => !!o.signal?.aborted || transport.isClosed, (timeoutSeconds + 60) * 1000);
      } catch (e) {
        if (!isGone(e)) throw e;
        // 410 as an HTTP status (some servers) rather than an ERROR event: same meaning.
        return expiredStream(o.resourceVersion ?? '', (e as Error).message);
      }
    },

    async create(obj, o = {}) {
      const r = await resourceFor(targetOf(obj), o);
      const ns = nsFor(r, obj.metadata?.namespace, o.defaultNamespace);
      const path = withQuery(pathOf(r, ns), writeQuery(o));
      return fillKind(await send('POST', path, subjectOf('create', r, ns, obj.metadata?.name), !!o.dryRun, o, bodyFor(obj, r)) as KubeObject, r);
    },

    async apply(obj, o = {}) {
      const r = await resourceFor(targetOf(obj), o);
      const name = obj.metadata?.name;
      if (!name) throw new KubeError(0, 'Config', `cannot apply a ${obj.kind} without metadata.name`);
      const ns = nsFor(r, obj.metadata?.namespace, o.defaultNamespace);
      const path = withQuery(pathOf(r, ns, name), { ...writeQuery(o), fieldManager: o.fieldManager ?? FIELD_MANAGER, force: o.force ? 'true' : undefined });
      // Applying the same configuration twice has the same effect: safe to retry.
      const body = bodyFor(obj, r);
      return fillKind(await send('PATCH', path, subjectOf('apply', r, ns, name), true, o, body, 'application/apply-patch+yaml') as KubeObject, r);
    },

    async patch(t, patch, type, o = {}) {
      const r = await resourceFor(t, o);
      const ns = nsFor(r, t.namespace);
      const path = withQuery(pathOf(r, ns, t.name), writeQuery(o));
      return fillKind(await send('PATCH', path, subjectOf('patch', r, ns, t.name), !!o.dryRun, o, patch, PATCH_TYPES[type]) as KubeObject, r);
    },

    async replace(obj, o = {}) {
      const r = await resourceFor(targetOf(obj), o);
      const name = obj.metadata?.name;
      if (!name) throw new KubeError(0, 'Config', `cannot replace a ${obj.kind} without metadata.name`);
      const ns = nsFor(r, obj.metadata?.namespace, o.defaultNamespace);
      const path = withQuery(pathOf(r, ns, name), writeQuery(o));
      return fillKind(await send('PUT', path, subjectOf('update', r, ns, name), !!o.dryRun, o, bodyFor(obj, r)) as KubeObject, r);
    },

    async delete(t, o = {}) {
      const r = await resourceFor(t, o);
      const ns = nsFor(r, t.namespace);
      const path = withQuery(pathOf(r, ns, t.name), { dryRun: o.dryRun ? 'All' : undefined });
      const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
      if (o.propagationPolicy) body['propagationPolicy'] = o.propagationPolicy;
      if (o.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = o.gracePeriodSeconds;
      if (o.resourceVersion) body['preconditions'] = { resourceVersion: o.resourceVersion };
      const res = await send('DELETE', path, subjectOf('delete', r, ns, t.name), !!o.dryRun, o, body) as KubeObject & KubeStatus;
      return res.kind === 'Status' ? res : fillKind(res, r);
    },

    close() { transport.close(); },
  };
  return client;
}

/** The body of a write: no managedFields (an apply with them is rejected), no namespace on cluster-scoped kinds. */
function bodyFor(obj: KubeObject, r: ResourceInfo): KubeObject {
  const md = obj.metadata;
  if (!md || (md.managedFields === undefined && (r.namespaced || md.namespace === undefined))) return obj;
  const { managedFields: _mf, ...rest } = md;
  if (!r.namespaced) delete rest.namespace;
  return { ...obj, metadata: rest };
}

function expiredStream(rv: string, message: string): WatchStream {
  return {
    resourceVersion: rv,
    close() {},
    async *[Symbol.asyncIterator]() { yield { type: 'EXPIRED' as const, message }; },
  };
}
