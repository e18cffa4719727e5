// Which Git commit an app was applied from: HEAD of the repository when Plumb syncs, and the
// `plumb.dev/revision` annotation (or an Argo CD Application's status.sync.revision) when read back.
import { GitError, runGit } from './git.js';
import { workingTreeState } from './status.js';
import type { KubeClient } from '../kube/client.js';
import { isKubeError, isNotFound, isUnknownKind } from '../kube/errors.js';
import { findControllerOwner } from '../sync/controller.js';
import { PLUMB_REVISION_ANNOTATION } from '../sync/execute.js';
import { targetOf } from '../sync/wait.js';
import type { AppSpec, KubeObject } from '../types.js';

/** Set on objects applied by `plumb rollback --break-glass`. */
export const BREAK_GLASS_ANNOTATION = 'plumb.dev/break-glass';

/** HEAD's full sha and whether tracked files differ from it; `{ dirty: false }` outside a Git repository. */
export async function headRevision(root: string, signal: AbortSignal): Promise<{ sha?: string; dirty: boolean }> {
  try {
    const r = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], { signal, okCodes: [1] });
    const sha = r.code === 0 ? r.stdout.trim() : undefined;
    if (!sha) return { dirty: false };
    return { sha, dirty: (await workingTreeState(root, signal)).dirty };
  } catch (e) {
    if (e instanceof GitError) return { dirty: false };
    throw e;
  }
}

/**
 * The revisions recorded on the app's live objects: Argo CD apps give the Application's
 * status.sync.revision; otherwise each rendered object's live `plumb.dev/revision` (objects a sync
 * left unchanged keep an older one). `breakGlass` is the revision of a break-glass apply, if any
 * object carries one. Throws on transport errors (cluster unreachable).
 */
export async function liveRevisions(client: KubeClient, app: AppSpec, objects: KubeObject[], signal: AbortSignal): Promise<{ revisions: string[]; breakGlass?: string }> {
  if (app.controller === 'argocd') {
    const owner = await findControllerOwner(client, app, signal);
    if (owner?.tool === 'argocd') {
      const o = await client.get({ group: 'argoproj.io', kind: 'Application', namespace: owner.namespace, name: owner.name }, { signal });
      const rev = (o.status as { sync?: { revision?: unknown } } | undefined)?.sync?.revision;
      if (typeof rev === 'string' && rev) return { revisions: [rev] };
    }
  }
  const revisions = new Set<string>();
  let breakGlass: string | undefined;
  for (const o of objects) {
    const t = targetOf(o);
    if (!t.name) continue;
    let live: KubeObject;
    try {
      live = await client.get(t.namespace || !app.destination.namespace ? t : { ...t, namespace: app.destination.namespace }, { signal });
    } catch (e) {
      // A missing object or kind says nothing about the others; anything else (no cluster) does.
      if (isNotFound(e) || isUnknownKind(e) || (isKubeError(e) && e.code >= 400 && e.code < 500)) continue;
      throw e;
    }
    const ann = live.metadata?.annotations ?? {};
    const rev = ann[PLUMB_REVISION_ANNOTATION];
    if (!rev) continue;
    revisions.add(rev);
    if (ann[BREAK_GLASS_ANNOTATION] === 'true') breakGlass = rev;
  }
  return { revisions: [...revisions], ...(breakGlass ? { breakGlass } : {}) };
}

/** The live commit: a break-glass revision wins; else the newest recorded one among `newestFirst`. */
export function pickLive(found: { revisions: string[]; breakGlass?: string }, newestFirst: string[]): string | undefined {
  if (found.breakGlass) return found.breakGlass;
  return newestFirst.find((sha) => found.revisions.includes(sha)) ?? found.revisions[0];
}
