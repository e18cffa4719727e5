// Argo CD's health order (gitops-engine health.go healthOrder / IsWorse), best first.
import type { HealthStatus } from '../types.js';

export const HEALTH_ORDER: readonly HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

/** Whether `next` is worse than `current` in HEALTH_ORDER. */
export function isWorse(current: HealthStatus, next: HealthStatus): boolean {
  return HEALTH_ORDER.indexOf(next) > HEALTH_ORDER.indexOf(current);
}
