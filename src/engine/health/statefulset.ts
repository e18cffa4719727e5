// apps/v1 StatefulSet, as gitops-engine health_statefulset.go. The server defaults
// rollingUpdate.partition to 0, so the partition branch is the usual path and Argo never
// compares currentRevision with updateRevision for such objects.
import type { Health, KubeObject } from '../types.js';
import { dig, generation, groupVersion, health, num, observedGeneration, str, unsupportedVersion } from './read.js';

export function statefulSetHealth(s: KubeObject): Health {
  if (groupVersion(s).version !== 'v1') return unsupportedVersion(s, 'StatefulSet');
  const observed = observedGeneration(s) ?? 0;
  if (observed === 0 || (generation(s) ?? 0) > observed) return health('Progressing', 'Waiting for statefulset spec update to be observed...');
  const want = num(dig(s, 'spec', 'replicas'));
  const ready = num(dig(s, 'status', 'readyReplicas')) ?? 0;
  const updated = num(dig(s, 'status', 'updatedReplicas')) ?? 0;
  if (want !== undefined && ready < want) return health('Progressing', `Waiting for ${want - ready} pods to be ready...`);
  const strategy = str(dig(s, 'spec', 'updateStrategy', 'type')) ?? '';
  const rolling = dig(s, 'spec', 'updateStrategy', 'rollingUpdate');
  if (strategy === 'RollingUpdate' && rolling !== undefined && rolling !== null) {
    const partition = num(dig(rolling, 'partition'));
    if (want !== undefined && partition !== undefined && updated < want - partition) {
      return health('Progressing', `Waiting for partitioned roll out to finish: ${updated} out of ${want - partition} new pods have been updated...`);
    }
    return health('Healthy', `partitioned roll out complete: ${updated} new pods have been updated...`);
  }
  if (strategy === 'OnDelete') return health('Healthy', `statefulset has ${ready} ready pods`);
  const updateRevision = str(dig(s, 'status', 'updateRevision')) ?? '';
  const currentRevision = str(dig(s, 'status', 'currentRevision')) ?? '';
  if (updateRevision !== currentRevision) {
    return health('Progressing', `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`);
  }
  const current = num(dig(s, 'status', 'currentReplicas')) ?? 0;
  return health('Healthy', `statefulset rolling update complete ${current} pods at revision ${currentRevision}...`);
}
