// Server-side apply (spec §4.1, §4.5, §4.5.1): merge the configuration into the live object,
// prune what the applier stopped applying, detect conflicts with other managers (409, or taken
// over with force), and record the applier's Apply entry. The server then defaults, validates,
// bumps generation/RV and decides whether the result is a no-op.
import type { KObject } from '../api/types.js';
import { badRequest, internalError, StatusError } from '../api/errors.js';
import type { SchemaNode } from '../schema/types.js';
import { compareObjects, excludeFromComparison } from './compare.js';
import type { Conflict } from './conflict.js';
import { ApplyConflicts, conflictError, conflictsFromManagers } from './conflict.js';
import { FieldSet, makePath } from './fieldpath.js';
import type { StatusPolicy } from './fieldset-of.js';
import { fieldSetOf, resetFields, restrictToPolicy, TypedValueError } from './fieldset-of.js';
import { allowedConflictsFromLastApplied, buildLastApplied, hasLastApplied, setLastApplied } from './last-applied.js';
import type { ManagerIdentity, Managers } from './managers.js';
import { copyManagers, decodeManagers, encodeManagers, ManagedFieldsDecodeError, managerId } from './managers.js';
import { mergeValues } from './merge.js';
import { prune } from './prune.js';
import { setManagedFields } from './update-ownership.js';
import { deepEqual, dropSentinels, isObj } from './values.js';

// The never-owned and reset sets live with the field-set code; re-exported for the server.
export { NEVER_OWNED, resetFields, restrictToPolicy, stripNeverOwned } from './fieldset-of.js';
export type { StatusPolicy } from './fieldset-of.js';

export interface ApplyInput {
  /** the stored object; undefined when the apply creates it */
  live?: KObject;
  /** the request body (apply-patch+yaml, already parsed) */
  config: KObject;
  manager: string;
  force: boolean;
  schema: SchemaNode;
  /** group/version of the endpoint, e.g. `apps/v1` */
  apiVersion: string;
  /** RFC3339 UTC, seconds */
  now: string;
  subresource?: string;
  statusPolicy?: StatusPolicy;
}

export interface ApplyResult {
  /** merged object with metadata.managedFields set; server-set metadata copied from live (absent on create) */
  object: KObject;
  /** false when the merge left the object as it was (managedFields aside) */
  changed: boolean;
}

/** Fields of metadata that only the server sets: the result keeps the live values. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'];

/** §4.1 preconditions that belong to the apply itself (the server checks name, kind, RV and fieldManager). */
export function checkApplyConfig(config: KObject): void {
  const mf = isObj(config.metadata) ? config.metadata.managedFields : undefined;
  if (mf !== undefined && mf !== null) throw badRequest('metadata.managedFields must be nil');
}

