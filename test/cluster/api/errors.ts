// Errors carry the exact kube-apiserver Status body (spec §2.12); the server serialises them as-is.
import type { ResourceType } from './types.js';
import { qualifiedResource } from './types.js';

export interface StatusCause { reason?: string; message?: string; field?: string }
export interface StatusDetails {
  name?: string; group?: string; kind?: string; uid?: string;
  causes?: StatusCause[]; retryAfterSeconds?: number;
}
export interface StatusBody {
  kind: 'Status'; apiVersion: 'v1'; metadata: Record<string, never>;
  status: 'Failure' | 'Success'; message?: string; reason?: string; details?: StatusDetails; code: number;
}

export class StatusError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
  }
  toBody(): StatusBody {
    const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, code: this.code };
    if (this.reason) body.reason = this.reason;
    if (this.details) body.details = this.details;
    return body;
  }
}

type ResRef = Pick<ResourceType, 'group' | 'plural'>;

export const notFound = (t: ResRef, name: string) =>
  new StatusError(404, 'NotFound', `${qualifiedResource(t)} "${name}" not found`, { name, group: t.group, kind: t.plural });

export const pathNotFound = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export const namespaceNotFound = (ns: string) =>
  new StatusError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });

export const alreadyExists = (t: ResRef, name: string) =>
  new StatusError(409, 'AlreadyExists', `${qualifiedResource(t)} "${name}" already exists`, { name, group: t.group, kind: t.plural });

export const conflict = (t: ResRef, name: string) =>
  new StatusError(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: t.group, kind: t.plural });

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

export const methodNotAllowed = () =>
  new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (types: string[]) =>
  new StatusError(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`, {});

export const unauthorized = () => new StatusError(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (t: ResRef, name: string | undefined, why: string, causes?: StatusCause[]) =>
  new StatusError(403, 'Forbidden',
    name ? `${qualifiedResource(t)} "${name}" is forbidden: ${why}` : `${qualifiedResource(t)} is forbidden: ${why}`,
    { ...(name ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.plural, ...(causes ? { causes } : {}) });

export const expired = (message: string) => new StatusError(410, 'Expired', message);

export const tooManyRequests = (seconds: number) =>
  new StatusError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later',
    { retryAfterSeconds: seconds });

export const internalError = (message: string) => new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {});

/** One field error of a 422 (spec §2.12): `field: Invalid value: …: detail`. */
export interface FieldError { type: FieldErrorType; field: string; detail?: string; value?: unknown; }
export type FieldErrorType =
  | 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueNotSupported'
  | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueTooMany' | 'FieldValueTypeInvalid';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value', FieldValueInvalid: 'Invalid value', FieldValueForbidden: 'Forbidden',
  FieldValueNotSupported: 'Unsupported value', FieldValueDuplicate: 'Duplicate value', FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many', FieldValueTypeInvalid: 'Invalid value',
};

/** Go-ish rendering of a value inside an error message; tests never match on it. */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null) return 'null';
  return JSON.stringify(v);
}

export function fieldErrorBody(e: FieldError): string {
  const head = TYPE_TEXT[e.type];
  const withValue = (e.type === 'FieldValueInvalid' || e.type === 'FieldValueNotSupported' || e.type === 'FieldValueDuplicate' || e.type === 'FieldValueTypeInvalid') && e.value !== undefined;
  let s = withValue ? `${head}: ${renderValue(e.value)}` : head;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** 422 Invalid; details.kind is the Kind (not the plural), as kube-apiserver does. */
export function invalid(t: Pick<ResourceType, 'group' | 'kind'>, name: string, errs: FieldError[]): StatusError {
  const causes = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const parts = errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const what = t.group ? `${t.kind}.${t.group}` : t.kind;
  const msg = `${what} "${name}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`;
  return new StatusError(422, 'Invalid', msg, { name, group: t.group, kind: t.kind, causes });
}
