// HTTP(S) to the API server: a keep-alive agent with the kubeconfig's TLS settings, credentials
// per request, timeouts, AbortSignal, and retries with backoff where retrying is safe. Turns
// every failure into a KubeError. Bodies are never logged.
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Authenticator, type RequestIdentity } from './auth.js';
import type { ClusterConfig } from './kubeconfig.js';
import { abortError, errorFromResponse, errorFromTransport, KubeError, type RequestSubject } from './errors.js';

const gunzipAsync = promisify(gunzip);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** API path with query, e.g. `/api/v1/namespaces/default/configmaps?limit=500` */
  path: string;
  body?: string;
  contentType?: string;
  accept?: string;
  /** verb and resource, for error messages */
  subject: Omit<RequestSubject, 'context' | 'server'>;
  /** safe to send again after 429 / 5xx / a reset connection */
  retry: boolean;
  signal?: AbortSignal;
  /** per attempt; default 30 s (time to response headers for streams) */
  timeoutMs?: number;
}

export interface HttpResponse { status: number; headers: IncomingHttpHeaders; body: string }

export interface TransportOptions {
  env?: Record<string, string | undefined>;
  userAgent?: string;
  /** one line per request: method, path, status, duration (no headers, no bodies) */
  log?: (line: string) => void;
  /** attempts for retryable requests, default 5 */
  maxAttempts?: number;
  /** first backoff step, default 250 ms (doubling, capped at 5 s) */
  backoffMs?: number;
  /** per-attempt timeout of requests that do not set their own, default 30 s */
  timeoutMs?: number;
}

const RETRY_AFTER_CAP_S = 30;
const RETRYABLE_CODES = new Set([429, 500, 502, 503, 504]);
// A timed-out attempt of a retryable request is sent again too: reads and applies are idempotent.
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

export class Transport {
  private readonly base: URL;
  private readonly auth: Authenticator;
  private agents = new Map<string, HttpAgent>();
  private closed = false;
  get isClosed(): boolean { return this.closed; }

  constructor(readonly config: ClusterConfig, private readonly opts: TransportOptions = {}) {
    this.base = new URL(config.server);
    this.auth = new Authenticator(config, opts.env ?? process.env);
  }

  /** A 2xx response with its body; any other outcome throws KubeError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    return this.withRetries(req, async (id) => {
      const res = await this.send(req, id, !this.config.disableCompression, false);
      if (res instanceof ErrorAnswer) return res;
      const buf = await readBody(res, req.signal);
      const body = (res.headers['content-encoding'] === 'gzip' ? await gunzipAsync(buf) : buf).toString('utf8');
      return { status: res.statusCode ?? 0, headers: res.headers, body };
    });
  }

  /** Parsed JSON of a 2xx response. */
  async json<T>(req: HttpRequest): Promise<T> {
    const r = await this.request(req);
    try {
      return JSON.parse(r.body) as T;
    } catch {
      throw new KubeError(r.status, 'BadResponse', `the cluster at ${this.config.server} answered ${req.method} ${pathOnly(req.path)} with something that is not JSON`);
    }
  }

  /** An open 2xx response stream (watch); with `retry`, errors before the headers arrive are retried like GETs. */
  async stream(req: HttpRequest): Promise<IncomingMessage> {
    return this.withRetries(req, (id) => this.send(req, id, false, true));
  }

  close(): void {
    this.closed = true;
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }

  private subject(req: HttpRequest): RequestSubject {
    return { ...req.subject, context: this.config.context, server: this.config.server };
  }

  private async withRetries<T>(req: HttpRequest, attempt: (id: RequestIdentity) => Promise<T | ErrorAnswer>): Promise<T> {
    const max = this.opts.maxAttempts ?? 5;
    let refreshed = false;
    for (let n = 1; ; n++) {
      if (req.signal?.aborted) throw abortError();
      if (this.closed) throw new KubeError(0, 'Aborted', 'the client was closed');
      let result: T | ErrorAnswer;
      const t0 = Date.now();
      try {
        const id = await this.auth.identity(req.signal);
        result = await attempt(id);
      } catch (e) {
        if (e instanceof KubeError) throw e;
        if (req.signal?.aborted || this.closed) throw abortError();
        const code = (e as NodeJS.ErrnoException).code ?? '';
        this.opts.log?.(`${req.method} ${pathOnly(req.path)} → ${code || 'error'} (${Date.now() - t0} ms)`);
        if (req.retry && n < max && RESET_CODES.has(code)) { await sleep(this.backoff(n), req.signal); continue; }
        throw errorFromTransport(e, this.subject(req));
      }
      if (!(result instanceof ErrorAnswer)) {
        this.opts.log?.(`${req.method} ${pathOnly(req.path)} → ok (${Date.now() - t0} ms)`);
        return result;
      }
      const { status, body, retryAfter } = result;
      this.opts.log?.(`${req.method} ${pathOnly(req.path)} → ${status} (${Date.now() - t0} ms)`);
      if (status === 401 && this.auth.refreshable && !refreshed) {
        // An expired exec/token-file credential: fetch it once more before giving up.
        refreshed = true;
        this.auth.invalidate();
        n--;
        continue;
      }
      // 429 means the server did not act on the request (as client-go, any verb is sent again);
      // 5xx may come after a write happened, so only idempotent requests are repeated.
      if (n < max && (req.retry ? RETRYABLE_CODES.has(status) : status === 429)) {
        const wait = retryAfter !== undefined ? Math.min(retryAfter, RETRY_AFTER_CAP_S) * 1000 : this.backoff(n);
        await sleep(wait, req.signal);
        continue;
      }
      throw errorFromResponse(status, body, this.subject(req), retryAfter);
    }
  }

