// Errors from talking to a cluster, converted from the API server's Status body (or from the
// transport) into one shape with a message a user can act on. Messages never contain credentials
// or object bodies.
import type { EngineProblem, ObjectRef } from '../types.js';

export interface StatusCause { reason?: string; message?: string; field?: string }
export interface StatusDetails {
  name?: string; group?: string; kind?: string; uid?: string;
  causes?: StatusCause[]; retryAfterSeconds?: number;
}
/** The `Status` object the API server answers errors with. */
export interface KubeStatus {
  kind?: 'Status'; apiVersion?: string; status?: string; message?: string; reason?: string; details?: StatusDetails; code?: number;
}

/**
 * `reason` is the Status reason (NotFound, Forbidden, Conflict, Invalid, Expired, …) or, for
 * errors that never reached the API, one of: Unreachable, Timeout, Aborted, ExecPlugin,
 * BadResponse, Config.
 */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  constructor(
    /** HTTP status; 0 when no HTTP answer arrived */
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    /** the server's own message, when it answered */
    readonly serverMessage?: string,
  ) {
    super(message);
  }
}

export const isKubeError = (e: unknown): e is KubeError => e instanceof KubeError;
/** The object (or path) is not there; not true for a kind the cluster does not serve (see isUnknownKind). */
export const isNotFound = (e: unknown): boolean => e instanceof KubeError && e.code === 404 && e.reason !== 'UnknownKind';
/** The cluster serves no such kind (e.g. its CRD is not installed). */
export const isUnknownKind = (e: unknown): boolean => e instanceof KubeError && e.reason === 'UnknownKind';
export const isGone = (e: unknown): boolean => e instanceof KubeError && e.code === 410;
export const isAbort = (e: unknown): boolean =>
  (e instanceof KubeError && e.reason === 'Aborted') || (e instanceof Error && e.name === 'AbortError');

/** What the request was about, so messages can say which verb on which resource failed. */
export interface RequestSubject {
  context: string;
  server: string;
  verb: string;
  /** plural resource, e.g. `deployments.apps` */
  resource?: string;
  namespace?: string;
  name?: string;
}

function describeTarget(s: RequestSubject): string {
  if (!s.resource) return '';
  const what = s.name ? `${s.resource} "${s.name}"` : s.resource;
  return s.namespace ? `${what} in namespace "${s.namespace}"` : what;
}

/** Parses a response body as a Status, when it is one. */
export function parseStatus(body: string): KubeStatus | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    if (v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'Status') return v as KubeStatus;
  } catch { /* not JSON: the caller falls back to the HTTP status line */ }
  return undefined;
}

/** The error for a non-2xx answer. */
export function errorFromResponse(httpCode: number, body: string, s: RequestSubject, retryAfter?: number): KubeError {
  const st = parseStatus(body);
  const serverMsg = st?.message ?? (body.length < 300 && !body.trimStart().startsWith('{') ? body.trim() : '');
  const reason = st?.reason ?? reasonForCode(httpCode);
  const details = retryAfter !== undefined ? { ...st?.details, retryAfterSeconds: retryAfter } : st?.details;
  const ctx = `context "${s.context}"`;
  let msg: string;
  switch (httpCode) {
    case 401:
      msg = `the cluster rejected the credentials of ${ctx} (401 Unauthorized)`;
      break;
    case 403:
      msg = `forbidden: ${ctx} may not ${s.verb} ${describeTarget(s) || 'this resource'}${serverMsg ? `: ${serverMsg}` : ''}`;
      break;
    case 429:
      msg = `the cluster at ${s.server} is throttling requests (429 Too Many Requests) while trying to ${s.verb} ${describeTarget(s)}`.trimEnd();
      break;
    default:
      msg = serverMsg || `${s.verb} ${describeTarget(s)} failed: HTTP ${httpCode}`;
      if (httpCode >= 500) msg = `the cluster at ${s.server} (${ctx}) failed to ${s.verb} ${describeTarget(s)}: ${serverMsg || `HTTP ${httpCode}`}`;
  }
  return new KubeError(httpCode, reason, msg, details, serverMsg || undefined);
}

/** The error for a request that got no HTTP answer (refused, reset, DNS, TLS, timeout). */
export function errorFromTransport(e: unknown, s: RequestSubject): KubeError {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  let why: string;
  let reason = 'Unreachable';
  switch (code) {
    case 'ECONNREFUSED': why = 'connection refused'; break;
    case 'ENOTFOUND': case 'EAI_AGAIN': why = `host name not found (${code})`; break;
    case 'ECONNRESET': why = 'connection reset'; break;
    case 'EHOSTUNREACH': case 'ENETUNREACH': why = 'no route to host'; break;
    case 'ETIMEDOUT': case 'ESOCKETTIMEDOUT': why = 'timed out'; reason = 'Timeout'; break;
    default:
      if (/certificate|self[- ]signed|SSL|TLS|ERR_TLS|UNABLE_TO_VERIFY|CERT_/i.test(`${code} ${err?.message ?? ''}`)) {
        why = `TLS error: ${err?.message ?? code} (check certificate-authority / tls-server-name of the cluster)`;
      } else {
        why = err?.message || String(e);
      }
  }
  return new KubeError(0, reason, `cannot reach the cluster at ${s.server} (context "${s.context}"): ${why}`);
}

export function abortError(): KubeError {
  return new KubeError(0, 'Aborted', 'the request was cancelled');
}

function reasonForCode(code: number): string {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 409: return 'Conflict';
    case 410: return 'Expired';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 500: return 'InternalError';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

/** An EngineProblem for a cluster error, optionally tied to an object. */
export function problemOf(e: unknown, object?: ObjectRef, severity: EngineProblem['severity'] = 'error'): EngineProblem {
  const message = e instanceof Error ? e.message : String(e);
  return object ? { severity, message, object } : { severity, message };
}
