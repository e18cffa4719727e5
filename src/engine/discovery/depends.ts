// Flux `dependsOn` cycles: Flux keeps such Kustomizations and HelmReleases waiting forever
// ("dependency not ready"), so the user is told here. (A dependency declared in another
// repository is normal, so a name not found here is not reported.)

import type { AppSpec, EngineProblem } from '../types.js';

export function reportDependencyCycles(apps: AppSpec[], problems: EngineProblem[]): void {
  const byName = new Map(apps.map((a) => [a.name, a]));
  // Depth-first search; each cycle is reported once, at its first app in discovery order.
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    path.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(dep)) continue;
      if (state.get(dep) === 'open') {
        const cycle = [...path.slice(path.indexOf(dep)), dep];
        const at = byName.get(cycle[0]!)!;
        problems.push({ severity: 'error', message: `dependsOn cycle: ${cycle.join(' → ')}: Flux never reconciles these`, app: at.name, ...(at.declaredIn ? { location: at.declaredIn } : {}) });
      } else if (!state.has(dep)) visit(dep);
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const app of apps) if (!state.has(app.name)) visit(app.name);
}
