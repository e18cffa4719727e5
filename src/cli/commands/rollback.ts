// `plumb rollback APP --to COMMIT`: roll an app back the GitOps way — one new commit that reverts
// the commits after COMMIT that touched the app (never a history rewrite), then a sync of that app
// under the same rules as `plumb sync`, then a push only when asked.
import { GitError, runGit } from '../../engine/git/git.js';
import { appHistory } from '../../engine/git/history.js';
import { previewRevert, revertRange, type RevertDone } from '../../engine/git/revert.js';
import { workingTreeState } from '../../engine/git/status.js';
import type { SyncReport } from '../../engine/sync/execute.js';
import { formatPlan } from '../../engine/sync/format.js';
import { planSync } from '../../engine/sync/plan.js';
import { planInputOf, prepareSync } from '../../engine/sync/prepare.js';
import type { SyncPlan } from '../../engine/sync/types.js';
import type { EngineProblem } from '../../engine/types.js';
import { commitJson, commitTable, gitApp } from '../app-lookup.js';
import { breakGlass } from '../break-glass.js';
import { guardProtectedContext } from '../protected.js';
import { bool, parseArgs, str } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, repoRoot } from '../shared.js';
import { ask, askYes, confirmAndApply, planJson, syncRefusal } from '../sync-apply.js';

