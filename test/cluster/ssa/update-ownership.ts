// Ownership for non-apply writes (spec §4.3 "Update entry", §4.7): POST, PUT, JSON/merge/strategic
// PATCH and scale. The writer gains every path it added or changed and takes it from everyone else;
// client-supplied managedFields (PUT or non-apply PATCH) replace the stored ones first (§4.2).
import type { KObject, ManagedFieldsEntry } from '../api/types.js';
import type { SchemaNode } from '../schema/types.js';
import { compareObjects, excludeFromComparison } from './compare.js';
import type { StatusPolicy } from './fieldset-of.js';
import { resetFields, stripNeverOwned } from './fieldset-of.js';
import type { Managers } from './managers.js';
import { capUpdateManagers, decodeManagers, encodeManagers, managerId, ManagedFieldsDecodeError } from './managers.js';
import { isObj } from './values.js';

export interface ResolveManagedFieldsInput {
  /** managedFields of the stored object (undefined on create) */
  before?: unknown;
  /** managedFields of the object the request produced (the PUT body, or the patched object) */
  requested?: unknown;
  /** subresource writes never take managedFields from the request */
  subresource?: string;
}

export interface ResolvedManagedFields {
  entries: ManagedFieldsEntry[];
  /** where they came from: the stored object, the request (verbatim), or a reset by `[{}]` */
  source: 'live' | 'request' | 'reset';
}

const isResetEntry = (e: unknown) => isObj(e) && Object.values(e).every((v) => v === undefined);

/**
 * The managedFields a non-apply write starts from. `[{}]` clears them; an omitted field, `[]`
 * (spec §4.2; note apimachinery itself treats `[]` as a reset too) or an undecodable list keeps the
 * stored ones; any other list is taken verbatim.
 */
export function resolveManagedFields(input: ResolveManagedFieldsInput): ResolvedManagedFields {
  const live = (): ResolvedManagedFields => ({ entries: safeEntries(input.before), source: 'live' });
  if (input.subresource) return live();
  const req = input.requested;
  if (!Array.isArray(req) || req.length === 0) return live();
  if (req.length === 1 && isResetEntry(req[0])) return { entries: [], source: 'reset' };
  try {
    const managers = decodeManagers(req);
    if (managers.size === 0) return live();
    return { entries: encodeManagers(managers), source: 'request' };
  } catch (e) {
    if (e instanceof ManagedFieldsDecodeError) return live();
    throw e;
  }
}

function safeEntries(v: unknown): ManagedFieldsEntry[] {
  try {
    return encodeManagers(decodeManagers(v));
  } catch (e) {
    if (e instanceof ManagedFieldsDecodeError) return [];
    throw e;
  }
}

// Struct fields and lists that Go serialises even when zero (non-pointer, no omitempty), along the
// chains that start at the object root. In the typed zero value they exist, so an update that fills
// them does not make them members (`.`) of its set.
const VALUE_STRUCTS = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy', 'jobTemplate', 'roleRef', 'loadBalancer', 'scaleTargetRef', 'resources', 'names']);
const VALUE_LISTS = new Set(['containers', 'rules']);

/** The kind's typed zero value as far as ownership cares (spec §4.3: create compares with it). */
export function typedZero(schema: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, child] of Object.entries(schema.properties ?? {})) {
    if (VALUE_STRUCTS.has(k) && child.properties) out[k] = typedZero(child);
    else if (VALUE_LISTS.has(k) && (child.items || child.type === 'array')) out[k] = [];
  }
  return out;
}

export interface RecordUpdateInput {
  /** the stored object; undefined on create */
  before?: KObject;
  /** the object about to be stored (defaults applied); its metadata.managedFields is what the request left there */
  after: KObject;
  manager: string;
  /** group/version of the endpoint, e.g. `apps/v1` */
  apiVersion: string;
  subresource?: string;
  schema: SchemaNode;
  /** RFC3339 UTC, seconds */
  now: string;
  statusPolicy?: StatusPolicy;
  /** the object `before` stands for on create; defaults to typedZero(schema) */
  zero?: unknown;
}

function withoutManagedFields(o: unknown): unknown {
  if (!isObj(o) || !isObj(o.metadata)) return o;
  const { managedFields: _omit, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** The managedFields to store after a non-apply write ([] means: store none). */
export function recordUpdate(input: RecordUpdateInput): ManagedFieldsEntry[] {
  const { before, after, schema, now } = input;
  const base = resolveManagedFields({
    before: before?.metadata?.managedFields, requested: after.metadata?.managedFields, subresource: input.subresource,
  });
  const managers: Managers = decodeManagers(base.entries);

  const lhs = before ? withoutManagedFields(before) : input.zero ?? typedZero(schema);
  const rhs = withoutManagedFields(after);
  const cmp = excludeFromComparison(compareObjects(lhs, rhs, schema, { nullIsAbsent: true }),
    resetFields(input.statusPolicy ?? 'all', lhs, rhs));
  const changed = cmp.modified.union(cmp.added);

  // Everyone, the writer's earlier entry included, loses what this write changed or removed.
  for (const [id, rec] of managers) {
    const set = rec.set.difference(changed).difference(cmp.removed);
    if (set.isEmpty()) managers.delete(id);
    else managers.set(id, { ...rec, set });
  }

  const gained = stripNeverOwned(changed);
  if (!gained.isEmpty()) {
    const identity = { manager: input.manager || 'unknown', operation: 'Update' as const, apiVersion: input.apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}) };
    const id = managerId(identity);
    const previous = managers.get(id);
    managers.set(id, { ...identity, time: now, set: previous ? gained.union(previous.set) : gained });
  }
  return encodeManagers(capUpdateManagers(managers));
}

/** Stores entries on an object the way the apiserver serialises them: no field when there are none. */
export function setManagedFields(obj: KObject, entries: ManagedFieldsEntry[]): void {
  if (entries.length) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}
