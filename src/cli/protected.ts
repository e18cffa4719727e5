// Protected contexts on the command line: writing to a context that matches `.plumb.yaml`
// protectedContexts (default `prod`) needs its name, typed on a terminal or passed as
// --confirm-context NAME. `--yes` alone never suffices: a CI job must name the cluster it changes.
import { isProtectedContext, protectedPatterns } from '../engine/safety/protected-contexts.js';
import type { EngineProblem } from '../engine/types.js';
import type { CliIO } from './command.js';
import { ask } from './sync-apply.js';

export interface ProtectionInput {
  repoRoot: string;
  context: string;
  /** --confirm-context */
  confirmContext?: string;
  json: boolean;
}

/** Undefined when writing may go on; else the problem that stops the command (exit 2, nothing written). */
export async function guardProtectedContext(io: CliIO, o: ProtectionInput): Promise<EngineProblem | undefined> {
  const patterns = await protectedPatterns(o.repoRoot, io.signal);
  if (!isProtectedContext(o.context, patterns)) return undefined;
  const why = `context "${o.context}" is protected (protectedContexts: ${patterns.join(', ')})`;
  if (o.confirmContext !== undefined) {
    return o.confirmContext === o.context ? undefined
      : { severity: 'error', message: `${why}: --confirm-context "${o.confirmContext}" does not match it; nothing written` };
  }
  if (process.stdin.isTTY && !o.json) {
    const typed = await ask(io, `${why[0]!.toUpperCase()}${why.slice(1)}. Type its name to write to it: `);
    if (typed?.trim() === o.context) return undefined;
    return { severity: 'error', message: `${why}: the name typed does not match; nothing written` };
  }
  return { severity: 'error', message: `${why}: pass --confirm-context ${o.context} to write to it; nothing written` };
}
