// Argo CD hook detection (gitops-engine pkg/sync/hook): hooks keep the hook finalizer through
// deletion, are assessed differently as Pods, and are left out of app health.
import type { KubeObject } from '../types.js';

const ARGO_HOOK = 'argocd.argoproj.io/hook';
const HELM_HOOK = 'helm.sh/hook';
export const HOOK_FINALIZER = 'argocd.argoproj.io/hook-finalizer';

const ARGO_TYPES = new Set(['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip']);
const HELM_TYPES = new Set(['pre-install', 'pre-upgrade', 'post-upgrade', 'post-install']);

/** Deduplicated, trimmed, non-empty comma-separated values of an annotation. */
function csv(o: KubeObject, key: string): string[] {
  const raw = o.metadata?.annotations?.[key];
  if (typeof raw !== 'string') return [];
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** Valid hook types; Helm's are used only when the Argo annotation names none. */
export function hookTypes(o: KubeObject): string[] {
  const argo = csv(o, ARGO_HOOK).filter((t) => ARGO_TYPES.has(t));
  if (argo.length) return argo;
  return csv(o, HELM_HOOK).filter((t) => HELM_TYPES.has(t)).map((t) => (t.startsWith('pre-') ? 'PreSync' : 'PostSync'));
}

/** `Skip` as the only hook type: an ordinary resource that the sync leaves alone. */
export function isSkipHook(o: KubeObject): boolean {
  const t = hookTypes(o);
  return t.length === 1 && t[0] === 'Skip';
}

export function isHook(o: KubeObject): boolean {
  const ann = o.metadata?.annotations ?? {};
  if (ARGO_HOOK in ann) return !isSkipHook(o);
  // Helm marks CRDs with the same annotation; they are not hooks.
  return HELM_HOOK in ann && ann[HELM_HOOK] !== 'crd-install';
}

/** A hook annotation with no valid type: Argo ignores such objects entirely. */
export const isIgnoredHook = (o: KubeObject): boolean => isHook(o) && hookTypes(o).length === 0;

export function hasHookFinalizer(o: KubeObject): boolean {
  const f = o.metadata?.['finalizers'];
  return Array.isArray(f) && f.includes(HOOK_FINALIZER);
}
