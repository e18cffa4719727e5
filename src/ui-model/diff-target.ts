// What `Plumb: Diff` is about: its argument (AppArgs / ResourceArgs), else the object under the
// cursor of the active manifest, else an app the user picks.
import type { SessionSnapshot } from '../engine/session/workspace-session.js';
import { refOf } from '../engine/types.js';
import type { AppArgs, ResourceArgs } from './command-args.js';
import { appPickItems, targetOf } from './flows/target.js';
import type { PickItem } from './flows/types.js';

/**
 * The rendered object declared at or above `line` (1-based) in a repository-relative file: the
 * object whose declaration starts last before the cursor. Several apps may render the same file
 * (a shared base): the app with the fewest objects is the most specific.
 */
export function objectAt(snapshot: SessionSnapshot, file: string, line: number): ResourceArgs | undefined {
  let best: { app: string; line: number; n: number; args: ResourceArgs } | undefined;
  for (const [app, objects] of snapshot.rendered) {
    for (const o of objects) {
      if (o.source?.file !== file || o.source.line > line) continue;
      const better = !best || o.source.line > best.line || (o.source.line === best.line && objects.length < best.n);
      if (better) best = { app, line: o.source.line, n: objects.length, args: { app, ref: refOf(o.object) } };
    }
  }
  return best?.args;
}

export async function resolveDiffTarget(arg: unknown, o: {
  snapshot: SessionSnapshot | undefined;
  /** the active editor's file (repository-relative) and cursor line (1-based) */
  active?: { file: string; line: number };
  pick: (items: PickItem<string>[], placeholder: string) => Promise<string | undefined>;
}): Promise<AppArgs | ResourceArgs | undefined> {
  const direct = targetOf(arg);
  if (direct) return direct.ref ? { app: direct.app, ref: direct.ref } : { app: direct.app };
  const snap = o.snapshot;
  if (!snap) return undefined;
  if (o.active) {
    const at = objectAt(snap, o.active.file, o.active.line);
    if (at) return at;
  }
  const app = await o.pick(appPickItems(snap), 'Diff which application against the cluster?');
  return app ? { app } : undefined;
}
