// Two apps with one name: both stay listed, and the user is told where each is declared.
// The same controller declaring a name twice is an error (Argo CD and Flux would fight over one
// object); the same name across controllers (an app moving from Flux to Argo CD, or a
// `.plumb.yaml` entry) is a warning, since a name on the command line becomes ambiguous.

import type { AppSpec, EngineProblem } from '../types.js';

const label = (a: AppSpec): string => `${a.controller}${a.declaredIn ? ` at ${a.declaredIn.file}:${a.declaredIn.line}` : ''}`;

export function reportDuplicateNames(apps: AppSpec[], problems: EngineProblem[]): void {
  const groups = new Map<string, AppSpec[]>();
  for (const a of apps) groups.set(a.name, [...(groups.get(a.name) ?? []), a]);
  for (const [name, group] of groups) {
    if (group.length < 2) continue;
    group.slice(1).forEach((dup, i) => {
      const first = group.find((g, j) => j <= i && g.controller === dup.controller && g.owner?.namespace === dup.owner?.namespace);
      const other = first ?? group[0]!;
      problems.push({
        severity: first ? 'error' : 'warning',
        message: `app name "${name}" is declared more than once: ${label(other)} and ${label(dup)}; both are listed`,
        location: dup.declaredIn,
        app: name,
      });
    });
  }
}
