// The Kubernetes API test server: HTTPS, bearer-token auth with RBAC, discovery, OpenAPI, CRUD,
// watch, fault injection and a control endpoint for test harnesses. `startTestCluster` runs it
// in-process; main.ts wraps it as `npm run cluster`.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  StatusError, badRequest, forbidden, internalError, methodNotAllowed, pathNotFound, tooManyRequests, unauthorized,
} from './api/errors.js';
import { ResourceRegistry } from './api/registry.js';
import type { ResourceType } from './api/types.js';
import type { Authorizer, RequestAttributes, UserInfo } from './auth/types.js';
import { createRbacAuthorizer, forbiddenMessage } from './auth/rbac.js';
import { accessReview } from './auth/reviews.js';
import { Cluster } from './core/cluster.js';
import * as sem from './core/semantics.js';
import { startControllers } from './controllers/index.js';
import { FaultController } from './faults/controller.js';
import type { FaultAction, FaultRule } from './faults/types.js';
import { Journal } from './store/journal.js';
import { Store } from './store/store.js';
import {
  AGGREGATED_CT, aggregatedApis, aggregatedCore, legacyApiVersions, legacyGroup, legacyGroupList, legacyResourceList, wantsAggregated,
} from './http/discovery.js';
import { handleGet, handleList, handleWatch } from './http/read.js';
import { sendError, sendJson, sendText } from './http/respond.js';
import { parseRoute, type ResourceRoute } from './http/route.js';
import { loadOrGenerateTls, type TlsMaterial } from './http/tls.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate, type WriteContext } from './http/write.js';
import { kubeconfigYaml } from './kubeconfig.js';

export interface TestClusterOptions {
  port?: number;
  /** keep objects across restarts (write-ahead journal, fsync per write) */
  stateDir?: string;
  /** status simulator (Deployments roll out, Jobs complete, …); default on */
  simulate?: boolean;
  /** kubernetes Service, default ServiceAccounts, kube-root-ca.crt; default on */
  bootstrap?: boolean;
  /** 'legacy' serves only the per-group-version discovery documents (spec T35) */
  discovery?: 'both' | 'legacy';
  /** false answers 404 on /openapi/v3 (spec T6) */
  openapi?: boolean;
  /** plain HTTP instead of HTTPS (not for client-node) */
  insecureHttp?: boolean;
  adminToken?: string;
  restrictedToken?: string;
  restrictedUser?: string;
  startRv?: number;
  /** events kept for watch replay */
  historySize?: number;
  faults?: FaultRule[];
  /** requests kept in requestLog */
  logSize?: number;
}

export interface RequestLogEntry {
  /** when the request arrived (ms since epoch) and how long the answer took */
  at?: number; ms?: number;
  method: string; path: string; userAgent?: string; accept?: string; contentType?: string; status: number; user?: string; body?: string;
}

export interface TestCluster {
  readonly url: string;
  readonly port: number;
  readonly caPem: string;
  readonly adminToken: string;
  readonly restrictedToken: string;
  readonly cluster: Cluster;
  readonly faults: FaultController;
  readonly requestLog: RequestLogEntry[];
  /** kubeconfig text for a user (default admin) */
  kubeconfig(user?: 'admin' | 'restricted'): string;
  writeKubeconfig(file: string, opts?: { user?: 'admin' | 'restricted' }): void;
  setOptions(o: Partial<Pick<TestClusterOptions, 'simulate' | 'discovery' | 'openapi'>>): void;
  /** add a user authenticated by `token` (RBAC applies unless groups include system:masters) */
  addUser(token: string, user: UserInfo): void;
  /** close every open watch connection (clients must resume) */
  dropWatches(): void;
  /** forget watch history: resuming from an older resourceVersion then gets 410 Gone */
  compactHistory(): void;
  close(): Promise<void>;
}

