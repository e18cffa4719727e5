// Query-parameter parsing shared by the handlers, with kube-apiserver's 400s for bad values.
import { badRequest, StatusError } from '../api/errors.js';
import type { FieldValidation } from '../core/cluster.js';

export function dryRunParam(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  if (!v.length) return false;
  for (const x of v) if (x !== 'All') throw badRequest(`Invalid dry run value: ${JSON.stringify(x)}`);
  return true;
}

export function fieldValidationParam(q: URLSearchParams): FieldValidation | undefined {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return undefined;
  if (v === 'Ignore' || v === 'Warn' || v === 'Strict') return v;
  throw badRequest(`fieldValidation parameter unsupported: ${v}. Supported values are: Ignore, Warn, Strict`);
}

export function fieldManagerParam(q: URLSearchParams): string | undefined {
  const v = q.get('fieldManager');
  if (v === null) return undefined;
  if (v.length > 128 || !/^[\x20-\x7e]*$/.test(v)) {
    throw new StatusError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: ${JSON.stringify(v)}: must be less than 128 characters and contain only printable characters`,
      { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueInvalid', message: 'must be less than 128 characters', field: 'fieldManager' }] });
  }
  return v;
}

export function forceParam(q: URLSearchParams): boolean | undefined {
  const v = q.get('force');
  if (v === null) return undefined;
  return v === 'true' || v === '1';
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid value for ${name}: ${v}`);
  return n;
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}
