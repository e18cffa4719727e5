// Sync options: Argo CD `syncPolicy.syncOptions` / `argocd.argoproj.io/sync-options` (comma-separated
// `Key=value`) and Flux `kustomize.toolkit.fluxcd.io/*` policy annotations (engine-reference §4.1.4, §4.2).
import type { AppSpec, KubeObject } from '../types.js';
import type { ApplyMode, ResolvedSyncOptions } from './types.js';

/** Caller overrides (CLI flags); anything unset falls back to the app's syncPolicy. */
export interface SyncOptions {
  /** `--prune`; default: the app's `syncPolicy.prune` */
  prune?: boolean;
  /** extra `Key=value` options; they win over the app's syncOptions */
  syncOptions?: string[];
}

export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
export const COMPARE_OPTIONS_ANNOTATION = 'argocd.argoproj.io/compare-options';
const FLUX = 'kustomize.toolkit.fluxcd.io/';

/** `Key=value` pairs, keys lower-cased, later entries win. A bare `Key` means `Key=true`. */
export function parseOptionList(list: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of list) {
    for (const item of raw.split(',')) {
      const s = item.trim();
      if (!s) continue;
      const eq = s.indexOf('=');
      const key = (eq < 0 ? s : s.slice(0, eq)).trim().toLowerCase();
      out.set(key, eq < 0 ? 'true' : s.slice(eq + 1).trim().toLowerCase());
    }
  }
  return out;
}

const flag = (m: Map<string, string>, key: string): boolean | undefined => {
  const v = m.get(key);
  return v === undefined ? undefined : v === 'true';
};

export function resolveSyncOptions(app: AppSpec, overrides: SyncOptions = {}): ResolvedSyncOptions {
  const m = parseOptionList([...(app.syncPolicy?.syncOptions ?? []), ...(overrides.syncOptions ?? [])]);
  return {
    prune: overrides.prune ?? app.syncPolicy?.prune ?? false,
    createNamespace: flag(m, 'createnamespace') ?? false,
    serverSideApply: flag(m, 'serversideapply') ?? false,
    replace: flag(m, 'replace') ?? false,
    force: flag(m, 'force') ?? false,
    pruneLast: flag(m, 'prunelast') ?? false,
    applyOutOfSyncOnly: flag(m, 'applyoutofsynconly') ?? false,
    validate: flag(m, 'validate') ?? true,
    respectIgnoreDifferences: flag(m, 'respectignoredifferences') ?? false,
    pruneDisabled: m.get('prune') === 'false',
    pruneConfirm: m.get('prune') === 'confirm',
  };
}

const annotation = (o: KubeObject | undefined, key: string): string => {
  const v = o?.metadata?.annotations?.[key];
  return typeof v === 'string' ? v.trim() : '';
};

/** What one object's annotations say about syncing it. */
export interface ObjectSyncOptions {
  /** Prune=false or Flux prune: disabled → never pruned; the text is the skip reason */
  noPrune?: string;
  pruneConfirm: boolean;
  /** Delete=false: never deleted (app deletion, and so no recreate either) */
  noDelete: boolean;
  pruneLast?: boolean;
  /** Flux reconcile: disabled / ssa: Ignore → left alone entirely; the text is the skip reason */
  ignored?: string;
  /** Flux ssa: IfNotPresent → create only */
  createOnly: boolean;
  ignoreExtraneous: boolean;
  serverSideApply?: boolean;
  replace?: boolean;
  force?: boolean;
  validate?: boolean;
}

export function objectSyncOptions(o: KubeObject | undefined): ObjectSyncOptions {
  const m = parseOptionList([annotation(o, SYNC_OPTIONS_ANNOTATION)]);
  const compare = parseOptionList([annotation(o, COMPARE_OPTIONS_ANNOTATION)]);
  const fluxPrune = annotation(o, `${FLUX}prune`).toLowerCase();
  const fluxReconcile = annotation(o, `${FLUX}reconcile`).toLowerCase();
  const fluxSsa = annotation(o, `${FLUX}ssa`).toLowerCase();
  const fluxForce = annotation(o, `${FLUX}force`).toLowerCase();
  const prune = m.get('prune');
  return {
    noPrune: prune === 'false' ? 'Prune=false' : fluxPrune === 'disabled' ? 'prune: disabled' : undefined,
    pruneConfirm: prune === 'confirm',
    noDelete: m.get('delete') === 'false',
    pruneLast: flag(m, 'prunelast'),
    ignored: fluxReconcile === 'disabled' ? 'reconcile: disabled' : fluxSsa === 'ignore' ? 'ssa: Ignore' : undefined,
    createOnly: fluxSsa === 'ifnotpresent',
    ignoreExtraneous: compare.has('ignoreextraneous'),
    serverSideApply: flag(m, 'serversideapply'),
    replace: flag(m, 'replace'),
    force: fluxForce === 'enabled' ? true : flag(m, 'force'),
    validate: flag(m, 'validate'),
  };
}

const NEVER_REPLACED = new Set(['CustomResourceDefinition', 'Namespace']);

/** The write mode of one object: its annotation wins over the app's options. */
export function applyModeOf(o: KubeObject, app: ResolvedSyncOptions, own = objectSyncOptions(o)): ApplyMode {
  return {
    serverSideApply: own.serverSideApply ?? app.serverSideApply,
    replace: (own.replace ?? app.replace) && !NEVER_REPLACED.has(o.kind ?? ''),
    force: own.force ?? app.force,
    validate: own.validate ?? app.validate,
    respectIgnoreDifferences: app.respectIgnoreDifferences,
  };
}
