// The 409 an apply answers when it would take fields from other managers (spec §4.6), worded and
// ordered as apimachinery's conflict.go does it.
import { StatusError } from '../api/errors.js';
import type { Path } from './fieldpath.js';
import { pathString } from './fieldpath.js';
import type { Managers } from './managers.js';
import { goQuote } from './values.js';

export interface Conflict {
  /** the other manager's identity (see managerId) */
  managerId: string;
  path: Path;
}

/** `"m"`, `"m" with subresource "status"`, `"m" using apps/v1` — from a manager identity. */
export function printManager(id: string): string {
  let e: { manager?: unknown; operation?: unknown; apiVersion?: unknown; subresource?: unknown };
  try {
    e = JSON.parse(id) as typeof e;
  } catch {
    return goQuote(id);
  }
  let s = goQuote(typeof e.manager === 'string' ? e.manager : '');
  if (typeof e.subresource === 'string' && e.subresource) s += ` with subresource ${goQuote(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${typeof e.apiVersion === 'string' ? e.apiVersion : ''}`;
  return s;
}

/** Conflicts grouped by manager identity (sorted), paths in field-set order within each. */
export function conflictsFromManagers(conflicting: Managers): Conflict[] {
  const ids = [...conflicting.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.flatMap((id) => conflicting.get(id)!.set.paths().map((path) => ({ managerId: id, path })));
}

export function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.managerId)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c.path]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(`conflicts with ${printManager(id)}:`);
    for (const p of byManager.get(id)!) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** 409 Conflict with one FieldManagerConflict cause per path and no name/kind in the details. */
export function conflictError(conflicts: Conflict[]): StatusError {
  return new StatusError(409, 'Conflict', conflictMessage(conflicts), {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.managerId)}`,
      field: pathString(c.path),
    })),
  });
}

/** Thrown inside the apply pipeline; turned into conflictError by the caller. */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(conflictMessage(conflicts));
  }
}
