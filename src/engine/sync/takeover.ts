// Before Plumb updates an object, the fields that interactive kubectl managers own (kubectl edit,
// label, annotate, set, patch, client-side apply) are handed to Plumb's Apply entry, as Flux's
// "Override" does. The apply that follows then removes the ones Git does not declare: that is the
// drift `plumb status` reports for them (drift-contract rule 4), which a plain apply would leave
// in place forever. Fields of controllers, webhooks and other tools are never touched.
import { KUBECTL_MANAGERS } from '../diff/ownership.js';
import type { KubeClient, ObjectTarget } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import type { KubeObject } from '../types.js';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Union of two FieldsV1 sets (nested objects whose leaves are `{}`). */
function unionFields(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(out[k]) && isObj(v) ? unionFields(out[k] as Record<string, unknown>, v) : v;
  return out;
}

const takenOver = (e: ManagedFieldsEntry) => !e.subresource && KUBECTL_MANAGERS.has(e.manager ?? '');

/**
 * The managedFields with the kubectl managers' entries merged into `fieldManager`'s Apply entry,
 * or undefined when no kubectl manager owns anything.
 */
export function managedFieldsAfterTakeover(live: KubeObject, fieldManager: string, now = new Date()): ManagedFieldsEntry[] | undefined {
  const entries = (live.metadata?.managedFields ?? []) as ManagedFieldsEntry[];
  const taken = entries.filter(takenOver);
  if (!taken.length) return undefined;
  const mineIndex = entries.findIndex((e) => e.manager === fieldManager && e.operation === 'Apply' && !e.subresource);
  const mine: ManagedFieldsEntry = mineIndex >= 0 ? { ...entries[mineIndex]! }
    : { manager: fieldManager, operation: 'Apply', apiVersion: live.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} };
  for (const e of taken) mine.fieldsV1 = unionFields(mine.fieldsV1 ?? {}, e.fieldsV1 ?? {});
  mine.time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const rest = entries.filter((e, i) => i !== mineIndex && !takenOver(e));
  return [mine, ...rest];
}

/**
 * Reads the object and, when kubectl managers own fields of it, rewrites its managedFields
 * (guarded by its resourceVersion: a concurrent write makes this a 409, never a lost update).
 */
export async function takeOverKubectlFields(client: KubeClient, target: ObjectTarget, fieldManager: string): Promise<void> {
  let live: KubeObject;
  try {
    live = await client.get(target);
  } catch (e) {
    if (isNotFound(e)) return; // gone meanwhile: the apply creates it
    throw e;
  }
  const managedFields = managedFieldsAfterTakeover(live, fieldManager);
  if (!managedFields) return;
  await client.patch(target, { metadata: { managedFields, resourceVersion: live.metadata?.resourceVersion } }, 'merge', { fieldManager });
}
