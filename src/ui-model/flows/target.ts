// What a command was invoked on: explicit args (AppArgs / ResourceArgs / RollbackArgs), a tree node
// model (it carries `app` and maybe `ref`), or nothing — then the app of the active manifest, else
// a pick among the workspace's apps.
import type { SessionSnapshot } from '../../engine/session/workspace-session.js';
import type { ObjectRef } from '../../engine/types.js';
import { isAppArgs, isResourceArgs } from '../command-args.js';
import type { PickItem } from './types.js';

export interface FlowTarget { app: string; ref?: ObjectRef; to?: string }

/** Narrows a command argument; undefined when it names no app. */
export function targetOf(arg: unknown): FlowTarget | undefined {
  if (!isAppArgs(arg)) return undefined;
  const to = (arg as { to?: unknown }).to;
  const ref = isResourceArgs(arg) ? arg.ref : undefined;
  return {
    app: arg.app,
    ...(ref ? { ref: { group: ref.group, kind: ref.kind, ...(ref.namespace ? { namespace: ref.namespace } : {}), name: ref.name } } : {}),
    ...(typeof to === 'string' && to ? { to } : {}),
  };
}

/** The apps whose rendered objects come from this repository-relative file (most specific first: fewest objects). */
export function appsOfFile(snapshot: SessionSnapshot, file: string): string[] {
  const hits: Array<{ app: string; n: number }> = [];
  for (const [app, objects] of snapshot.rendered) {
    if (objects.some((o) => o.source?.file === file)) hits.push({ app, n: objects.length });
  }
  return hits.sort((a, b) => a.n - b.n).map((h) => h.app);
}

/** Quick-pick items for the snapshot's apps, with their sync and health state. */
export function appPickItems(snapshot: SessionSnapshot): PickItem<string>[] {
  return snapshot.status.apps.map((a) => {
    return {
      label: a.name,
      description: `${a.sync} · ${a.health.status}`,
      detail: a.controller,
      value: a.name,
    };
  });
}

/**
 * Resolves the target: the argument when it names an app; else the one app declared by the active
 * file; else the user's pick (among the active file's apps when there are several). Undefined when
 * the user dismissed the pick or there is no app at all.
 */
export async function resolveTarget(arg: unknown, o: {
  snapshot: SessionSnapshot | undefined;
  /** repository-relative path of the active editor's file */
  activeFile?: string;
  pick: <T>(items: PickItem<T>[], placeholder: string) => Promise<T | undefined>;
  placeholder: string;
}): Promise<FlowTarget | undefined> {
  const direct = targetOf(arg);
  if (direct) return direct;
  const snap = o.snapshot;
  if (!snap) return undefined;
  const fromFile = o.activeFile ? appsOfFile(snap, o.activeFile) : [];
  if (fromFile.length === 1) return { app: fromFile[0]! };
  const items = appPickItems(snap).filter((i) => !fromFile.length || fromFile.includes(i.value));
  if (!items.length) return undefined;
  const app = await o.pick(items, o.placeholder);
  return app ? { app } : undefined;
}
