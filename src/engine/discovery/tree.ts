// App-of-apps: an app whose source holds Application, ApplicationSet, Kustomization or
// HelmRelease manifests has those apps as children. Cycles are reported and broken, so the
// tree consumers build always ends. An app listing its own manifest (a self-managed root app,
// common in Argo CD) is not its own child.

import type { AppSpec, EngineProblem } from '../types.js';
import type { RepoScan } from './scan.js';
import { sourceReach } from './source-files.js';

/** The file whose manifest produces each app (an ApplicationSet's file for the apps it generates). */
function declaringFile(app: AppSpec): string | undefined {
  if (app.controller === 'plain') return undefined;
  return app.generatedBy?.location?.file ?? app.declaredIn?.file;
}

export function linkChildren(apps: AppSpec[], scan: RepoScan, problems: EngineProblem[]): void {
  const byFile = new Map<string, string[]>();
  for (const app of apps) {
    const f = declaringFile(app);
    if (!f) continue;
    const list = byFile.get(f) ?? [];
    if (!list.includes(app.name)) list.push(app.name);
    byFile.set(f, list);
  }
  for (const app of apps) {
    if (app.remote || app.controller === 'plain') continue;
    const sources = app.sources ? app.sources.filter((s) => !s.remote).map((s) => s.source) : [app.source];
    const children = new Set<string>();
    for (const src of sources) {
      for (const f of sourceReach(src, scan).files) for (const n of byFile.get(f) ?? []) if (n !== app.name) children.add(n);
    }
    if (children.size > 0) app.children = [...children].sort();
  }
  breakCycles(apps, problems);
}

function breakCycles(apps: AppSpec[], problems: EngineProblem[]): void {
  const byName = new Map<string, AppSpec>();
  for (const a of apps) if (!byName.has(a.name)) byName.set(a.name, a);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    stack.push(name);
    const app = byName.get(name);
    for (const child of [...(app?.children ?? [])]) {
      const s = state.get(child);
      if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(child)), child];
        app!.children = app!.children!.filter((c) => c !== child);
        if (app!.children.length === 0) delete app!.children;
        problems.push({
          severity: 'warning',
          message: `app-of-apps cycle: ${cycle.join(' → ')}; ${child} is not shown as a child of ${name}`,
          location: app!.declaredIn,
          app: name,
        });
      } else if (s === undefined) visit(child);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const a of apps) if (!state.has(a.name)) visit(a.name);
}
