// Unknown-field detection for built-in kinds (what the strict JSON decoder of kube-apiserver reports),
// and the fieldValidation=Strict|Warn|Ignore outcomes built from it (spec §2.11).
import { badRequest, type StatusError } from '../api/errors.js';
import type { SchemaNode } from './types.js';

/**
 * Paths of fields the schema does not know, in document order: `spec.foo`,
 * `spec.template.spec.containers[0].bogus`, `metadata.bogus`. Free-form nodes (ANY, RawExtension,
 * preserve-unknown-fields) and values of the wrong JSON type are not descended into.
 */
export function findUnknownFields(obj: unknown, schema: SchemaNode): string[] {
  const out: string[] = [];
  walk(obj, schema, '', out);
  return out;
}

function walk(v: unknown, node: SchemaNode, path: string, out: string[]): void {
  if (node.type === 'any' || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    if (node.type !== 'array' || !node.items) return;
    v.forEach((x, i) => walk(x, node.items!, `${path}[${i}]`, out));
    return;
  }
  if (node.type !== 'object') return;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    const prop = node.properties?.[k] ?? node.additionalProperties;
    if (prop) walk(val, prop, p, out);
    else if (!node.preserveUnknownFields) out.push(p);
  }
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** `unknown field "spec.foo"` — the text of one Warning (kubectl prints `Warning: <text>`). */
export function unknownFieldWarnings(unknown: readonly string[]): string[] {
  return unknown.map((p) => `unknown field ${JSON.stringify(p)}`);
}

/** The value of one `Warning:` response header for a warning text: `299 - "unknown field \"spec.foo\""`. */
export function warningHeaderValue(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

/**
 * 400 BadRequest for fieldValidation=Strict:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`.
 */
export function strictDecodingError(kind: string, version: string, unknown: readonly string[]): StatusError {
  const fields = unknownFieldWarnings(unknown).join(', ');
  return badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${fields}`);
}

/**
 * What a write does with the unknown fields it found: Strict → the 400 to throw (when any), Warn →
 * warning texts, Ignore → nothing. The caller still drops/keeps the fields as the kind requires.
 */
export function fieldValidationOutcome(
  mode: FieldValidation, kind: string, version: string, unknown: readonly string[],
): { error?: StatusError; warnings: string[] } {
  if (unknown.length === 0 || mode === 'Ignore') return { warnings: [] };
  if (mode === 'Strict') return { error: strictDecodingError(kind, version, unknown), warnings: [] };
  return { warnings: unknownFieldWarnings(unknown) };
}
