// Protected kube contexts (`.plumb.yaml` protectedContexts): writing to one needs the user to type
// the context's name. Without a list the default is `prod`, so a production context is guarded
// even in a repository that never configured Plumb.
import { loadPlumbConfig } from '../discovery/config.js';

export const DEFAULT_PROTECTED_CONTEXTS = ['prod'];

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `context` matches one of the patterns, case-insensitively. A pattern with `*` or `?` is a
 * glob over the whole name; a plain word matches the whole name or one of its parts split at
 * non-alphanumerics, so `prod` covers `prod`, `eu-prod-1` and `gke_acme_europe_prod` (kube context
 * names usually carry the environment as such a part) but not `production` or `nonprod`.
 */
export function isProtectedContext(context: string, patterns: readonly string[]): boolean {
  const name = context.toLowerCase();
  return patterns.some((raw) => {
    const p = raw.trim().toLowerCase();
    if (!p) return false;
    if (/[*?]/.test(p)) return new RegExp(`^${escape(p).replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name);
    return name === p || name.split(/[^a-z0-9]+/).includes(p);
  });
}

/** The repository's protected-context patterns (the default when `.plumb.yaml` lists none). */
export async function protectedPatterns(repoRoot: string, signal: AbortSignal): Promise<string[]> {
  const { config } = await loadPlumbConfig(repoRoot, signal);
  return config.protectedContexts.length ? config.protectedContexts : DEFAULT_PROTECTED_CONTEXTS;
}

/**
 * Asks for the context's name when it is protected. True when writing may go on (not protected,
 * or the name was typed exactly).
 */
export async function passProtection(
  repoRoot: string, context: string, confirmText: (message: string, expected: string) => Promise<boolean>, signal: AbortSignal, what: string,
): Promise<boolean> {
  if (!isProtectedContext(context, await protectedPatterns(repoRoot, signal))) return true;
  return confirmText(`"${context}" is a protected context. Type its name to ${what}.`, context);
}
