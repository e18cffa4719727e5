// apiregistration.k8s.io APIService (v1, v1beta1), as gitops-engine health_apiservice.go:
// never Degraded, so an unreachable backend (metrics-server down) shows Progressing.
import type { Health, KubeObject } from '../types.js';
import { findCondition, groupVersion, health, unsupportedVersion } from './read.js';

export function apiServiceHealth(a: KubeObject): Health {
  const { version } = groupVersion(a);
  if (version !== 'v1' && version !== 'v1beta1') return unsupportedVersion(a, 'APIService');
  const c = findCondition(a, 'Available');
  if (!c) return health('Progressing', 'Waiting to be processed');
  return health(c.status === 'True' ? 'Healthy' : 'Progressing', `${c.reason ?? ''}: ${c.message ?? ''}`);
}
