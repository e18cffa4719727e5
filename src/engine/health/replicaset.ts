// apps/v1 ReplicaSet, as gitops-engine health_replicaset.go.
import type { Health, KubeObject } from '../types.js';
import { dig, findCondition, generation, groupVersion, health, num, observedGeneration, unsupportedVersion } from './read.js';

export function replicaSetHealth(r: KubeObject): Health {
  if (groupVersion(r).version !== 'v1') return unsupportedVersion(r, 'ReplicaSet');
  if ((generation(r) ?? 0) > (observedGeneration(r) ?? 0)) {
    return health('Progressing', 'Waiting for rollout to finish: observed replica set generation less than desired generation');
  }
  const failure = findCondition(r, 'ReplicaFailure');
  if (failure?.status === 'True') return health('Degraded', failure.message);
  const want = num(dig(r, 'spec', 'replicas'));
  const available = num(dig(r, 'status', 'availableReplicas')) ?? 0;
  if (want !== undefined && available < want) {
    return health('Progressing', `Waiting for rollout to finish: ${available} out of ${want} new replicas are available...`);
  }
  return health('Healthy');
}
