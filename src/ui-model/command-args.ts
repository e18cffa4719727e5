// Argument shapes of the commands that views hand to each other (tree item → command, command
// palette → command). Plain data so a TreeItem's `arguments` and a test can both build them.
import type { ObjectRef } from '../engine/types.js';

/** A command about one app (sync, diff, history, refresh of one app). */
export interface AppArgs { app: string }

/** A command about one resource of an app (diff, open live YAML). */
export interface ResourceArgs { app: string; ref: ObjectRef }

/** Roll an app back; `to` is a commit (full or short sha). Without it the command asks. */
export interface RollbackArgs { app: string; to?: string }

export function isAppArgs(v: unknown): v is AppArgs {
  return typeof v === 'object' && v !== null && typeof (v as { app?: unknown }).app === 'string';
}

export function isResourceArgs(v: unknown): v is ResourceArgs {
  if (!isAppArgs(v)) return false;
  const ref = (v as { ref?: unknown }).ref;
  if (typeof ref !== 'object' || ref === null) return false;
  const r = ref as Record<string, unknown>;
  return typeof r['kind'] === 'string' && typeof r['name'] === 'string' && typeof r['group'] === 'string'
    && (r['namespace'] === undefined || typeof r['namespace'] === 'string');
}

export function isRollbackArgs(v: unknown): v is RollbackArgs {
  if (!isAppArgs(v)) return false;
  const to = (v as { to?: unknown }).to;
  return to === undefined || typeof to === 'string';
}
