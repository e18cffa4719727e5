// Removal of fields an applier stopped applying (spec §4.5 step 4), following structured-merge-
// diff's Updater.prune: drop everything of the applier's previous set, add back what any manager
// (the applier's new set included) still owns, then add back what the previous set never named.
import type { SchemaNode } from '../schema/types.js';
import { FieldSet } from './fieldpath.js';
import { toFieldSet } from './fieldset-of.js';
import type { Managers } from './managers.js';
import { removePaths } from './remove.js';
import { ensureNamedFieldsAreMembers } from './schema-walk.js';

/** `merged` minus the paths of `lastSet` that no manager in `managers` owns any more. */
export function prune(merged: unknown, managers: Managers, lastSet: FieldSet, schema: SchemaNode): unknown {
  if (lastSet.isEmpty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, schema);
  const setOf = (v: unknown) => named(toFieldSet(v, schema));

  const last = named(lastSet);
  const withoutLast = removePaths(merged, last, schema);

  let managed = new FieldSet();
  for (const rec of managers.values()) managed = managed.union(rec.set);
  const mergedSet = setOf(merged);
  const ownedBack = removePaths(merged, mergedSet.difference(setOf(withoutLast).union(named(managed))), schema);

  // Only paths the previous apply named may go; whatever vanished with them as a side effect returns.
  return removePaths(merged, mergedSet.difference(setOf(ownedBack)).intersection(last), schema);
}
