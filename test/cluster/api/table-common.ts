// Shared pieces of the server-side printers: column definitions, descriptions and cell helpers.
import type { KObject } from './types.js';
import { ageOf } from './duration.js';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** Cells of one row; JSON values as the Go printers produce them (strings, int64, bool, null). */
export type Cells = unknown[];

export interface RowCondition { type: string; status: string; reason?: string; message?: string }

export interface Printer {
  columns: TableColumnDefinition[];
  cells(o: KObject, now: Date): Cells;
  /** Row conditions (pods that completed), optional. */
  conditions?(o: KObject): RowCondition[] | undefined;
}

export const NAME_DESCRIPTION = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const AGE_DESCRIPTION = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function col(name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_COL = col('Name', 'string', NAME_DESCRIPTION, 0, 'name');
export const AGE_COL = col('Age', 'string', AGE_DESCRIPTION);
export const CONTAINERS_COL = col('Containers', 'string', 'Names of each container in the template.', 1);
export const IMAGES_COL = col('Images', 'string', 'Images referenced by each container in the template.', 1);

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walk object keys; undefined when any step is missing. */
export function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function objList(v: unknown): Array<Record<string, unknown>> {
  return list(v).filter(isObj);
}

/** An int32/int64 cell: Go prints the zero value for missing numbers. */
export function int(v: unknown): number {
  return typeof v === 'number' ? Math.trunc(v) : 0;
}

export function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export const age = (o: KObject, now: Date) => ageOf(o.metadata.creationTimestamp ?? undefined, now);

/** layoutContainerCells: names and images joined with ','. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = objList(get(podSpec, 'containers'));
  return [containers.map((c) => text(c['name'])).join(','), containers.map((c) => text(c['image'])).join(',')];
}

/** `true` → "True", `false` → "False", absent → "<unset>" (printBoolPtr). */
export function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** Access modes as kubectl abbreviates them, in upstream's fixed order. */
export function accessModes(v: unknown): string {
  const modes = list(v).map(String);
  const out: string[] = [];
  if (modes.includes('ReadWriteOnce')) out.push('RWO');
  if (modes.includes('ReadOnlyMany')) out.push('ROX');
  if (modes.includes('ReadWriteMany')) out.push('RWX');
  if (modes.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}
