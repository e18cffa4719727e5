// The History view's rows for one app: the commits that changed its sources, newest first, the
// one running in the cluster marked. A row doubles as `RollbackArgs` ({app, to}).
import type { CommitInfo } from '../engine/git/history.js';
import { commitFacets } from './context-facets.js';
import { ago, mdCode, mdEscape } from './format.js';
import type { IconModel } from './tree-nodes.js';

export interface CommitNode {
  type: 'commit';
  id: string;
  /** RollbackArgs */
  app: string;
  to: string;
  live: boolean;
  label: string;
  description: string;
  tooltip: string;
  icon: IconModel;
  contextValue: string;
}

/**
 * `deployedFrom`: the revision the cluster records when it is a later commit that did not touch
 * the app (then `liveSha` is the app's newest commit at that revision).
 */
export function historyNodes(app: string, commits: readonly CommitInfo[], liveSha: string | undefined, now = Date.now(), deployedFrom?: string): CommitNode[] {
  return commits.map((c, i) => {
    const live = !!liveSha && (c.sha === liveSha || c.sha.startsWith(liveSha));
    const when = ago(c.date, now) ?? c.date;
    const liveText = deployedFrom ? ` — **live in the cluster** (deployed from ${mdCode(deployedFrom.slice(0, 12))}, same sources)` : ' — **live in the cluster**';
    const tip = [
      `${mdCode(c.shortSha)} ${mdEscape(c.subject)}${live ? liveText : ''}`,
      `${mdEscape(c.author)}${c.email ? ` <${mdEscape(c.email)}>` : ''}, ${mdEscape(c.date)}`,
    ];
    if (c.files.length) tip.push(c.files.slice(0, 10).map((f) => `- ${mdCode(f)}`).join('\n') + (c.files.length > 10 ? `\n- … ${c.files.length - 10} more` : ''));
    return {
      type: 'commit', id: `commit:${app}:${c.sha}`, app, to: c.sha, live,
      label: c.subject || c.shortSha, description: `${live ? 'LIVE · ' : ''}${c.shortSha} · ${c.author} · ${when}`,
      tooltip: tip.join('\n\n'),
      icon: live ? { id: 'debug-stackframe', color: 'testing.iconPassed' } : { id: c.merge ? 'git-merge' : 'git-commit' },
      // Rolling back to the newest commit would revert nothing: the menu leaves it out.
      contextValue: commitFacets({ live, newest: i === 0 }),
    };
  });
}

/** What the History view says above (or instead of) the commits. */
export function historyMessage(app: string | undefined, commits: number, liveSha: string | undefined, liveNote?: string): string | undefined {
  if (!app) return 'Select an application to see its history.';
  if (!commits) return `No commits touch ${app}'s sources.`;
  if (liveNote) return `${app}: ${liveNote}`;
  return liveSha ? undefined : `${app}: no commit is known to be live (not synced by Plumb or Argo CD yet, or not connected).`;
}
