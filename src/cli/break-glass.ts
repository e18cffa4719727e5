// `plumb rollback APP --to COMMIT --break-glass`: for emergencies, apply the app as rendered at
// COMMIT straight to the cluster. The working tree, HEAD and history stay untouched: COMMIT is
// checked out into a temporary detached worktree that is removed afterwards, also on errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../engine/git/git.js';
import type { KubeClient } from '../engine/kube/client.js';
import { findControllerOwner } from '../engine/sync/controller.js';
import type { SyncReport } from '../engine/sync/execute.js';
import { formatPlan } from '../engine/sync/format.js';
import { planSync } from '../engine/sync/plan.js';
import { planInputOf, prepareSync } from '../engine/sync/prepare.js';
import type { EngineProblem } from '../engine/types.js';
import type { CliIO } from './command.js';
import { BREAK_GLASS_ANNOTATION } from '../engine/git/live-revision.js';
import { confirmAndApply, planJson, syncRefusal } from './sync-apply.js';

export const BREAK_GLASS_LABEL = 'BREAK-GLASS: the cluster now differs from Git (HEAD); plumb diff will show it as drift until you commit a fix or sync again';

export interface BreakGlassOptions {
  root: string;
  app: string;
  to: string;
  client: KubeClient;
  yes: boolean;
  prune: boolean;
  json: boolean;
  /** problems are appended here */
  problems: EngineProblem[];
  /** the command's JSON result; filled in here */
  result: Record<string, unknown>;
}

/** Exit code: 0 applied, 1 the sync failed, 2 refused or not confirmed (nothing applied). */
export async function breakGlass(io: CliIO, o: BreakGlassOptions): Promise<number> {
  const { root, client, problems } = o;
  const out = (s: string) => { if (!o.json) io.stdout(s); };
  if (o.to.startsWith('-')) { problems.push({ severity: 'error', message: `${o.to} is not a commit` }); return 2; }
  const resolved = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${o.to}^{commit}`], { signal: io.signal, okCodes: [1] });
  if (resolved.code !== 0) { problems.push({ severity: 'error', message: `${o.to} is not a commit` }); return 2; }
  const sha = resolved.stdout.trim();
  o.result['breakGlass'] = true;
  o.result['revision'] = sha;

  const base = mkdtempSync(join(tmpdir(), 'plumb-break-glass-'));
  const tree = join(base, 'tree');
  let added = false;
  try {
    await runGit(root, ['worktree', 'add', '--detach', tree, sha], { signal: io.signal });
    added = true;
    const prepared = await prepareSync({ repoRoot: tree, client, signal: io.signal, apps: [o.app] });
    problems.push(...prepared.problems);
    const p = prepared.apps.find((a) => a.app.name === o.app);
    if (!p) { problems.push({ severity: 'error', app: o.app, message: `no app named ${o.app} at ${sha.slice(0, 7)}` }); return 2; }
    problems.push(...p.problems);
    const owner = await findControllerOwner(client, p.app, io.signal);
    if (owner) {
      problems.push({ severity: 'error', app: o.app, message: `break-glass refused: ${owner.kind} ${owner.namespace}/${owner.name} (${owner.tool === 'argocd' ? 'Argo CD' : 'Flux'}) owns this app and would revert the change immediately; roll back in Git instead (plumb rollback without --break-glass)` });
      return 2;
    }
    const refusal = await syncRefusal(p, client, io.signal);
    if (refusal) { problems.push(refusal); return 2; }
    const plan = planSync(planInputOf(p, { prune: o.prune }));
    o.result['plan'] = planJson(plan);
    out(`Break-glass: applying ${o.app} as rendered at ${sha.slice(0, 7)}; no commit is made.\n`);
    out(formatPlan(plan) + '\n\n');
    const applied = await confirmAndApply(io, [plan], {
      client, yes: o.yes, prune: o.prune, json: o.json, command: 'rollback', problems,
      revision: sha, extraAnnotations: { [BREAK_GLASS_ANNOTATION]: 'true' },
    });
    const reports: SyncReport[] = applied.reports;
    o.result['reports'] = reports;
    if (applied.code !== 2 && reports.length) {
      // Loud on purpose: Git no longer describes what runs.
      if (o.json) o.result['warning'] = BREAK_GLASS_LABEL;
      else io.stderr(`\n${BREAK_GLASS_LABEL}\n`);
    }
    return applied.code;
  } finally {
    if (added) {
      try {
        await runGit(root, ['worktree', 'remove', '--force', tree], { signal: new AbortController().signal });
      } catch {
        problems.push({ severity: 'warning', message: `could not remove the temporary worktree ${tree}; run git worktree prune` });
      }
    }
    rmSync(base, { recursive: true, force: true });
    if (added) await runGit(root, ['worktree', 'prune'], { signal: new AbortController().signal }).catch(() => undefined);
  }
}
