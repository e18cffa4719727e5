// policy PodDisruptionBudget, as Argo CD's bundled PodDisruptionBudget/health.lua: the last
// condition decides, except that a False condition other than InsufficientPods is Degraded at
// once (InsufficientPods can be intended, argo-cd#20171).
import type { Health, KubeObject } from '../types.js';
import { conditions, health } from './read.js';

export function pdbHealth(p: KubeObject): Health {
  let result = health('Progressing', 'Waiting for status');
  for (const c of conditions(p)) {
    const text = `PodDisruptionBudget has ${c.reason ?? ''}`;
    if (c.status === 'False' && c.reason !== 'InsufficientPods') return health('Degraded', text);
    result = health('Healthy', text);
  }
  return result;
}
