// The diff panel's state for an app or one of its resources, from a session snapshot: the
// resource list (filtered), the selected resource's desired-vs-live diff, and a sync plan awaiting
// confirmation. Pure: the live objects come through `live`, so tests feed a real session's cache.
import type { SessionSnapshot } from '../engine/session/workspace-session.js';
import { refKey, refOf, type KubeObject, type ObjectRef } from '../engine/types.js';
import { resourceDiff } from './diff/resource-diff.js';
import { refLabel } from './diff/sync-plan-view.js';
import type { DiffPanelState, PanelIdentity, ResourceItem, SyncPlanView, ViewOptions } from './diff/types.js';

export * from './diff/types.js';
export { syncPlanView } from './diff/sync-plan-view.js';

export interface DiffPanelInput {
  snapshot: SessionSnapshot | undefined;
  identity: PanelIdentity;
  options: ViewOptions;
  /** the resource the user picked in the list (resource id); else identity.ref, else the first that differs */
  selected?: string;
  /** the cached live object of a resource */
  live: (ref: ObjectRef) => KubeObject | undefined;
  plan?: SyncPlanView;
}

const differs = (r: ResourceItem) => r.status !== 'Synced';

export function buildDiffPanelState(input: DiffPanelInput): DiffPanelState {
  const { snapshot: snap, identity, options } = input;
  const base: DiffPanelState = {
    seq: snap?.seq ?? 0, at: snap?.at ?? '', identity, options,
    connection: snap ? { state: snap.connection.state, ...(snap.connection.message ? { message: snap.connection.message } : {}) } : { state: 'offline' },
    resources: [], resourceTotal: 0, ...(input.plan ? { plan: input.plan } : {}),
  };
  if (!snap) return { ...base, message: 'Loading the workspace…' };
  const app = snap.status.apps.find((a) => a.name === identity.app);
  if (!app) return { ...base, message: `No app named "${identity.app}" in this workspace.` };
  let all: ResourceItem[] = app.resources.map((r) => {
    const ref: ObjectRef = { group: r.group, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name };
    return {
      id: refKey(ref), ref, label: refLabel(ref), status: r.status, driftCount: r.drift.length,
      ...(r.health ? { health: r.health.status } : {}), ...(r.source ? { source: r.source } : {}),
    };
  });
  if (identity.ref) all = all.filter((r) => r.id === refKey(identity.ref!));
  const resources = options.onlyDrift ? all.filter(differs) : all;
  const selected = [input.selected, identity.ref ? refKey(identity.ref) : undefined].find((id) => id && all.some((r) => r.id === id))
    ?? (resources.find(differs) ?? resources[0])?.id;
  const state: DiffPanelState = {
    ...base, resources, resourceTotal: all.length,
    app: { name: app.name, controller: app.controller, sync: app.sync, health: app.health.status },
    ...(selected ? { selected } : {}),
  };
  if (identity.ref && all.length === 0) state.message = `${refLabel(identity.ref)} is not part of ${app.name} any more.`;
  const item = all.find((r) => r.id === selected);
  if (!item) return state;
  const resource = app.resources.find((r) => refKey({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name }) === item.id)!;
  const desired = (snap.rendered.get(app.name) ?? []).find((o) => refKey(refOf(o.object)) === item.id)?.object;
  const connected = snap.connection.state === 'connected' || snap.connection.state === 'reconnecting';
  state.diff = resourceDiff({
    id: item.id, title: item.label, resource, desired, live: connected ? input.live(item.ref) : undefined, options, connected,
  });
  return state;
}
