// Every CLI command, in the order `plumb --help` lists them. Add one line per command.
import type { Command } from '../command.js';
import { appsCommand } from './apps.js';
import { compareCommand } from './compare.js';
import { autosyncCommand, resumeCommand, suspendCommand } from './controllers.js';
import { historyCommand } from './history.js';
import { reconcileCommand } from './reconcile.js';
import { restoreCommand } from './restore.js';
import { rollbackCommand } from './rollback.js';
import { diffCommand, statusCommand } from './status.js';
import { syncCommand } from './sync.js';

export const COMMANDS: Command[] = [appsCommand, statusCommand, diffCommand, compareCommand, historyCommand, syncCommand, rollbackCommand, restoreCommand, reconcileCommand, suspendCommand, resumeCommand, autosyncCommand];
