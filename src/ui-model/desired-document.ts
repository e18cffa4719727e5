// The read-only `plumb-desired:` documents: a rendered object as Git wants it, for VS Code's native
// diff editor against the `plumb-live:` document. Secret values are masked like the live side.
import type { SessionSnapshot } from '../engine/session/workspace-session.js';
import { refKey, refOf, type KubeObject, type ObjectRef } from '../engine/types.js';
import { livePath, liveUnavailable, liveYaml, refOfLivePath } from './live-document.js';

export const DESIRED_SCHEME = 'plumb-desired';

/** `/<app>/<group>/<Kind>/<namespace>/<name>.yaml` */
export function desiredPath(app: string, ref: ObjectRef): string {
  return `/${encodeURIComponent(app)}${livePath(ref)}`;
}

export function parseDesiredPath(path: string): { app: string; ref: ObjectRef } | undefined {
  const m = /^\/([^/]+)(\/.*)$/.exec(path);
  if (!m) return undefined;
  const ref = refOfLivePath(m[2]!);
  return ref ? { app: decodeURIComponent(m[1]!), ref } : undefined;
}

/** The desired object's YAML (status dropped, Secret stringData shown as data, values masked). */
export function desiredYaml(snapshot: SessionSnapshot | undefined, app: string, ref: ObjectRef): string {
  if (!snapshot) return liveUnavailable(ref, 'the workspace is still loading');
  const found = (snapshot.rendered.get(app) ?? []).find((o) => refKey(refOf(o.object)) === refKey(ref));
  if (!found) return liveUnavailable(ref, `not rendered by ${app}`);
  const o: KubeObject = { ...found.object };
  delete o['status'];
  if (o.kind === 'Secret' && o['stringData'] && typeof o['stringData'] === 'object') {
    // keys line up with the live side, which the API server stores under data
    o['data'] = { ...(o['data'] as object | undefined), ...(o['stringData'] as object) };
    delete o['stringData'];
  }
  return liveYaml(o);
}
