// Who last wrote a drifted field: the managedFields entry whose set covers the path, preferring
// the most recent non-engine writer ("changed by kubectl-edit 2 h ago").
import type { KubeObject, ManagedFieldsEntry } from '../types.js';
import { parseDriftPath, type DriftStep } from './drift-path.js';

export interface Attribution { manager: string; operation?: string; subresource?: string; time?: string }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The FieldsV1 element keys a live item answers to (`k:{"name":"web"}` with the item's real key types). */
function candidates(step: DriftStep, liveValue: unknown): string[] {
  if ('field' in step) return [`f:${step.field}`];
  if ('index' in step) return [`i:${step.index}`];
  if ('value' in step) return [`v:${JSON.stringify(step.value)}`];
  const typed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(step.keys)) {
    const actual = isObj(liveValue) ? liveValue[k] : undefined;
    typed[k] = actual !== undefined ? actual : /^-?\d+$/.test(v) ? Number(v) : v;
  }
  const sorted = Object.keys(typed).sort();
  return [`k:${JSON.stringify(Object.fromEntries(sorted.map((k) => [k, typed[k]])))}`];
}

/** True when the entry's field set holds the path, something below it, or an atomic ancestor. */
function covers(fields: unknown, steps: DriftStep[], live: unknown): boolean {
  let node: unknown = fields;
  let value: unknown = live;
  for (const step of steps) {
    if (!isObj(node)) return false;
    const here: Record<string, unknown> = node;
    // An atomic ancestor owned as a leaf ({}): the whole subtree is its.
    if (Object.keys(here).length === 0) return true;
    const next = valueAfter(value, step);
    const key = candidates(step, next).find((k) => k in here);
    if (!key) return false;
    node = here[key];
    value = next;
  }
  return true;
}

function valueAfter(value: unknown, step: DriftStep): unknown {
  if ('field' in step) return isObj(value) ? value[step.field] : undefined;
  if ('index' in step) return Array.isArray(value) ? value[step.index] : undefined;
  if (!Array.isArray(value)) return undefined;
  if ('value' in step) return value.find((x) => JSON.stringify(x) === JSON.stringify(step.value));
  return value.find((x) => isObj(x) && Object.entries(step.keys).every(([k, v]) => String(x[k] ?? (k === 'protocol' ? 'TCP' : '')) === v));
}

export function attributeDrift(live: KubeObject | undefined, path: string, engineManager = 'plumb'): Attribution | undefined {
  const entries: ManagedFieldsEntry[] = live?.metadata?.managedFields ?? [];
  const steps = parseDriftPath(path);
  if (!steps || !entries.length) return undefined;
  const owners = entries.filter((e) => covers(e.fieldsV1, steps, live));
  if (!owners.length) return undefined;
  const rank = (e: ManagedFieldsEntry) => (e.manager === engineManager && e.operation === 'Apply' ? 0 : 1);
  owners.sort((a, b) => rank(b) - rank(a) || (b.time ?? '').localeCompare(a.time ?? ''));
  const e = owners[0]!;
  return { manager: e.manager ?? 'unknown', operation: e.operation, subresource: e.subresource, time: e.time };
}
