// The History view: the commits of the app selected in the Applications view (or given to
// `plumb.showHistory`), newest first, the live one marked. Loaded only while the view is visible;
// reloaded when the app re-renders, its sync state changes, or HEAD moves.
import * as vscode from 'vscode';
import { appHistory } from '../../engine/git/history.js';
import { appSourcePaths } from '../../engine/git/app-paths.js';
import { GitError } from '../../engine/git/git.js';
import type { SessionSnapshot } from '../../engine/session/workspace-session.js';
import { liveRevisions, pickLive } from '../../engine/git/live-revision.js';
import { isAppArgs } from '../../ui-model/command-args.js';
import { historyMessage, historyNodes, type CommitNode } from '../../ui-model/history-model.js';
import type { AppsTreeNode } from '../../ui-model/tree-nodes.js';
import { registerCommand } from '../platform/commands.js';
import type { Services } from '../services.js';
import { appOfNode } from './apps-view.js';
import { treeItem } from './tree-items.js';

const HISTORY_LIMIT = 100;

class HistoryProvider implements vscode.TreeDataProvider<CommitNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  nodes: CommitNode[] = [];
  getTreeItem(n: CommitNode): vscode.TreeItem { return treeItem({ ...n, collapsible: 'none' }); }
  getChildren(n?: CommitNode): CommitNode[] { return n ? [] : this.nodes; }
  set(nodes: CommitNode[]): void { this.nodes = nodes; this.emitter.fire(undefined); }
  dispose(): void { this.emitter.dispose(); }
}

export function registerHistoryView(services: Services, appsView: vscode.TreeView<AppsTreeNode>): void {
  const { sessions, log } = services;
  const provider = new HistoryProvider();
  const view = vscode.window.createTreeView('plumb.history', { treeDataProvider: provider });
  let app: string | undefined;
  let loadedKey: string | undefined;
  let running: AbortController | undefined;

  // What the history depends on: the app, its render (identity changes on re-render) and its status.
  const keyOf = (snap: SessionSnapshot | undefined) => {
    const a = snap?.status.apps.find((x) => x.name === app);
    return `${app}|${snap?.rendered.get(app ?? '') ? renderId(snap.rendered.get(app ?? '')!) : ''}|${a?.sync}|${a?.health.status}|${snap?.connection.state}`;
  };

  const load = async (force = false) => {
    if (!view.visible) return;
    const snap = sessions.snapshot;
    const key = keyOf(snap);
    if (!force && key === loadedKey) return;
    loadedKey = key;
    running?.abort();
    const ac = new AbortController();
    running = ac;
    view.description = app;
    const spec = snap?.specs.find((s) => s.name === app);
    if (!app || !snap || !spec) { provider.set([]); view.message = historyMessage(app && snap ? app : undefined, 0, undefined); return; }
    try {
      const rendered = snap.rendered.get(app) ?? [];
      const paths = appSourcePaths(spec, rendered, snap.repoRoot);
      if (!paths.length) { provider.set([]); view.message = `${app}: its source is another repository; its history is there.`; return; }
      const commits = await appHistory(snap.repoRoot, paths, { signal: ac.signal, limit: HISTORY_LIMIT });
      let live: string | undefined;
      let note: string | undefined;
      const client = sessions.session?.client();
      if (client) {
        try {
          live = pickLive(await liveRevisions(client, spec, rendered.map((r) => r.object), ac.signal), commits.map((c) => c.sha));
        } catch (e) {
          if (ac.signal.aborted) return;
          note = `the cluster could not be asked which commit is live (${(e as Error).message})`;
        }
      }
      if (ac.signal.aborted) return;
      // The cluster runs a repository revision; the app's files there are those of the newest app
      // commit reachable from it (a sync at HEAD records HEAD, which need not touch this app).
      let liveOutside: string | undefined;
      let deployedFrom: string | undefined;
      const recorded = live;
      // The revision comes from the cluster: only a hex object name ever reaches git's command line.
      if (recorded && /^[0-9a-f]{7,64}$/i.test(recorded) && !commits.some((c) => c.sha === recorded || c.sha.startsWith(recorded))) {
        const asOf = await appHistory(snap.repoRoot, paths, { signal: ac.signal, revision: recorded, limit: 1 }).catch(() => []);
        if (ac.signal.aborted) return;
        const at = asOf[0]?.sha;
        if (at && commits.some((c) => c.sha === at)) { deployedFrom = recorded; live = at; }
        else liveOutside = `live: ${recorded.slice(0, 12)} (not among these commits)`;
      } else if (recorded && !commits.some((c) => c.sha === recorded || c.sha.startsWith(recorded))) {
        liveOutside = `live: ${recorded.slice(0, 40)} (not a commit of this repository)`;
      }
      provider.set(historyNodes(app, commits, live, Date.now(), deployedFrom));
      view.message = historyMessage(app, commits.length, live, note ?? liveOutside);
    } catch (e) {
      if (ac.signal.aborted) return;
      provider.set([]);
      view.message = e instanceof GitError && e.kind === 'not-a-repository' ? 'The workspace is not a Git repository: there is no history.' : `History of ${app} failed: ${(e as Error).message}`;
      log.warn(`history of ${app}: ${(e as Error).message}`);
    }
  };
  const show = (name: string | undefined, force = false) => {
    if (name === app && !force) return;
    app = name;
    void load(true);
  };

  const root = sessions.repoRoot;
  const head = root ? vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '.git/{HEAD,logs/HEAD}')) : undefined;
  const headMoved = () => { void load(true); };
  services.context.subscriptions.push(
    provider, view,
    appsView.onDidChangeSelection((e) => { const name = appOfNode(e.selection[0]); if (name) show(name); }),
    view.onDidChangeVisibility(() => { void load(); }),
    sessions.onDidChangeSnapshot(() => { void load(); }),
    ...(head ? [head, head.onDidChange(headMoved), head.onDidCreate(headMoved)] : []),
    { dispose: () => running?.abort() },
    registerCommand(log, 'plumb.showHistory', async (arg: unknown) => {
      let name = isAppArgs(arg) ? arg.app : undefined;
      if (!name) {
        const names = sessions.snapshot?.specs.map((s) => s.name) ?? [];
        if (!names.length) throw new Error('no applications in this workspace');
        name = await vscode.window.showQuickPick(names, { title: 'Plumb: Show History', placeHolder: 'Application' });
        if (!name) return;
      }
      await vscode.commands.executeCommand('plumb.history.focus');
      show(name, true);
    }),
  );
  view.message = historyMessage(undefined, 0, undefined);
}

/** One number per rendered array: a re-render replaces the array, it never mutates it. */
const renders = new WeakMap<object, number>();
let renderSeq = 0;
function renderId(o: object): number {
  let id = renders.get(o);
  if (id === undefined) { id = ++renderSeq; renders.set(o, id); }
  return id;
}
