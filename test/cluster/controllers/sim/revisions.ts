// ControllerRevisions for StatefulSets and DaemonSets: one per distinct pod template, named
// `<owner>-<hash>`, numbered in creation order (what `kubectl rollout history` lists).
import type { KObject } from '../../api/types.js';
import { clone } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { controllerRef } from '../owners.js';
import { tryCreate, typeOf } from '../util.js';
import type { SimContext } from './context.js';
import { templateHash } from './hash.js';
import { ownerReference } from './pods.js';

export const CR_GR = grKey('apps', 'controllerrevisions');

export interface Revision { name: string; hash: string; revision: number }

/** Ensure the revision of `owner`'s current template exists; returns its name and hash. */
export function ensureRevision(ctx: SimContext, owner: KObject, template: unknown): Revision {
  const hash = templateHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const ns = owner.metadata.namespace!;
  const mine = ctx.owners.dependentObjects(owner.metadata.uid!, CR_GR).filter((r) => controllerRef(r)?.uid === owner.metadata.uid);
  const existing = mine.find((r) => r.metadata.name === name);
  if (existing) return { name, hash, revision: Number(existing['revision'] ?? 0) };
  const revision = Math.max(0, ...mine.map((r) => Number(r['revision'] ?? 0))) + 1;
  const tpl = clone(template ?? {}) as Record<string, unknown>;
  tpl['$patch'] = 'replace';
  const labels = { ...(((template as { metadata?: { labels?: Record<string, string> } })?.metadata?.labels) ?? {}), 'controller-revision-hash': hash };
  tryCreate(ctx.cluster, typeOf(ctx.cluster, 'apps', 'controllerrevisions'), ns, {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: { name, namespace: ns, labels, ownerReferences: [ownerReference(owner)] },
    data: { spec: { template: tpl } },
    revision,
  });
  return { name, hash, revision };
}
