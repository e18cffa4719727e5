// Who last wrote a drifted field: the managedFields entry whose set covers the path, preferring
// the most recent non-engine writer ("changed by kubectl-edit 2 h ago").
import { decodeFieldsV1, trieCovers } from '../diff/fieldsv1.js';
import type { PathEl } from '../diff/path.js';
import type { KubeObject, ManagedFieldsEntry } from '../types.js';
import { parseDriftPath, stepValue, type DriftStep } from './drift-path.js';

export interface Attribution { manager: string; operation?: string; subresource?: string; time?: string }

type Scalar = string | number | boolean | null;

/**
 * The FieldsV1 path of a drift path. Key values are typed from the live item (`containerPort=80`
 * is a number there), because FieldsV1 keys are JSON and `80` ≠ `"80"`.
 */
function typedPath(steps: DriftStep[], live: unknown): PathEl[] {
  const out: PathEl[] = [];
  let value = live;
  for (const step of steps) {
    const next = stepValue(value, step);
    if ('field' in step) out.push({ f: step.field });
    else if ('index' in step) out.push({ i: step.index });
    else if ('value' in step) out.push({ v: step.value as Scalar });
    else {
      const k: Record<string, Scalar> = {};
      for (const [name, text] of Object.entries(step.keys)) {
        const actual = typeof next === 'object' && next !== null ? (next as Record<string, unknown>)[name] : undefined;
        k[name] = actual !== undefined ? actual as Scalar : /^-?\d+$/.test(text) ? Number(text) : text;
      }
      out.push({ k });
    }
    value = next;
  }
  return out;
}

export function attributeDrift(live: KubeObject | undefined, path: string, engineManager = 'plumb'): Attribution | undefined {
  const entries: ManagedFieldsEntry[] = live?.metadata?.managedFields ?? [];
  const steps = parseDriftPath(path);
  if (!steps || !entries.length) return undefined;
  const fieldPath = typedPath(steps, live);
  const owners = entries.filter((e) => trieCovers(decodeFieldsV1(e.fieldsV1), fieldPath));
  if (!owners.length) return undefined;
  const rank = (e: ManagedFieldsEntry) => (e.manager === engineManager && e.operation === 'Apply' ? 0 : 1);
  owners.sort((a, b) => rank(b) - rank(a) || (b.time ?? '').localeCompare(a.time ?? ''));
  const e = owners[0]!;
  return { manager: e.manager ?? 'unknown', operation: e.operation, subresource: e.subresource, time: e.time };
}
