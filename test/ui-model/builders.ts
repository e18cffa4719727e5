// Small hand-built snapshots for the view-model tests (edge cases the real cluster cannot stage cheaply).
import type { SessionSnapshot } from '../../src/engine/session/workspace-session.js';
import type { AppResult, FieldDrift, ResourceResult } from '../../src/engine/status/app-status.js';
import type { AppSpec, RenderedObject } from '../../src/engine/types.js';

export type Snap = Pick<SessionSnapshot, 'repoRoot' | 'status' | 'specs' | 'rendered' | 'connection'>;

export function resource(kind: string, name: string, more: Partial<ResourceResult> = {}): ResourceResult {
  return { group: kind === 'Deployment' ? 'apps' : '', version: 'v1', kind, name, namespace: 'shop', status: 'Synced', drift: [], ...more };
}

export function drift(path: string, more: Partial<FieldDrift> = {}): FieldDrift {
  return { path, kind: 'conflict', ...more };
}

export interface AppInput { name: string; controller?: AppSpec['controller']; namespace?: string; result?: Partial<AppResult>; spec?: Partial<AppSpec>; rendered?: RenderedObject[] }

export function snapshot(apps: AppInput[], more: Partial<Snap> = {}): Snap {
  const specs: AppSpec[] = apps.map((a) => ({
    name: a.name, controller: a.controller ?? 'plain', source: { type: 'directory', path: `apps/${a.name}` },
    destination: a.namespace === undefined ? {} : { namespace: a.namespace }, declaredIn: { file: '.plumb.yaml', line: 3 }, ...a.spec,
  }));
  const results: AppResult[] = apps.map((a) => ({
    name: a.name, controller: a.controller ?? 'plain', sync: 'Synced', health: { status: 'Healthy' }, resources: [], problems: [], ...a.result,
  }));
  return {
    repoRoot: '/repo', connection: { state: 'connected', context: 'kind-dev', server: 'https://127.0.0.1:6443', namespace: 'default' },
    status: { apps: results, problems: [] }, specs, rendered: new Map(apps.map((a) => [a.name, a.rendered ?? []])), ...more,
  };
}

/** `n` apps with `perApp` resources each; every 7th app has one drifted Deployment. */
export function syntheticSnapshot(n: number, perApp: number): Snap {
  const controllers: AppSpec['controller'][] = ['argocd', 'flux', 'plain'];
  return snapshot(Array.from({ length: n }, (_, i) => {
    const name = `app-${String(i).padStart(4, '0')}`;
    const drifted = i % 7 === 0;
    const resources = Array.from({ length: perApp }, (_, j) => resource(j === 0 ? 'Deployment' : 'ConfigMap', `${name}-r${j}`, {
      namespace: `ns-${i % 20}`, source: { file: `apps/${name}/r${j}.yaml`, line: 1 },
      ...(drifted && j === 0 ? { status: 'OutOfSync' as const, drift: [drift('spec.replicas', { live: 7, desired: 2, manager: 'kubectl-scale', time: '2026-01-01T00:00:00Z' })] } : {}),
    }));
    return {
      name, controller: controllers[i % 3], namespace: `ns-${i % 20}`,
      result: { sync: drifted ? 'OutOfSync' as const : 'Synced' as const, resources },
      rendered: resources.map((r) => ({ object: { apiVersion: r.group ? `${r.group}/v1` : 'v1', kind: r.kind, metadata: { name: r.name, namespace: r.namespace } }, source: r.source, fieldSources: { 'spec.replicas': { file: `apps/${name}/r0.yaml`, line: 6 } } })),
    };
  }));
}
