// Plumb: Sync Application, Sync Resource, and the controller switches (Flux suspend / resume,
// Argo CD auto-sync) — thin adapters over src/ui-model/flows.
import { fluxSuspendFlow, toggleAutoSyncFlow } from '../../ui-model/flows/controller-flow.js';
import { syncFlow } from '../../ui-model/flows/sync-flow.js';
import { objectText } from '../../ui-model/flows/plan-text.js';
import { registerCommand } from '../platform/commands.js';
import type { Services } from '../services.js';
import { commandTarget, mayWrite, runFlow } from './flow-host.js';

export function registerSyncCommands(services: Services): void {
  const { log } = services;
  const controllerOf = (app: string) => services.sessions.snapshot?.specs.find((s) => s.name === app)?.controller;

  services.context.subscriptions.push(
    registerCommand(log, 'plumb.sync', async (arg) => {
      if (!mayWrite(services, 'sync')) return;
      const t = await commandTarget(services, arg, 'Sync which application?');
      if (!t) return;
      // A tree node of a resource reaching plumb.sync still syncs the whole app: that is this command.
      await runFlow(services, `Plumb: syncing ${t.app}`, (deps) => syncFlow(deps, { app: t.app }));
    }),
    registerCommand(log, 'plumb.syncResource', async (arg) => {
      if (!mayWrite(services, 'sync')) return;
      const t = await commandTarget(services, arg, 'Sync which application?');
      if (!t) return;
      const ref = t.ref;
      await runFlow(services, `Plumb: syncing ${ref ? objectText(ref) : t.app}`, (deps) => syncFlow(deps, { app: t.app, ...(ref ? { ref } : {}) }));
    }),
    registerCommand(log, 'plumb.suspend', async (arg) => {
      if (!mayWrite(services, 'suspend an app')) return;
      const t = await commandTarget(services, arg, 'Suspend which Flux application?', (a) => controllerOf(a) === 'flux');
      if (t) await runFlow(services, `Plumb: suspending ${t.app}`, (deps) => fluxSuspendFlow(deps, { app: t.app }, true));
    }),
    registerCommand(log, 'plumb.resume', async (arg) => {
      if (!mayWrite(services, 'resume an app')) return;
      const t = await commandTarget(services, arg, 'Resume which Flux application?', (a) => controllerOf(a) === 'flux');
      if (t) await runFlow(services, `Plumb: resuming ${t.app}`, (deps) => fluxSuspendFlow(deps, { app: t.app }, false));
    }),
    registerCommand(log, 'plumb.toggleAutoSync', async (arg) => {
      if (!mayWrite(services, 'change auto-sync')) return;
      const t = await commandTarget(services, arg, 'Toggle auto-sync of which Argo CD application?', (a) => controllerOf(a) === 'argocd');
      if (t) await runFlow(services, `Plumb: auto-sync of ${t.app}`, (deps) => toggleAutoSyncFlow(deps, { app: t.app }));
    }),
  );
}
