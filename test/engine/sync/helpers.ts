// Hand-made inputs for sync plan tests.
import type { AppSpec, KubeObject, ObjectRef, RenderedObject, Verdict } from '../../../src/engine/types.js';
import { refKey } from '../../../src/engine/types.js';
import type { PlanInput } from '../../../src/engine/sync/plan.js';
import type { SyncOptions } from '../../../src/engine/sync/options.js';

export function obj(apiVersion: string, kind: string, name: string, namespace?: string, annotations?: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) }, ...extra };
}

export const app = (syncOptions: string[] = [], extra: Partial<AppSpec> = {}): AppSpec => ({
  name: 'shop', controller: 'argocd', source: { type: 'directory', path: 'apps/shop' },
  destination: { namespace: 'shop' }, syncPolicy: { syncOptions }, ...extra,
});

export const inSync: Verdict = { inSync: true, driftPaths: [], note: 'in sync' };
export const drift = (...paths: string[]): Verdict => ({ inSync: false, driftPaths: paths, note: 'drift' });
export const recreate = (...paths: string[]): Verdict => ({ ...drift(...paths), syncStrategy: 'recreate' });

export interface Case {
  desired?: KubeObject[];
  /** live objects (looked up by ref) */
  live?: KubeObject[];
  inventory?: KubeObject[];
  verdicts?: Array<[KubeObject, Verdict]>;
  app?: AppSpec;
  options?: SyncOptions;
}

const key = (r: ObjectRef) => refKey(r);

export function input(c: Case): PlanInput {
  const ref = (o: KubeObject): ObjectRef => {
    const av = o.apiVersion ?? '';
    return { group: av.includes('/') ? av.split('/')[0]! : '', kind: o.kind ?? '', namespace: o.metadata?.namespace, name: o.metadata?.name ?? '' };
  };
  const live = new Map((c.live ?? []).map((o) => [key(ref(o)), o]));
  const desired: RenderedObject[] = (c.desired ?? []).map((object) => ({ object }));
  return {
    app: c.app ?? app(),
    desired,
    live: (r) => live.get(key(r)),
    inventory: c.inventory ?? [],
    verdicts: new Map((c.verdicts ?? []).map(([o, v]) => [key(ref(o)), v])),
    ...(c.options ? { options: c.options } : {}),
  };
}
