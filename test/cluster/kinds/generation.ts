// metadata.generation (spec §3.2): 1 on create, +1 when the parts named by the kind's rule change.
import type { KObject, ResourceType } from '../api/types.js';
import { semanticEqual } from './obj.js';

/** What an object's generation tracks: everything but metadata (and status, if excluded). */
function tracked(o: KObject, withoutStatus: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
    if (withoutStatus && k === 'status') continue;
    out[k] = v;
  }
  return out;
}

/** Whether the change from `old` to `next` bumps the generation under `t`'s rule. */
export function generationChanged(t: Pick<ResourceType, 'generation'>, old: KObject, next: KObject): boolean {
  switch (t.generation) {
    case 'none': return false;
    case 'spec': return !semanticEqual(old['spec'], next['spec']);
    case 'spec-or-annotations':
      // Deployment: annotations are copied to ReplicaSets, so they count too.
      return !semanticEqual(old['spec'], next['spec']) || !semanticEqual(old.metadata.annotations, next.metadata.annotations);
    case 'non-metadata': return !semanticEqual(tracked(old, false), tracked(next, false));
    case 'non-metadata-status': return !semanticEqual(tracked(old, true), tracked(next, true));
  }
}

/**
 * The generation `next` gets when it replaces `old`. Callers skip kinds whose rule is 'none'
 * (generation absent); for those this returns the old value (or 0). `/status` writes must not
 * call this: they never bump the generation.
 */
export function nextGeneration(t: Pick<ResourceType, 'generation'>, old: KObject, next: KObject): number {
  const current = typeof old.metadata.generation === 'number' ? old.metadata.generation : (t.generation === 'none' ? 0 : 1);
  return generationChanged(t, old, next) ? current + 1 : current;
}
