// Who owns which live fields (metadata.managedFields), and which of them an apply by the engine
// would remove: its own Apply entry, and — suite policy, as Flux's "Override" takes them over —
// the interactive kubectl managers without a subresource. kubectl-rollout is not one of them: its
// restart marker is not drift. Without managedFields, the last-applied-configuration stands in.
import type { FieldNode } from '../schema/types.js';
import type { KubeObject } from '../types.js';
import { decodeFieldsV1, emptyTrie, fieldSetOf, intersectTrie, trieCovers, unionTrie, type FieldTrie } from './fieldsv1.js';
import { isObj, type Json, type JsonObject } from './json.js';
import { secretStringDataToData } from './normalize.js';
import type { Path } from './path.js';

/** Interactive kubectl managers whose fields the engine takes over (drift-contract rule 4). */
export const KUBECTL_MANAGERS: ReadonlySet<string> = new Set([
  'kubectl', 'kubectl-edit', 'kubectl-patch', 'kubectl-set', 'kubectl-label', 'kubectl-annotate', 'kubectl-client-side-apply',
]);

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const CSA_MANAGER = 'kubectl-client-side-apply';
/** Argo CD's annotation naming a non-default client-side-apply manager to migrate. */
const CSA_MIGRATION_MANAGER = 'argocd.argoproj.io/client-side-apply-migration-manager';

/**
 * engine: the engine's Apply entry; adopted: the client-side-apply manager of an object with a
 * last-applied-configuration (its fields migrate to the engine, csaupgrade); kubectl: an
 * interactive kubectl manager (taken over); other: everyone else (never removed).
 */
export type OwnerRole = 'engine' | 'adopted' | 'kubectl' | 'other';

export interface OwnerEntry {
  manager: string;
  operation?: string;
  subresource?: string;
  time?: string;
  role: OwnerRole;
  trie: FieldTrie;
}

export interface Ownership {
  entries: OwnerEntry[];
  /** live carried managedFields */
  known: boolean;
  /** fields an apply by the engine (with the takeover) removes when Git no longer declares them */
  removable: FieldTrie;
  /** fields of every other entry: they keep a field alive */
  others: FieldTrie;
  /** the parsed last-applied-configuration (stringData folded into data), if any */
  lastApplied?: JsonObject;
  /** the engine has an Apply entry */
  engineApplied: boolean;
}

function roleOf(
  manager: string, operation: string | undefined, subresource: string | undefined, fieldManager: string, csaManagers: ReadonlySet<string> | undefined,
): OwnerRole {
  if (subresource) return 'other';
  if (manager === fieldManager && operation === 'Apply') return 'engine';
  if (csaManagers?.has(manager) && operation === 'Update') return 'adopted';
  if (KUBECTL_MANAGERS.has(manager)) return 'kubectl';
  return 'other';
}

export function readOwnership(live: KubeObject, fieldManager: string, root: FieldNode | undefined): Ownership {
  const mf = live.metadata?.managedFields;
  const lastApplied = parseLastApplied(live);
  const migration = live.metadata?.annotations?.[CSA_MIGRATION_MANAGER];
  const csaManagers = lastApplied ? new Set([CSA_MANAGER, ...(typeof migration === 'string' && migration ? [migration] : [])]) : undefined;
  const entries: OwnerEntry[] = [];
  for (const e of Array.isArray(mf) ? mf : []) {
    if (!isObj(e as unknown)) continue;
    const manager = typeof e.manager === 'string' ? e.manager : '';
    entries.push({
      manager,
      operation: e.operation,
      subresource: e.subresource || undefined,
      time: e.time,
      role: roleOf(manager, e.operation, e.subresource || undefined, fieldManager, csaManagers),
      trie: decodeFieldsV1(e.fieldsV1),
    });
  }
  if (lastApplied) {
    // What the client-side-apply manager owns beyond its last-applied configuration was set by the
    // server when the object was created (defaults, allocations, admission): taking it over only
    // makes the server set it again, so it is not the engine's to remove.
    const sent = fieldSetOf(lastApplied, root);
    for (const e of entries) if (e.role === 'adopted') e.trie = intersectTrie(e.trie, sent);
  }
  let removable = emptyTrie();
  let others = emptyTrie();
  for (const e of entries) {
    if (e.role === 'other') others = unionTrie(others, e.trie);
    else removable = unionTrie(removable, e.trie);
  }
  const known = entries.length > 0;
  if (!known && lastApplied) removable = fieldSetOf(lastApplied, root);
  return { entries, known, removable, others, lastApplied, engineApplied: entries.some((e) => e.role === 'engine') };
}

function parseLastApplied(live: KubeObject): JsonObject | undefined {
  const raw = live.metadata?.annotations?.[LAST_APPLIED];
  if (typeof raw !== 'string' || !raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!isObj(parsed)) return undefined;
    return live.kind === 'Secret' ? secretStringDataToData(parsed) : parsed;
  } catch {
    return undefined;
  }
}

/** The entries whose set covers a path (the node itself, something below it, or an atomic ancestor). */
export function ownersOf(own: Ownership, path: Path): OwnerEntry[] {
  return own.entries.filter((e) => trieCovers(e.trie, path));
}

/** Entries that own a path and would let the engine remove it. */
export function removableOwners(own: Ownership, path: Path): OwnerEntry[] {
  return ownersOf(own, path).filter((e) => e.role !== 'other');
}

export type { Json };
