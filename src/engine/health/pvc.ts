// v1 PersistentVolumeClaim, as gitops-engine health_pvc.go (no message). A claim of a
// WaitForFirstConsumer StorageClass stays Progressing until a Pod uses it.
import type { Health, KubeObject } from '../types.js';
import { dig, groupVersion, health, unsupportedVersion } from './read.js';

export function pvcHealth(c: KubeObject): Health {
  if (groupVersion(c).version !== 'v1') return unsupportedVersion(c, 'PersistentVolumeClaim');
  switch (dig(c, 'status', 'phase')) {
    case 'Bound': return health('Healthy');
    case 'Pending': return health('Progressing');
    case 'Lost': return health('Degraded');
    default: return health('Unknown');
  }
}
