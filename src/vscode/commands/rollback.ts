// Plumb: Rollback… — a thin adapter over the rollback flow (a revert commit, then a sync).
import { rollbackFlow } from '../../ui-model/flows/rollback-flow.js';
import { registerCommand } from '../platform/commands.js';
import type { Services } from '../services.js';
import { commandTarget, mayWrite, runFlow } from './flow-host.js';

export function registerRollbackCommand(services: Services): void {
  services.context.subscriptions.push(
    registerCommand(services.log, 'plumb.rollback', async (arg) => {
      if (!mayWrite(services, 'roll back')) return;
      // A History row carries {app, to}; an app row or the palette leaves `to` to the flow's pick.
      const t = await commandTarget(services, arg, 'Roll back which application?', (a) => {
        const spec = services.sessions.snapshot?.specs.find((s) => s.name === a);
        return !spec?.remote || !!spec.sources?.some((x) => !x.remote);
      });
      if (!t) return;
      await runFlow(services, `Plumb: rolling back ${t.app}`, (deps) => rollbackFlow(deps, { app: t.app, ...(t.to ? { to: t.to } : {}) }));
    }),
  );
}
