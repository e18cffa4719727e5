// The two special cases for field manager `kubectl` (spec §4.5.1), from apimachinery's
// lastAppliedManager (conflict forgiveness) and lastAppliedUpdater (annotation refresh).
import type { KObject } from '../api/types.js';
import type { SchemaNode } from '../schema/types.js';
import { compareObjects } from './compare.js';
import type { FieldSet } from './fieldpath.js';
import { toFieldSet, TypedValueError } from './fieldset-of.js';
import { clone, goJson, isObj } from './values.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** ValidateAnnotationsSize: keys plus values, in bytes. */
const ANNOTATIONS_LIMIT = 256 * 1024;

function lastAppliedOf(obj: KObject): string | undefined {
  const a = obj.metadata?.annotations;
  const v = isObj(a) ? a[LAST_APPLIED] : undefined;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function hasLastApplied(obj: KObject): boolean {
  return lastAppliedOf(obj) !== undefined;
}

/**
 * The paths kubectl may take over without a conflict: those of the last client-side applied
 * configuration whose value still equals the live one. Undefined when there is no usable annotation.
 */
export function allowedConflictsFromLastApplied(live: KObject, schema: SchemaNode, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(last) || last.apiVersion !== apiVersion) return undefined;
  let set: FieldSet;
  try {
    set = toFieldSet(last, schema, { strict: true });
  } catch (e) {
    if (e instanceof TypedValueError) return undefined;
    throw e;
  }
  const cmp = compareObjects(last, live, schema);
  return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** The annotation value the server writes: the applied configuration without the annotation, as Go encodes it. */
export function buildLastApplied(config: KObject): string {
  const copy = clone(config);
  const md = copy.metadata;
  if (isObj(md)) {
    if (isObj(md.annotations)) delete md.annotations[LAST_APPLIED];
    else delete md.annotations;
  }
  return `${goJson(copy, true)}\n`;
}

/** Sets the annotation, or drops it when the annotations would exceed the apiserver's size limit. */
export function setLastApplied(obj: KObject, value: string): void {
  const annotations: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
  annotations[LAST_APPLIED] = value;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  if (size > ANNOTATIONS_LIMIT) delete annotations[LAST_APPLIED];
  obj.metadata.annotations = annotations;
}