  private backoff(n: number): number {
    const base = this.opts.backoffMs ?? 250;
    const ms = Math.min(base * 2 ** (n - 1), 5000);
    return ms / 2 + Math.random() * (ms / 2);
  }

  private agentFor(id: RequestIdentity): HttpAgent {
    const key = id.clientCert ? id.clientCert.certPem : '';
    let a = this.agents.get(key);
    if (a) return a;
    if (this.base.protocol === 'http:') {
      a = new HttpAgent({ keepAlive: true, keepAliveMsecs: 30_000, maxFreeSockets: 8 });
    } else {
      a = new HttpsAgent({
        keepAlive: true, keepAliveMsecs: 30_000, maxFreeSockets: 8,
        ca: this.config.caPem, rejectUnauthorized: !this.config.insecureSkipTlsVerify,
        servername: this.config.tlsServerName, cert: id.clientCert?.certPem, key: id.clientCert?.keyPem,
      });
    }
    // A rotated client certificate (exec plugins) gets a new agent; the old one is retired.
    for (const [k, old] of this.agents) if (k !== key) { old.destroy(); this.agents.delete(k); }
    this.agents.set(key, a);
    return a;
  }

  /**
   * One attempt: resolves with the open response on 2xx, an ErrorAnswer otherwise. The timeout
   * covers the whole body, except for streams, where it ends with the response headers.
   */
  private send(req: HttpRequest, id: RequestIdentity, gzip: boolean, stream: boolean): Promise<IncomingMessage | ErrorAnswer> {
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + req.path, this.base);
    const headers: Record<string, string | string[]> = {
      ...id.headers,
      accept: req.accept ?? 'application/json',
      'user-agent': this.opts.userAgent ?? 'plumb/0.1 (node)',
    };
    if (gzip) headers['accept-encoding'] = 'gzip';
    if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    const doRequest = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolve, reject) => {
      const r = doRequest(url, { method: req.method, headers, agent: this.agentFor(id) });
      const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs ?? 30_000;
      const timer = setTimeout(() => r.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
      const onAbort = () => r.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      if (req.signal) allowConcurrentListeners(req.signal);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => { clearTimeout(timer); req.signal?.removeEventListener('abort', onAbort); };
      r.on('error', (e) => { cleanup(); reject(e); });
      r.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          if (stream) clearTimeout(timer);
          // The abort listener stays until the body is consumed: cancelling a watch must close it.
          res.once('close', cleanup);
          resolve(res);
          return;
        }
        readBody(res, req.signal).then(async (buf) => {
          cleanup();
          const text = (res.headers['content-encoding'] === 'gzip' ? await gunzipAsync(buf) : buf).toString('utf8');
          const ra = Number(res.headers['retry-after']);
          resolve(new ErrorAnswer(status, text, Number.isFinite(ra) && ra >= 0 ? ra : undefined));
        }, (e: unknown) => { cleanup(); reject(e); });
      });
      r.end(req.body);
    });
  }
}

class ErrorAnswer {
  constructor(readonly status: number, readonly body: string, readonly retryAfter?: number) {}
}

function readBody(res: IncomingMessage, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => res.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (signal) allowConcurrentListeners(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => { signal?.removeEventListener('abort', onAbort); resolve(Buffer.concat(chunks)); });
    res.on('error', (e) => { signal?.removeEventListener('abort', onAbort); reject(e); });
    res.on('aborted', () => reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' })));
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(abortError()); return; }
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(abortError()); };
    if (signal) allowConcurrentListeners(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const pathOnly = (p: string) => p.split('?')[0]!;

const widened = new WeakSet<AbortSignal>();
/**
 * One signal often covers dozens of requests in flight at once (a status run's lists and dry-runs),
 * each with its own abort listener, removed when it ends. Node warns past 10 listeners; this is
 * not a leak, so raise the limit once per signal.
 */
function allowConcurrentListeners(signal: AbortSignal): void {
  if (widened.has(signal)) return;
  widened.add(signal);
  setMaxListeners(1000, signal);
}