const ADMIN: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const options = { simulate: true, bootstrap: true, discovery: 'both' as const, openapi: true, ...opts };
  const tls: TlsMaterial | undefined = options.insecureHttp ? undefined : loadOrGenerateTls(options.stateDir);
  const journal = options.stateDir ? new Journal(options.stateDir) : undefined;
  const store = new Store({ startRv: options.startRv, historySize: options.historySize, journal });
  const registry = new ResourceRegistry();
  const cluster = new Cluster(store, registry);
  const adminToken = options.adminToken ?? (options.stateDir ? stableToken(options.stateDir, 'admin') : randomBytes(16).toString('hex'));
  const restrictedToken = options.restrictedToken ?? (options.stateDir ? stableToken(options.stateDir, 'restricted') : randomBytes(16).toString('hex'));
  const users = new Map<string, UserInfo>([
    [adminToken, ADMIN],
    [restrictedToken, { username: options.restrictedUser ?? 'jane', groups: ['system:authenticated'] }],
  ]);
  const authorize: Authorizer = createRbacAuthorizer(cluster);
  const faults = new FaultController(options.faults ?? []);
  const requestLog: RequestLogEntry[] = [];
  const logSize = options.logSize ?? 5000;
  const watchClosers = new Set<() => void>();
  const watches = { add(close: () => void) { watchClosers.add(close); return () => { watchClosers.delete(close); }; } };
  const controllers = startControllers(cluster, { simulate: options.simulate, bootstrap: options.bootstrap, caPem: tls?.caCert ?? '' });
  let port = 0;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024 * 1024) { req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: RequestLogEntry = {
        at: Date.now(),
        method: req.method ?? 'GET', path: req.url ?? '/', userAgent: header(req, 'user-agent'), accept: header(req, 'accept'),
        contentType: header(req, 'content-type'), status: 0,
        body: body.length && body.length < 64 * 1024 && !sem.isProtobuf(header(req, 'content-type') ?? '') ? body.toString('utf8') : undefined,
      };
      requestLog.push(entry);
      if (requestLog.length > logSize) requestLog.splice(0, requestLog.length - logSize);
      const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
      (res as unknown as { writeHead: (...a: unknown[]) => ServerResponse }).writeHead = (...a: unknown[]) => { entry.status = a[0] as number; return origWriteHead(...a); };
      res.on('finish', () => { entry.ms = Date.now() - entry.at!; });
      res.setHeader('Audit-Id', randomUUID());
      void serve(req, res, body, entry).catch((e: unknown) => fail(res, e));
    });
  };

  const fail = (res: ServerResponse, e: unknown) => {
    if (res.headersSent) { res.destroy(); return; }
    if (e instanceof StatusError) return sendError(res, e);
    // Never crash the server on a bug: answer 500 with the message, log the stack for the developer.
    process.stderr.write(`test cluster: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    sendError(res, internalError((e as Error)?.message ?? String(e)));
  };

  async function serve(req: IncomingMessage, res: ServerResponse, body: Buffer, entry: RequestLogEntry): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    const route = parseRoute(url.pathname);
    // Health probes answer without credentials, as kube-apiserver does for anonymous health checks.
    if (route.type === 'health') return sendText(res, 200, 'ok');
    const user = authenticate(req);
    if (!user) throw unauthorized();
    entry.user = user.username;
    if (route.type === 'control') {
      if (!user.groups.includes('system:masters')) throw forbidden({ group: '', plural: '_plumb' }, undefined, 'only the admin user may use the control endpoint');
      return control(route.action, method, url.searchParams, body, res);
    }
    const fault = faults.check({ method, path: url.pathname, query: url.searchParams, username: user.username });
    if (fault) {
      const handled = await applyFault(fault, req, res, route.type === 'resource' && isWatch(url.searchParams));
      if (handled) return;
    }
    switch (route.type) {
      case 'version':
        return sendJson(res, 200, sem.VERSION_INFO);
      case 'api':
        if (options.discovery === 'both' && wantsAggregated(header(req, 'accept'))) return sendJson(res, 200, aggregatedCore(registry), AGGREGATED_CT);
        return sendJson(res, 200, legacyApiVersions(`127.0.0.1:${port}`));
      case 'apis':
        if (options.discovery === 'both' && wantsAggregated(header(req, 'accept'))) return sendJson(res, 200, aggregatedApis(registry), AGGREGATED_CT);
        return sendJson(res, 200, legacyGroupList(registry));
      case 'group': {
        const g = legacyGroup(registry, route.group);
        if (!g) throw pathNotFound();
        return sendJson(res, 200, g);
      }
      case 'groupVersion': {
        const l = legacyResourceList(registry, route.group, route.version);
        if (!l) throw pathNotFound();
        return sendJson(res, 200, l);
      }
      case 'openapiIndex':
        if (!options.openapi) throw pathNotFound();
        return sendJson(res, 200, sem.openApiIndex(cluster));
      case 'openapiDoc': {
        if (!options.openapi) throw pathNotFound();
        const doc = sem.openApiDoc(cluster, route.group, route.version);
        if (!doc) throw pathNotFound();
        return sendJson(res, 200, doc);
      }
      case 'openapiV2':
        throw pathNotFound();
      case 'resource':
        return serveResource(route, method, url.searchParams, req, res, body, user);
      default:
        throw pathNotFound();
    }
  }

  function serveResource(route: ResourceRoute, method: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, body: Buffer, user: UserInfo): void {
    const t = registry.find(route.group, route.version, route.plural);
    if (!t) throw pathNotFound();
    if (route.namespace !== undefined && !t.namespaced) throw pathNotFound();
    const sub = route.subresource;
    if (sub !== undefined && !(t.subresources as string[]).includes(sub) && !(t.plural === 'namespaces' && sub === 'finalize')) throw pathNotFound();
    const verb = verbOf(method, route, query);
    if (!verb) throw methodNotAllowed();
    if (!t.verbs.includes(verb) && !sub) throw methodNotAllowed();
    if (sub && !['get', 'update', 'patch'].includes(verb)) throw methodNotAllowed();
    const attrs: RequestAttributes = {
      verb, group: t.group, version: t.version, resource: t.plural, subresource: sub, namespace: route.namespace, name: route.name,
    };
    const decision = authorize(user, attrs);
    if (!decision.allowed) throw forbidden(t, route.name, forbiddenMessage(user, attrs, decision.reason));
    const accept = header(req, 'accept');
    if (t.group === 'authorization.k8s.io' || t.group === 'authentication.k8s.io') {
      const ct = header(req, 'content-type') ?? '';
      let parsed: unknown = {};
      try {
        if (sem.isProtobuf(ct)) parsed = sem.decodeProtobuf(body);
        else if (body.length) parsed = JSON.parse(body.toString('utf8')) as unknown;
      } catch (e) {
        if (e instanceof StatusError) throw e;
        throw badRequest(`the object provided is unrecognized: ${(e as Error).message}`);
      }
      return sendJson(res, 201, accessReview(t.kind, parsed, user, authorize, cluster));
    }
    const readCtx = { cluster, t, namespace: route.namespace, query, accept };
    const writeCtx: WriteContext = {
      cluster, t, namespace: route.namespace, query, contentType: header(req, 'content-type') ?? '', userAgent: header(req, 'user-agent'), body, accept,
    };
    const name = route.name;
    switch (verb) {
      case 'get':
        if (sub === 'scale') return sendJson(res, 200, cluster.getScale(t, route.namespace, name!));
        return handleGet(readCtx, res, name!);
      case 'list': return handleList(readCtx, res);
      case 'watch': return handleWatch(readCtx, req, res, watches);
      case 'create': return handleCreate(writeCtx, res);
      case 'update': return handleUpdate(writeCtx, res, name!, sub === 'finalize' ? 'status' : sub);
      case 'patch': return handlePatch(writeCtx, res, name!, sub);
      case 'delete': return handleDelete(writeCtx, res, name!);
      case 'deletecollection': return handleDeleteCollection(writeCtx, res);
    }
  }

  function authenticate(req: IncomingMessage): UserInfo | undefined {
    const auth = header(req, 'authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m) return undefined;
    return users.get(m[1]!.trim());
  }

  async function applyFault(f: FaultAction, _req: IncomingMessage, res: ServerResponse, watch: boolean): Promise<boolean> {
    switch (f.type) {
      case 'delay': await new Promise((r) => setTimeout(r, f.ms)); return false;
      case 'drop': res.socket?.destroy(); return true;
      case 'throttle': sendError(res, tooManyRequests(f.retryAfterSeconds)); return true;
      case 'error':
        if (f.code === 409) sendError(res, new StatusError(409, 'Conflict', f.message ?? 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again', {}));
        else sendError(res, new StatusError(f.code, f.code === 503 ? 'ServiceUnavailable' : 'InternalError', f.message ?? 'Internal error occurred: injected fault', {}));
        return true;
      case 'expire':
        if (!watch) { sendError(res, new StatusError(410, 'Expired', 'too old resource version (injected)')); return true; }
        sendJson(res, 200, { type: 'ERROR', object: new StatusError(410, 'Expired', `too old resource version: injected (${cluster.store.resourceVersion})`).toBody() });
        return true;
    }
  }

  function control(action: string, method: string, q: URLSearchParams, body: Buffer, res: ServerResponse): void {
    const json = () => (body.length ? JSON.parse(body.toString('utf8')) as unknown : {});
    if (action === 'faults') {
      if (method === 'GET') return sendJson(res, 200, { rules: faults.list() });
      if (method === 'POST') return sendJson(res, 201, { id: faults.add(json() as FaultRule) });
      if (method === 'DELETE') { const id = q.get('id'); if (id) faults.remove(id); else faults.clear(); return sendJson(res, 200, { ok: true }); }
    }
    if (action === 'drop-watches' && method === 'POST') { api.dropWatches(); return sendJson(res, 200, { ok: true }); }
    if (action === 'compact' && method === 'POST') { store.compact(); return sendJson(res, 200, { ok: true, resourceVersion: store.resourceVersion }); }
    if (action === 'options' && method === 'POST') { api.setOptions(json() as Partial<TestClusterOptions>); return sendJson(res, 200, { ok: true }); }
    if (action === 'requests' && method === 'GET') return sendJson(res, 200, { requests: requestLog.slice(-Number(q.get('last') ?? '200')) });
    throw pathNotFound();
  }

  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert, requestCert: false }, handler)
    : createHttpServer(handler);
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('clientError', (_e, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const api: TestCluster = {
    url, port, caPem: tls?.caCert ?? '', adminToken, restrictedToken, cluster, faults, requestLog,
    kubeconfig(user = 'admin') {
      return kubeconfigYaml({ server: url, caPem: tls?.caCert, token: user === 'admin' ? adminToken : restrictedToken, user: user === 'admin' ? 'plumb-admin' : 'plumb-restricted' });
    },
    writeKubeconfig(file, o = {}) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, api.kubeconfig(o.user ?? 'admin'), { mode: 0o600 });
    },
    setOptions(o) {
      if (o.simulate !== undefined) { options.simulate = o.simulate; controllers.setSimulate(o.simulate); }
      if (o.discovery !== undefined) options.discovery = o.discovery;
      if (o.openapi !== undefined) options.openapi = o.openapi;
    },
    addUser(token, user) { users.set(token, user); },
    dropWatches() { for (const c of [...watchClosers]) c(); watchClosers.clear(); },
    compactHistory() { store.compact(); },
    async close() {
      controllers.stop();
      api.dropWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      store.close();
    },
  };
  return api;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function isWatch(q: URLSearchParams): boolean {
  const w = q.get('watch');
  return w === 'true' || w === '1';
}

function verbOf(method: string, route: ResourceRoute, q: URLSearchParams): string | undefined {
  switch (method) {
    case 'GET': return route.name ? 'get' : isWatch(q) ? 'watch' : 'list';
    case 'POST': return route.name ? undefined : 'create';
    case 'PUT': return route.name ? 'update' : undefined;
    case 'PATCH': return route.name ? 'patch' : undefined;
    case 'DELETE': return route.name ? 'delete' : 'deletecollection';
    default: return undefined;
  }
}

/** Tokens that survive restarts with --state, so a kubeconfig written earlier keeps working. */
function stableToken(dir: string, who: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${who}.token`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(16).toString('hex');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

export type { ResourceType };
