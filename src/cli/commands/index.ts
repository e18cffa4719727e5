// Every CLI command, in the order `plumb --help` lists them. Add one line per command.
import type { Command } from '../command.js';

export const COMMANDS: Command[] = [];
