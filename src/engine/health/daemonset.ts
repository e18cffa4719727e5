// apps/v1 DaemonSet, as gitops-engine health_daemonset.go.
import type { Health, KubeObject } from '../types.js';
import { dig, generation, groupVersion, health, num, observedGeneration, unsupportedVersion } from './read.js';

export function daemonSetHealth(d: KubeObject): Health {
  if (groupVersion(d).version !== 'v1') return unsupportedVersion(d, 'DaemonSet');
  if ((generation(d) ?? 0) > (observedGeneration(d) ?? 0)) {
    return health('Progressing', 'Waiting for rollout to finish: observed daemon set generation less than desired generation');
  }
  const name = d.metadata?.name ?? '';
  const desired = num(dig(d, 'status', 'desiredNumberScheduled')) ?? 0;
  const updated = num(dig(d, 'status', 'updatedNumberScheduled')) ?? 0;
  const available = num(dig(d, 'status', 'numberAvailable')) ?? 0;
  if (dig(d, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return health('Healthy', `daemon set ${updated} out of ${desired} new pods have been updated`);
  }
  if (updated < desired) {
    return health('Progressing', `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`);
  }
  if (available < desired) {
    return health('Progressing', `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`);
  }
  return health('Healthy');
}
