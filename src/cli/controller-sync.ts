// `plumb sync` for apps that Argo CD or Flux own in the cluster: Plumb never writes their objects
// itself; it asks the controller (an Argo CD sync operation, a Flux reconcile request) and follows
// the result. Same consent rules as applying a plan: --yes, or a yes on a terminal.
import type { KubeClient } from '../engine/kube/client.js';
import { triggerControllerSync, type ControllerOwner, type ControllerSyncResult } from '../engine/sync/controller.js';
import type { EngineProblem } from '../engine/types.js';
import type { CliIO } from './command.js';
import { askYes } from './sync-apply.js';

export interface ControllerApp { app: string; owner: ControllerOwner }

const toolName = (o: ControllerOwner) => (o.tool === 'argocd' ? 'Argo CD' : 'Flux');
export const ownerText = (o: ControllerOwner) => `${toolName(o)} (${o.kind} ${o.namespace}/${o.name})`;

export async function syncThroughControllers(io: CliIO, apps: ControllerApp[], o: {
  client: KubeClient; yes: boolean; prune: boolean; dryRun: boolean; json: boolean; problems: EngineProblem[];
}): Promise<{ code: 0 | 1 | 2; results: Array<ControllerApp & ControllerSyncResult> }> {
  const results: Array<ControllerApp & ControllerSyncResult> = [];
  if (!apps.length) return { code: 0, results };
  const say = (s: string) => { if (!o.json) io.stdout(s + '\n'); };
  for (const a of apps) say(`${a.app}: owned by ${ownerText(a.owner)} — Plumb asks it to sync${o.prune && a.owner.tool === 'argocd' ? ' with pruning' : ''} instead of writing its objects`);
  if (o.dryRun) return { code: 0, results };
  if (!o.yes) {
    if (!process.stdin.isTTY) {
      o.problems.push({ severity: 'error', message: 'stdin is not a terminal: pass --yes to ask the controllers to sync' });
      return { code: 2, results };
    }
    if (!(await askYes(io, `Ask the controller(s) above to sync on context "${o.client.config.context}"? [y/N] `))) return { code: 2, results };
  }
  let code: 0 | 1 = 0;
  for (const a of apps) {
    const r = await triggerControllerSync(o.client, a.owner, {
      signal: io.signal, prune: o.prune, onProgress: (p) => say(`[${a.app}] ${toolName(a.owner)}: ${p.phase}${p.message ? ` — ${p.message}` : ''}`),
    });
    results.push({ ...a, ...r });
    say(`[${a.app}] ${toolName(a.owner)} sync ${r.status}: ${r.message}`);
    if (r.status !== 'Succeeded') {
      code = 1;
      o.problems.push({ severity: 'error', app: a.app, message: `${toolName(a.owner)} sync ${r.status}: ${r.message}` });
    }
  }
  return { code, results };
}
