// metadata.managedFields <-> a map of managers keyed by their identity (spec §4.2): one entry per
// (manager, operation, subresource), plus apiVersion for Update entries. Encoding sorts the entries
// the way the apiserver does and drops empty ones.
import type { ManagedFieldsEntry } from '../api/types.js';
import { FieldSet } from './fieldpath.js';
import { goJson, isObj } from './values.js';

export interface ManagerRecord {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** identity -> record; the identity is the JSON of the entry without time, fields and (for Apply) apiVersion. */
export type Managers = Map<string, ManagerRecord>;

export interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

/** Same text as apimachinery's BuildManagerIdentifier (Go field order, omitempty). */
export function managerId(m: ManagerIdentity): string {
  const parts: string[] = [];
  if (m.manager) parts.push(`"manager":${goJson(m.manager)}`);
  parts.push(`"operation":${goJson(m.operation)}`);
  if (m.operation === 'Update' && m.apiVersion) parts.push(`"apiVersion":${goJson(m.apiVersion)}`);
  if (m.subresource) parts.push(`"subresource":${goJson(m.subresource)}`);
  return `{${parts.join(',')}}`;
}

export class ManagedFieldsDecodeError extends Error {}

/** Decodes entries; throws ManagedFieldsDecodeError on the entries the apiserver rejects. */
export function decodeManagers(entries: unknown): Managers {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new ManagedFieldsDecodeError('managedFields must be a list');
  entries.forEach((e: unknown, i) => {
    if (!isObj(e)) throw new ManagedFieldsDecodeError(`managed fields entry ${i} is not an object`);
    const operation = e.operation;
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsDecodeError('operation must be `Apply` or `Update`');
    const apiVersion = typeof e.apiVersion === 'string' ? e.apiVersion : '';
    if (!apiVersion) throw new ManagedFieldsDecodeError('apiVersion must not be empty');
    if (e.fieldsType === undefined || e.fieldsType === '') throw new ManagedFieldsDecodeError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new ManagedFieldsDecodeError(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    let set: FieldSet;
    try {
      set = e.fieldsV1 === undefined || e.fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(e.fieldsV1);
    } catch (err) {
      throw new ManagedFieldsDecodeError(`error decoding set of entry ${i}: ${(err as Error).message}`);
    }
    const rec: ManagerRecord = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation, apiVersion, set,
      ...(typeof e.subresource === 'string' && e.subresource ? { subresource: e.subresource } : {}),
      ...(typeof e.time === 'string' && e.time ? { time: e.time } : {}),
    };
    out.set(managerId(rec), rec);
  });
  return out;
}

/** Encodes in the apiserver's order: Apply before Update, then time, manager, apiVersion, subresource. */
export function encodeManagers(managers: Managers): ManagedFieldsEntry[] {
  const recs = [...managers.values()].filter((r) => !r.set.isEmpty());
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  recs.sort((a, b) => cmp(a.operation, b.operation) || seconds(a.time) - seconds(b.time) || cmp(a.manager, b.manager)
    || cmp(a.apiVersion, b.apiVersion) || cmp(a.subresource ?? '', b.subresource ?? ''));
  return recs.map((r) => {
    const e: ManagedFieldsEntry = {};
    if (r.manager) e.manager = r.manager;
    e.operation = r.operation;
    e.apiVersion = r.apiVersion;
    if (r.time) e.time = r.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = r.set.toFieldsV1();
    if (r.subresource) e.subresource = r.subresource;
    return e;
  });
}

export function copyManagers(m: Managers): Managers {
  return new Map([...m].map(([k, r]) => [k, { ...r, set: r.set.copy() }]));
}

/** At most `max` Update entries: the oldest are folded into `ancient-changes`, one per apiVersion (apimachinery capManagers). */
export function capUpdateManagers(managers: Managers, max = 10): Managers {
  const updaters = [...managers.keys()].filter((k) => managers.get(k)!.operation === 'Update');
  if (updaters.length <= max) return managers;
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
  updaters.sort((a, b) => seconds(managers.get(a)!.time) - seconds(managers.get(b)!.time) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const id of updaters) {
    if (length <= max) break;
    const rec = managers.get(id)!;
    const bucketRec: ManagerIdentity = { manager: 'ancient-changes', operation: 'Update', apiVersion: rec.apiVersion };
    const bucket = managerId(bucketRec);
    const first = firstByVersion.get(rec.apiVersion);
    if (first === undefined) {
      firstByVersion.set(rec.apiVersion, id);
      continue;
    }
    if (!managers.has(bucket)) {
      const firstRec = managers.get(first)!;
      managers.delete(first);
      managers.set(bucket, { ...bucketRec, time: firstRec.time, set: firstRec.set });
    }
    const b = managers.get(bucket)!;
    managers.set(bucket, { ...b, set: rec.set.union(b.set), time: rec.time });
    managers.delete(id);
    length--;
  }
  return managers;
}
