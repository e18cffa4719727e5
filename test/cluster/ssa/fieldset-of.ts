// The field set of an object (structured-merge-diff's ToFieldSet) and the Apply-entry set of §4.3:
// leaves, list items (with `.` when they have children), atomic nodes, empty maps and nulls, keys of
// granular maps; minus the never-owned metadata and the fields the endpoint resets (status rules).
import type { KObject } from '../api/types.js';
import type { SchemaNode } from '../schema/types.js';
import { itemSchema, propertySchema } from '../schema/types.js';
import type { Path } from './fieldpath.js';
import { elementString, FieldSet, fieldEl, makePath, pathString, serializeElement } from './fieldpath.js';
import { isDeclaredField, ListItemError, listItemElement, shapeOf } from './schema-walk.js';
import { clone, isObj, isSentinel, unsentinel } from './values.js';

/** Which part of the object an endpoint writes (spec §3.5): main endpoint of a kind with status, or /status. */
export type StatusPolicy = 'all' | 'exclude-status' | 'only-status';

export interface ToFieldSetOptions {
  /** Throw on list items without identity (apply configs); otherwise skip them (stored objects). */
  strict?: boolean;
}

/** An apply configuration that does not fit its schema; the apply answers 500 with this text. */
export class TypedValueError extends Error {}

/** SMD ToFieldSet: every path an owner of this whole value would own, without any stripping. */
export function toFieldSet(value: unknown, schema: SchemaNode, opts: ToFieldSetOptions = {}): FieldSet {
  const set = new FieldSet();
  walk(value, schema, [], set, opts.strict ?? false);
  return set;
}

const isNullish = (v: unknown) => v === null || v === undefined || isSentinel(v);

function walk(v: unknown, s: SchemaNode, path: Path, set: FieldSet, strict: boolean): void {
  const shape = shapeOf(s, v);
  if (shape.kind === 'scalar' || shape.atomic) {
    set.insert(path);
    return;
  }
  const val = unsentinel(v);
  if (shape.kind === 'list') {
    if (!Array.isArray(val)) return;
    const items = itemSchema(s);
    const elements = val.map((item, i) => {
      try {
        return listItemElement(s, item);
      } catch (e) {
        if (!(e instanceof ListItemError)) throw e;
        if (strict) throw new TypedValueError(`${pathString(path)}: element ${i}: ${e.message}`);
        return undefined;
      }
    });
    const count = new Map<string, number>();
    for (const pe of elements) {
      if (!pe) continue;
      const k = serializeElement(pe);
      count.set(k, (count.get(k) ?? 0) + 1);
      // An apply configuration may not repeat a key (the live object may).
      if (strict && count.get(k) === 2) throw new TypedValueError(`${pathString(path)}: duplicate entries for key ${elementString(pe)}`);
    }
    val.forEach((item, i) => {
      const pe = elements[i];
      if (!pe) return;
      const itemPath = [...path, pe];
      // Duplicated items are owned as a whole, never descended into.
      if ((count.get(serializeElement(pe)) ?? 0) < 2) walk(item, items, itemPath, set, strict);
      set.insert(itemPath);
    });
    return;
  }
  if (!isObj(val)) return;
  for (const [k, x] of Object.entries(val)) {
    if (x === undefined) continue;
    const childPath = [...path, fieldEl(k)];
    walk(x, propertySchema(s, k), childPath, set, strict);
    if (isNullish(x) || (isObj(x) && Object.keys(x).length === 0) || !isDeclaredField(s, k)) set.insert(childPath);
  }
}

/** Never owned by anyone (apimachinery's strip set plus the deletion fields, spec §4.3). */
export const NEVER_OWNED: FieldSet = FieldSet.of(
  makePath('apiVersion'), makePath('kind'), makePath('metadata'),
  ...['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
    'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'clusterName'].map((f) => makePath('metadata', f)),
);

export function stripNeverOwned(set: FieldSet): FieldSet {
  return set.difference(NEVER_OWNED);
}

/**
 * The paths an endpoint resets, so they are neither owned nor compared: `status` on the main
 * endpoint of kinds with a status subresource; on /status everything but status and metadata,
 * plus metadata.labels (the Deployment-style ResetFields).
 */
export function resetFields(policy: StatusPolicy, ...objs: Array<unknown>): FieldSet {
  if (policy === 'exclude-status') return FieldSet.of(makePath('status'));
  if (policy === 'all') return new FieldSet();
  const set = FieldSet.of(makePath('metadata', 'labels'));
  for (const o of objs) {
    if (!isObj(o)) continue;
    for (const k of Object.keys(o)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) set.insert(makePath(k));
  }
  return set;
}

/** A copy of an apply configuration without the parts the endpoint resets. */
export function restrictToPolicy(config: KObject, policy: StatusPolicy): KObject {
  const out = clone(config);
  if (policy === 'exclude-status') delete out.status;
  if (policy === 'only-status') {
    for (const k of Object.keys(out)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete out[k];
    if (isObj(out.metadata)) delete out.metadata.labels;
  }
  return out;
}

export interface FieldSetOfOptions extends ToFieldSetOptions {
  statusPolicy?: StatusPolicy;
}

/** The set an Apply entry records for this configuration (spec §4.3). */
export function fieldSetOf(obj: unknown, schema: SchemaNode, opts: FieldSetOfOptions = {}): FieldSet {
  const raw = toFieldSet(obj, schema, opts);
  return stripNeverOwned(raw).recursiveDifference(resetFields(opts.statusPolicy ?? 'all', obj));
}
