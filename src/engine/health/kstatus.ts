// kstatus (sigs.k8s.io/cli-utils pkg/kstatus) for custom resources Argo CD has no rule for,
// mapped as engine-reference §3.4 says: Current → Healthy, InProgress → Progressing,
// Failed → Degraded; `spec.suspend`/`spec.paused` → Suspended.
import type { Health, KubeObject } from '../types.js';
import { conditions, dig, generation, health, observedGeneration, type Condition } from './read.js';

const text = (c: Condition) => [c.reason, c.message].filter(Boolean).join(': ');

/**
 * kstatus's generic reading: stale generation, then Reconciling/Stalled, then Ready.
 * undefined when the object carries none of these signals: kstatus would call it Current, but an
 * object whose status we cannot read is not known to be healthy (Argo CD shows no health).
 */
export function genericHealth(o: KubeObject): Health | undefined {
  const kind = o.kind ?? 'Resource';
  if (dig(o, 'spec', 'suspend') === true) return health('Suspended', `${kind} is suspended`);
  if (dig(o, 'spec', 'paused') === true) return health('Suspended', `${kind} is paused`);
  const stale = staleGeneration(o);
  if (stale) return stale;
  const list = conditions(o);
  const reconciling = list.find((c) => c.type === 'Reconciling' && c.status === 'True');
  if (reconciling) return health('Progressing', text(reconciling));
  const stalled = list.find((c) => c.type === 'Stalled' && c.status === 'True');
  if (stalled) return health('Degraded', text(stalled));
  const ready = list.find((c) => c.type === 'Ready' && (c.status === 'True' || c.status === 'False' || c.status === 'Unknown'));
  if (ready?.status === 'True') return health('Healthy', 'Resource is Ready');
  // kstatus reads Ready=False as still in progress, not as failed.
  if (ready) return health('Progressing', text(ready));
  if (observedGeneration(o) !== undefined) return health('Healthy', 'Resource is current');
  return undefined;
}

/** kstatus checkGeneration: an observedGeneration that differs from metadata.generation. */
export function staleGeneration(o: KubeObject): Health | undefined {
  const gen = generation(o);
  const observed = observedGeneration(o);
  if (gen === undefined || observed === undefined || gen === observed) return undefined;
  return health('Progressing', `${o.kind ?? 'Resource'} generation is ${gen}, but latest observed generation is ${observed}`);
}
