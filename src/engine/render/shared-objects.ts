// One object declared by two apps of one controller and cluster: each keeps applying its own
// copy, so the object flips between them (Argo CD calls it a SharedResourceWarning). Reported
// once per extra app. Apps of different controllers or clusters are not compared: a repository
// may hold alternative setups of one folder (Argo CD and Flux during a migration, a local
// `.plumb.yaml` entry), and one object in two clusters is two objects.

import { refKey, refOf, type EngineProblem, type RenderedObject } from '../types.js';

export interface RenderedApp {
  name: string;
  objects: readonly RenderedObject[];
  /** controller and destination cluster: only apps with the same scope are compared */
  scope?: string;
}

export function sharedObjects(apps: readonly RenderedApp[]): EngineProblem[] {
  const first = new Map<string, { app: string; at?: RenderedObject['source'] }>();
  const out: EngineProblem[] = [];
  for (const app of apps) {
    const mine = new Set<string>();
    for (const r of app.objects) {
      const ref = refOf(r.object);
      const own = refKey(ref);
      if (mine.has(own)) continue; // twice in one app: renderApp's own warning
      mine.add(own);
      const key = `${app.scope ?? ''}|${own}`;
      const owner = first.get(key);
      if (!owner) {
        first.set(key, { app: app.name, ...(r.source ? { at: r.source } : {}) });
        continue;
      }
      const where = owner.at ? ` (${owner.at.file}:${owner.at.line})` : '';
      out.push({
        severity: 'warning',
        message: `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} is also declared by app ${owner.app}${where}: both apps apply it and overwrite each other`,
        app: app.name,
        object: ref,
        ...(r.source ? { location: r.source } : {}),
      });
    }
  }
  return out;
}
