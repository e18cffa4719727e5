// `contextValue` of every tree row, assembled in one place so package.json `when` clauses
// (`viewItem =~ /\bapp\b.*\boutOfSync\b/`) and the models agree. The first facet is the row kind.
import type { HealthStatus, Controller } from '../engine/types.js';
import type { ResourceStatus, SyncStatus } from '../engine/status/app-status.js';

/** `OutOfSync` → `outOfSync`: facets are camelCase words. */
const facet = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function join(kind: string, ...rest: Array<string | false | undefined>): string {
  return [kind, ...rest.filter((x): x is string => typeof x === 'string' && x !== '')].join(' ');
}

export function appFacets(a: { sync: SyncStatus; health: HealthStatus; controller: Controller; remote: boolean; problems: number; suspended: boolean; hasSource: boolean }): string {
  return join('app', facet(a.sync), `health${a.health}`, a.controller, a.remote && 'remote', a.problems > 0 && 'hasProblems',
    a.suspended && 'suspended', a.hasSource && 'hasSource');
}

export function resourceFacets(r: { status: ResourceStatus; hasSource: boolean; drifted: boolean }): string {
  // Live YAML exists for everything but a Missing object (and Unknown: not connected or not watched).
  const hasLive = r.status !== 'Missing' && r.status !== 'Unknown';
  return join('resource', facet(r.status), r.hasSource && 'hasSource', hasLive && 'hasLive', r.drifted && 'drifted');
}

export const fieldFacets = (kind: string | undefined, hasSource: boolean): string => join('field', kind && facet(kind.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())), hasSource && 'hasSource');
export const problemFacets = (severity: 'error' | 'warning'): string => join('problem', severity);
export const groupFacets = (by: 'controller' | 'namespace'): string => join('group', by);

export function commitFacets(c: { live: boolean; newest: boolean }): string {
  return join('commit', c.live && 'live', c.newest && 'newest');
}
