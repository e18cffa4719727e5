// `Plumb: Rollback…` without the editor, the GitOps way (as `plumb rollback`): refuse a dirty tree
// or an operation in progress, pick the commit (the live one marked) when none is given, list the
// commits that will be reverted, make ONE revert commit (history is never rewritten, nothing is
// pushed), then run the sync flow for the app with its own questions.
import { discoverApps } from '../../engine/discovery/index.js';
import { appSourcePaths } from '../../engine/git/app-paths.js';
import { GitError, runGit } from '../../engine/git/git.js';
import { appHistory, type CommitInfo } from '../../engine/git/history.js';
import { previewRevert, revertRange, type RevertRefused } from '../../engine/git/revert.js';
import { workingTreeState } from '../../engine/git/status.js';
import { isAbort } from '../../engine/kube/errors.js';
import { renderApp } from '../../engine/render/index.js';
import { findControllerOwner } from '../../engine/sync/controller.js';
import { appRevision } from '../app-revision.js';
import { syncFlow } from './sync-flow.js';
import { result, type FlowDeps, type FlowResult, type PickItem } from './types.js';

export interface RollbackFlowArgs { app: string; to?: string }

export const REVERT_AND_SYNC = 'Revert and sync';
const HISTORY_LIMIT = 30;

/** `2026-11-26T13:12:13+01:00` → `2026-11-26 13:12` (the author's local time, as git shows it). */
const shortDate = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const commitLine = (c: CommitInfo) => `${c.shortSha}  ${c.subject}  (${c.author}, ${shortDate(c.date)})`;

/** Quick-pick items for an app's history, newest first; the commit live in the cluster is marked. */
export function commitPickItems(history: CommitInfo[], live: string | undefined): PickItem<string>[] {
  return history.map((c, i) => ({
    label: `${c.shortSha} ${c.subject}`,
    description: [c.sha === live ? 'live in the cluster' : '', i === 0 ? 'HEAD' : '', c.merge ? 'merge' : ''].filter(Boolean).join(' · '),
    detail: `${c.author}, ${shortDate(c.date)} · ${c.files.length} file(s)`,
    value: c.sha,
  }));
}

const refusal = (r: RevertRefused) =>
  result('refused', `Rollback refused: ${r.problem.message}${r.conflicts?.length ? ` (conflicting files, the tree was restored: ${r.conflicts.join(', ')})` : ''}`);

export async function rollbackFlow(deps: FlowDeps, args: RollbackFlowArgs): Promise<FlowResult> {
  try {
    return await run(deps, args);
  } catch (e) {
    if (isAbort(e) || deps.signal.aborted) return result('cancelled', `Rollback of ${args.app} cancelled; nothing changed.`);
    throw e;
  }
}

async function run(deps: FlowDeps, args: RollbackFlowArgs): Promise<FlowResult> {
  const { signal, prompt } = deps;
  const root = deps.session.repoRoot;
  const name = args.app;
  try {
    await runGit(root, ['rev-parse', '--is-inside-work-tree'], { signal });
  } catch (e) {
    if (e instanceof GitError) return result('refused', `Rollback needs Git: ${e.kind === 'not-a-repository' ? `${root} is not inside a Git repository` : e.message}.`);
    throw e;
  }
  deps.progress({ message: `Reading the history of ${name}…` });
  const { apps } = await discoverApps(root, { signal });
  const app = apps.find((a) => a.name === name);
  if (!app) return result('refused', `No app named ${name} in this workspace.`);
  if (app.remote && !app.sources?.some((s) => !s.remote)) return result('refused', `${name} comes from another repository (${app.remote.repoURL}): its history is there.`);
  const rendered = await renderApp(app, root, signal);
  const paths = appSourcePaths(app, rendered.objects, root);

  // Refuse before asking anything; revertRange words the refusal and changes nothing.
  const state = await workingTreeState(root, signal);
  if (state.dirty || state.detached || state.mergeInProgress || state.rebaseInProgress || state.cherryPickInProgress || state.revertInProgress) {
    const r = await revertRange(root, { target: 'HEAD', paths, app: name, signal });
    if (!r.ok) return refusal(r);
  }

  let to = args.to;
  if (!to) {
    const history = await appHistory(root, paths, { signal, limit: HISTORY_LIMIT });
    // Read from the session's cache, as the History view marks it.
    const rev = appRevision(app, rendered.objects, (ref) => deps.session.live(ref));
    const live = rev ? history.find((c) => c.sha === rev || c.sha.startsWith(rev))?.sha : undefined;
    to = await prompt.pick(commitPickItems(history, live), `Roll ${name} back to which commit? Later commits that touched it are reverted.`);
    if (!to) return result('declined', `Rollback of ${name}: nothing changed.`);
  }

  const planned = await previewRevert(root, paths, to, signal);
  if (!planned) {
    const r = await revertRange(root, { target: to, paths, app: name, signal });
    if (!r.ok) return refusal(r);
    throw new Error(`revertRange made commit ${r.shortCommit} where it was expected to refuse`);
  }
  const detail = [
    `One new commit reverts ${planned.commits.length} commit(s); history is not rewritten and nothing is pushed:`,
    ...planned.commits.slice(0, 20).map(commitLine),
    ...(planned.commits.length > 20 ? [`… and ${planned.commits.length - 20} more`] : []),
    '', 'Then the app is synced (you see the plan and confirm it).',
  ].join('\n');
  if (!(await prompt.confirm(`Roll ${name} back to ${planned.target.shortSha} (${planned.target.subject})?`, detail, REVERT_AND_SYNC))) {
    return result('declined', `Rollback of ${name}: nothing changed.`);
  }
  signal.throwIfAborted();
  const rev = await revertRange(root, { target: to, paths, app: name, signal });
  if (!rev.ok) return refusal(rev);
  for (const w of rev.warnings) deps.log.warn(`rollback ${name}: ${w.message}`);
  const made = `Created ${rev.shortCommit} (reverts ${rev.reverted.length} commit(s)).`;
  deps.log.info(`rollback ${name}: ${made}`);

  // Argo CD / Flux sync from the remote: the revert reaches them only once pushed, which is the user's call.
  const client = deps.session.client();
  const owner = client ? await findControllerOwner(client, app, signal).catch(() => undefined) : undefined;
  if (owner) {
    const tool = owner.tool === 'argocd' ? 'Argo CD' : 'Flux';
    await deps.session.refresh().catch(() => undefined);
    return result('succeeded', `${made} ${name} is owned by ${tool}, which syncs from the Git remote: push the commit to roll the cluster back (Plumb never pushes).`, { commit: rev.commit });
  }
  const synced = await syncFlow(deps, { app: name, revision: rev.commit });
  const later = synced.outcome === 'declined' || synced.outcome === 'refused' ? ` Run Plumb: Sync on ${name} to apply the rollback.` : '';
  return { ...synced, commit: rev.commit, message: `${made} ${synced.message}${later}` };
}

