// Hooks, phases and waves from Argo CD and Helm annotations (engine-reference §4.1.1).
import type { KubeObject } from '../types.js';
import type { HookDeletePolicy, HookType } from './types.js';

export const HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY_ANNOTATION = 'argocd.argoproj.io/hook-delete-policy';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const HELM_HOOK = 'helm.sh/hook';
const HELM_WEIGHT = 'helm.sh/hook-weight';
const HELM_DELETE_POLICY = 'helm.sh/hook-delete-policy';

const ARGO_HOOKS: Record<string, HookType> = {
  presync: 'PreSync', sync: 'Sync', postsync: 'PostSync', syncfail: 'SyncFail', skip: 'Skip',
  predelete: 'PreDelete', postdelete: 'PostDelete',
};
// Only the Helm hooks Argo CD maps; the others (test, rollback, delete) are not sync hooks.
const HELM_HOOKS: Record<string, HookType> = {
  'pre-install': 'PreSync', 'pre-upgrade': 'PreSync', 'post-install': 'PostSync', 'post-upgrade': 'PostSync',
  'pre-delete': 'PreDelete', 'post-delete': 'PostDelete',
};
const POLICIES: Record<string, HookDeletePolicy> = {
  beforehookcreation: 'BeforeHookCreation', hooksucceeded: 'HookSucceeded', hookfailed: 'HookFailed',
  'before-hook-creation': 'BeforeHookCreation', 'hook-succeeded': 'HookSucceeded', 'hook-failed': 'HookFailed',
};

const annotation = (o: KubeObject, key: string): string | undefined => {
  const v = o.metadata?.annotations?.[key];
  return typeof v === 'string' ? v : undefined;
};

const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** The hook types an object declares (Argo annotation wins over Helm's); empty for ordinary resources. */
export function hookTypes(o: KubeObject): HookType[] {
  const argo = annotation(o, HOOK_ANNOTATION);
  if (argo !== undefined) return unique(list(argo).map((h) => ARGO_HOOKS[h]).filter((h): h is HookType => h !== undefined));
  return unique(list(annotation(o, HELM_HOOK)).map((h) => HELM_HOOKS[h]).filter((h): h is HookType => h !== undefined));
}

export const isHook = (o: KubeObject): boolean => hookTypes(o).length > 0;

/** Delete policies; a hook without one gets BeforeHookCreation, as in Argo CD. */
export function hookDeletePolicies(o: KubeObject): HookDeletePolicy[] {
  const raw = annotation(o, HOOK_DELETE_POLICY_ANNOTATION) ?? annotation(o, HELM_DELETE_POLICY);
  const out = unique(list(raw).map((p) => POLICIES[p]).filter((p): p is HookDeletePolicy => p !== undefined));
  return out.length ? out : ['BeforeHookCreation'];
}

const INT = /^[+-]?\d+$/;

/** The wave (Go `strconv.Atoi` semantics: an invalid value falls back); `invalid` names a bad annotation. */
export function waveOf(o: KubeObject): { wave: number; invalid?: string } {
  const argo = annotation(o, SYNC_WAVE_ANNOTATION)?.trim();
  if (argo !== undefined && INT.test(argo)) return { wave: Number(argo) };
  const helm = annotation(o, HELM_WEIGHT)?.trim();
  const fallback = helm !== undefined && INT.test(helm) ? Number(helm) : 0;
  return argo !== undefined ? { wave: fallback, invalid: argo } : { wave: fallback };
}
