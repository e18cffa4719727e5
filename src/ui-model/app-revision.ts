// The Git revision each app runs, read from live objects already in the cache (no requests): an
// Argo CD Application's status.sync.revision, else the `plumb.dev/revision` annotation of the
// object Plumb applied most recently (a sync skips unchanged objects, which keep an older one).
import { PLUMB_REVISION_ANNOTATION } from '../engine/sync/execute.js';
import { refOf, type AppSpec, type KubeObject, type ObjectRef, type RenderedObject } from '../engine/types.js';

export type LiveLookup = (ref: ObjectRef) => KubeObject | undefined;

export function appRevision(spec: AppSpec, rendered: readonly RenderedObject[] | undefined, live: LiveLookup): string | undefined {
  if (spec.controller === 'argocd' && spec.owner?.namespace) {
    const application = live({ group: 'argoproj.io', kind: 'Application', namespace: spec.owner.namespace, name: spec.name });
    const rev = (application?.['status'] as { sync?: { revision?: unknown } } | undefined)?.sync?.revision;
    if (typeof rev === 'string' && rev) return rev;
  }
  let best: { rev: string; time: string } | undefined;
  for (const r of rendered ?? []) {
    const ref = refOf(r.object);
    const o = live(ref.namespace || !spec.destination.namespace ? ref : { ...ref, namespace: spec.destination.namespace });
    const rev = o?.metadata?.annotations?.[PLUMB_REVISION_ANNOTATION];
    if (!rev) continue;
    const time = (o?.metadata?.managedFields ?? []).filter((m) => m.manager === 'plumb').map((m) => m.time ?? '').sort().pop() ?? '';
    if (!best || time > best.time) best = { rev, time };
  }
  return best?.rev;
}

/** Every app's revision, for AppsTreeInput.revisions. */
export function appRevisions(specs: readonly AppSpec[], rendered: ReadonlyMap<string, readonly RenderedObject[]>, live: LiveLookup): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of specs) {
    const rev = appRevision(s, rendered.get(s.name), live);
    if (rev) out.set(s.name, rev);
  }
  return out;
}
