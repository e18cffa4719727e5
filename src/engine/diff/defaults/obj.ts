// Small mutation helpers for the defaulters: fill a field only when it is absent.
import { isObj, type Json, type JsonObject } from '../json.js';

export type Obj = JsonObject;

/** The object at `key`, created when absent. */
export function ensure(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const fresh: Obj = {};
  o[key] = fresh;
  return fresh;
}

/** The object at `key`, or undefined. */
export const child = (o: Obj | undefined, key: string): Obj | undefined => (o && isObj(o[key]) ? (o[key] as Obj) : undefined);

/** The object items of the list at `key`. */
export const items = (o: Obj | undefined, key: string): Obj[] => {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
};

/** Sets `key` when it is absent or null (or "" for string fields the server defaults). */
export function setDefault(o: Obj, key: string, value: Json, emptyStringCounts = false): void {
  const v = o[key];
  if (v === undefined || v === null || (emptyStringCounts && v === '')) o[key] = value;
}
