// assessHealth: deletion first (as gitops-engine GetResourceHealth), then the kind's rule.
import type { Health, KubeObject } from '../types.js';
import { checkFor } from './checks.js';
import { hasHookFinalizer } from './hook.js';
import { groupVersion, health } from './read.js';

/**
 * The health of one live object, or undefined for kinds that have no health check (ConfigMap,
 * Secret, RBAC, Namespace, …, as in Argo CD; custom resources that expose no status signal).
 */
export function assessHealth(obj: KubeObject): Health | undefined {
  // Every kind is "Pending deletion" once deleted, except a hook held by Argo's hook finalizer.
  if (obj.metadata?.['deletionTimestamp'] && !hasHookFinalizer(obj)) return health('Progressing', 'Pending deletion');
  return checkFor(groupVersion(obj).group, obj.kind ?? '')?.(obj);
}
