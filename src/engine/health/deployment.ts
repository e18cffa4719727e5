// apps/v1 Deployment, as gitops-engine health_deployment.go (after kubectl rollout status):
// paused → Suspended; once the generation is observed, ProgressDeadlineExceeded → Degraded,
// then the replica counters. `Available=False` alone is not Degraded.
import type { Health, KubeObject } from '../types.js';
import { dig, findCondition, generation, groupVersion, health, num, observedGeneration, unsupportedVersion } from './read.js';

export function deploymentHealth(d: KubeObject): Health {
  if (groupVersion(d).version !== 'v1') return unsupportedVersion(d, 'Deployment');
  if (dig(d, 'spec', 'paused') === true) return health('Suspended', 'Deployment is paused');
  if ((generation(d) ?? 0) > (observedGeneration(d) ?? 0)) {
    return health('Progressing', 'Waiting for rollout to finish: observed deployment generation less than desired generation');
  }
  const want = num(dig(d, 'spec', 'replicas'));
  const replicas = num(dig(d, 'status', 'replicas')) ?? 0;
  const updated = num(dig(d, 'status', 'updatedReplicas')) ?? 0;
  const available = num(dig(d, 'status', 'availableReplicas')) ?? 0;
  if (findCondition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return health('Degraded', `Deployment "${d.metadata?.name ?? ''}" exceeded its progress deadline`);
  }
  if (want !== undefined && updated < want) {
    return health('Progressing', `Waiting for rollout to finish: ${updated} out of ${want} new replicas have been updated...`);
  }
  if (replicas > updated) {
    return health('Progressing', `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination...`);
  }
  if (available < updated) {
    return health('Progressing', `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`);
  }
  return health('Healthy');
}
