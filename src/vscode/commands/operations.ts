// The commands that write: sync (app / resource), rollback, Flux suspend / resume, Argo CD auto-sync.
import type { Services } from '../services.js';
import { registerRollbackCommand } from './rollback.js';
import { registerSyncCommands } from './sync.js';

export function registerOperationCommands(services: Services): void {
  registerSyncCommands(services);
  registerRollbackCommand(services);
}