const FLAGS = { ...GLOBAL_FLAGS, to: 'string', yes: 'boolean', push: 'boolean', prune: 'boolean', 'break-glass': 'boolean' } as const;
const PUSH_TIMEOUT_MS = 120_000;

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'revert an app to an earlier commit (one new commit), then sync it',
  usage: `Usage: plumb rollback APP [--to COMMIT] [--yes] [--prune] [--push] [options]
       plumb rollback APP --to COMMIT --break-glass [--yes] [--prune] [options]

Makes ONE new commit that reverts every commit after COMMIT that touched the app's files (history
is never rewritten), then plans and applies a sync of the app like plumb sync. Refused when the
working tree has uncommitted changes or a merge, rebase or revert is in progress. Without --to, the
app's history is listed and you are asked which commit (on a terminal only).

  --to COMMIT   the commit to roll back to (sha, tag, branch…)
  --yes         do not ask, neither for the revert nor for the sync; required when stdin is not a
                terminal
  --prune       let the sync delete objects that left Git (they are only listed otherwise)
  --push        git push the current branch afterwards (never done otherwise)
  --break-glass emergencies only: apply the app as rendered at COMMIT directly to the cluster,
                without a commit and without touching the working tree. The cluster then differs
                from Git until you commit a fix or sync again. Refused for apps Argo CD or Flux own.
${GLOBAL_USAGE}`,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length !== 1) throw new UsageError('name one app: plumb rollback APP --to COMMIT');
    const name = positionals[0]!;
    const json = bool(flags['json']);
    const yes = bool(flags['yes']);
    const prune = bool(flags['prune']);
    const root = repoRoot(io, str(flags['repo']));
    const problems: EngineProblem[] = [];
    const out = (s: string) => { if (!json) io.stdout(s); };
    const result: Record<string, unknown> = { app: name };
    const done = (code: number) => {
      if (json) io.stdout(JSON.stringify({ ...result, problems }, null, 2) + '\n');
      else for (const p of problems) io.stderr(formatProblem(p) + '\n');
      return code;
    };

    const { paths, problems: renderProblems } = await gitApp(root, name, 'rollback', io.signal);
    problems.push(...renderProblems);

    if (bool(flags['break-glass'])) {
      const to = str(flags['to']);
      if (to === undefined) throw new UsageError('--break-glass needs --to COMMIT');
      if (bool(flags['push'])) throw new UsageError('--break-glass makes no commit: there is nothing to --push');
      const bg = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
      problems.push(...bg.problems);
      if (!bg.client) return done(2);
      try {
        const guard = await guardProtectedContext(io, { repoRoot: root, context: bg.client.config.context, confirmContext: str(flags['confirm-context']), json });
        if (guard) { problems.push(guard); return done(2); }
        return done(await breakGlass(io, { root, app: name, to, client: bg.client, yes, prune, json, problems, result }));
      } finally {
        bg.client.close();
      }
    }

    // Refuse before asking anything: revertRange returns its refusal without touching the tree.
    const state = await workingTreeState(root, io.signal);
    if (state.dirty || state.detached || state.mergeInProgress || state.rebaseInProgress || state.cherryPickInProgress || state.revertInProgress) {
      return refused(await revertRange(root, { target: 'HEAD', paths, app: name, signal: io.signal }));
    }

    let to = str(flags['to']);
    if (to === undefined) {
      if (!process.stdin.isTTY) { problems.push({ severity: 'error', message: 'stdin is not a terminal: pass --to COMMIT' }); return done(2); }
      const history = await appHistory(root, paths, { signal: io.signal, limit: 20 });
      io.stdout(commitTable(history));
      to = await ask(io, `Roll ${name} back to which commit? `);
      if (!to) { io.stderr('plumb rollback: nothing changed\n'); return done(2); }
    }

    const conn = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
    problems.push(...conn.problems);
    if (!conn.client) return done(2);
    const client = conn.client;
    try {
      const planned = await previewRevert(root, paths, to, io.signal);
      // Certain refusal: let revertRange word it (it changes nothing in these cases).
      if (!planned) return refused(await revertRange(root, { target: to, paths, app: name, signal: io.signal }));
      result['target'] = commitJson(planned.target);
      result['reverted'] = planned.commits.map(commitJson);
      out(`Rolling ${name} back to ${planned.target.shortSha} (${planned.target.subject}) reverts ${planned.commits.length} commit(s) in one new commit:\n`);
      out(commitTable(planned.commits) + '\n');
      if (!yes) {
        if (!process.stdin.isTTY) { problems.push({ severity: 'error', message: 'stdin is not a terminal: pass --yes to roll back' }); return done(2); }
        if (!(await askYes(io, `Commit the revert of ${planned.commits.length} commit(s)? [y/N] `))) { io.stderr('plumb rollback: nothing changed\n'); return done(2); }
      }

      const guard = await guardProtectedContext(io, { repoRoot: root, context: client.config.context, confirmContext: str(flags['confirm-context']), json });
      if (guard) { problems.push(guard); return done(2); }
      const rev = await revertRange(root, { target: to, paths, app: name, signal: io.signal });
      if (!rev.ok) return refused(rev);
      reportRevert(rev);

      // The sync: the same refusals, plan and confirmation as plumb sync.
      const prepared = await prepareSync({ repoRoot: root, client, signal: io.signal, apps: [name] });
      problems.push(...prepared.problems);
      const p = prepared.apps.find((a) => a.app.name === name);
      let code = 0;
      let plan: SyncPlan | undefined;
      let reports: SyncReport[] = [];
      if (!p) code = 2;
      else {
        problems.push(...p.problems);
        const refusal = await syncRefusal(p, client, io.signal);
        if (refusal) { problems.push(refusal); code = 2; }
        else {
          plan = planSync(planInputOf(p, { prune }));
          out(formatPlan(plan) + '\n\n');
          const applied = await confirmAndApply(io, [plan], { client, yes, prune, json, command: 'rollback', problems, revision: rev.commit });
          reports = applied.reports;
          code = applied.code;
        }
      }
      if (plan) result['plan'] = planJson(plan);
      result['reports'] = reports;
      if (code === 2) problems.push({ severity: 'warning', app: name, message: `the revert commit ${rev.shortCommit} was made but ${name} was not synced; run plumb sync ${name}` });

      if (bool(flags['push'])) {
        const pushed = await push(root, state.branch, io.signal);
        result['pushed'] = pushed.ok;
        if (pushed.ok) out(`Pushed ${state.branch ?? 'HEAD'}.\n`);
        else { problems.push({ severity: 'error', message: `push failed: ${pushed.message}; the revert commit ${rev.shortCommit} is only local (push it with git push)` }); code = code || 1; }
      }
      return done(code);
    } finally {
      client.close();
    }

    function refused(r: Awaited<ReturnType<typeof revertRange>>): number {
      if (r.ok) throw new Error('revertRange made a commit where it was expected to refuse');
      problems.push(r.problem);
      result['refused'] = r.reason;
      if (r.conflicts?.length) {
        result['conflicts'] = r.conflicts;
        if (!json) io.stderr(`Conflicting files (the tree was restored):\n${r.conflicts.map((f) => `  ${f}\n`).join('')}`);
      }
      return done(2);
    }

    function reportRevert(r: RevertDone) {
      result['commit'] = r.commit;
      problems.push(...r.warnings);
      out(`Created ${r.shortCommit}: ${r.message.split('\n')[0]}\n\n`);
    }
  },
};

/** `git push` of the current branch to its upstream (or to origin under the same name). */
async function push(root: string, branch: string | undefined, signal: AbortSignal): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!branch) return { ok: false, message: 'HEAD is detached' };
  try {
    const up = await runGit(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], { signal, okCodes: [128] });
    await runGit(root, up.code === 0 ? ['push'] : ['push', 'origin', `HEAD:refs/heads/${branch}`], { signal, timeoutMs: PUSH_TIMEOUT_MS });
    return { ok: true };
  } catch (e) {
    if (e instanceof GitError) return { ok: false, message: e.message };
    throw e;
  }
}