function withoutManagedFields(o: KObject): KObject {
  const { managedFields: _omit, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
}

function typedPatchError(config: KObject, apiVersion: string, e: Error): StatusError {
  const md = isObj(config.metadata) ? config.metadata : {};
  const where = `${String(md.namespace ?? '')}/${String(md.name ?? '')}; ${apiVersion}, Kind=${String(config.kind ?? '')}`;
  // apimachinery returns a plain error here, which the apiserver serves as 500 with an empty reason.
  return new StatusError(500, '', `failed to create typed patch object (${where}): ${e.message}`, {});
}

interface Attempt {
  live?: KObject;
  config: KObject;
  schema: SchemaNode;
  managers: Managers;
  identity: ManagerIdentity;
  newSet: FieldSet;
  excluded: FieldSet;
  force: boolean;
}

const IDENTITY_FIELDS = FieldSet.of(makePath('apiVersion'), makePath('kind'), makePath('metadata', 'name'), makePath('metadata', 'namespace'));

/** One pass of SMD's Updater.Apply; throws ApplyConflicts when not forced. */
function applyOnce(a: Attempt): { object: unknown; managers: Managers } {
  const id = managerId(a.identity);
  const managers = a.managers;
  const merged = mergeValues(a.live, a.config, a.schema);
  const previous = managers.get(id);
  // While pruning, the applier also holds the identity fields its configuration sets (as upstream,
  // where they are stripped only when managedFields are stored): otherwise removing the last field
  // it owned under metadata takes metadata.name with it.
  managers.set(id, { ...a.identity, ...(previous?.time ? { time: previous.time } : {}), set: a.newSet.union(IDENTITY_FIELDS) });
  const pruned = previous ? prune(merged, managers, previous.set, a.schema) : merged;
  managers.set(id, { ...managers.get(id)!, set: a.newSet });

  if (a.live) {
    const cmp = excludeFromComparison(compareObjects(a.live, pruned, a.schema), a.excluded);
    const changed = cmp.modified.union(cmp.added);
    const conflicting: Managers = new Map();
    for (const [other, rec] of managers) {
      if (other === id) continue;
      const c = rec.set.intersection(changed);
      if (!c.isEmpty()) conflicting.set(other, { ...rec, set: c });
    }
    if (!a.force && conflicting.size) throw new ApplyConflicts(conflictsFromManagers(conflicting));
    for (const [other, rec] of managers) {
      if (other === id) continue;
      const taken = conflicting.get(other)?.set;
      managers.set(other, { ...rec, set: (taken ? rec.set.difference(taken) : rec.set).difference(cmp.removed) });
    }
  }
  for (const [k, rec] of managers) if (rec.set.isEmpty()) managers.delete(k);
  return { object: pruned, managers };
}

/** Conflicts left after kubectl's last-applied forgiveness (all of them when it does not apply). */
function unforgiven(conflicts: Conflict[], allowed: FieldSet | undefined): Conflict[] {
  return allowed ? conflicts.filter((c) => !allowed.has(c.path)) : conflicts;
}

export function serverSideApply(input: ApplyInput): ApplyResult {
  const { live, config, schema, apiVersion, now } = input;
  const policy = input.statusPolicy ?? 'all';
  checkApplyConfig(config);
  const identity: ManagerIdentity = {
    manager: input.manager || 'unknown', operation: 'Apply', apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}),
  };
  const id = managerId(identity);
  const cfg = restrictToPolicy(config, policy);

  let newSet: FieldSet;
  try {
    newSet = fieldSetOf(cfg, schema, { strict: true, statusPolicy: policy });
  } catch (e) {
    if (e instanceof TypedValueError) throw typedPatchError(config, apiVersion, e);
    throw e;
  }
  let managers: Managers;
  try {
    managers = decodeManagers(live?.metadata?.managedFields);
  } catch (e) {
    if (e instanceof ManagedFieldsDecodeError) throw internalError(`failed to decode managed fields: ${e.message}`);
    throw e;
  }
  const liveBody = live ? withoutManagedFields(live) : undefined;
  const attempt = (force: boolean) => applyOnce({
    live: liveBody, config: cfg, schema, managers: copyManagers(managers), identity, newSet,
    excluded: resetFields(policy, liveBody, cfg), force,
  });

  let outcome: ReturnType<typeof applyOnce>;
  try {
    outcome = attempt(input.force);
  } catch (e) {
    if (!(e instanceof ApplyConflicts)) throw e;
    const allowed = identity.manager === 'kubectl' && live ? allowedConflictsFromLastApplied(live, schema, apiVersion) : undefined;
    const remaining = unforgiven(e.conflicts, allowed);
    if (remaining.length) throw conflictError(remaining);
    outcome = attempt(true);
  }

  const object = dropSentinels(outcome.object) as KObject;
  if (!isObj(object.metadata)) object.metadata = {};
  for (const k of SERVER_METADATA) {
    const v = live?.metadata?.[k];
    if (v === undefined) delete object.metadata[k];
    else object.metadata[k] = v;
  }
  const changed = !liveBody || !deepEqual(object, liveBody);
  // The entry's time moves only when this apply changed the object (unchanged applies keep it).
  const rec = outcome.managers.get(id);
  if (rec) {
    const { time: _old, ...rest } = rec;
    const previousTime = managers.get(id)?.time;
    outcome.managers.set(id, changed ? { ...rest, time: now } : previousTime ? { ...rest, time: previousTime } : rest);
  }

  if (identity.manager === 'kubectl' && hasLastApplied(object)) setLastApplied(object, buildLastApplied(config));
  setManagedFields(object, encodeManagers(outcome.managers));
  return { object, changed };
}
