// Plumb: Switch Context — the choices and the flow, with the picker and the settings write
// injected so the flow is tested in Node.
import type { ContextInfo } from '../engine/kube/kubeconfig.js';
import type { EngineProblem } from '../engine/types.js';

export interface ContextPickItem {
  label: string;
  description?: string;
  detail?: string;
  /** undefined: follow the kubeconfig's current context */
  context: string | undefined;
  /** the one in use now */
  active: boolean;
}

export function contextPickItems(contexts: readonly ContextInfo[], active: string | undefined, configured: string | undefined, kubeconfigCurrent: string | undefined): ContextPickItem[] {
  const items: ContextPickItem[] = [...contexts]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => ({
      label: c.name, context: c.name, active: c.name === active,
      description: [c.name === active && 'in use', c.current && 'kubeconfig current', c.namespace !== 'default' && `namespace ${c.namespace}`].filter(Boolean).join(' · ') || undefined,
      detail: [c.server, c.user && `user ${c.user}`].filter(Boolean).join(' · ') || undefined,
    }));
  // Only offered when a context is pinned in the settings: it un-pins it.
  if (configured) items.push({ label: 'Use the kubeconfig\'s current context', description: kubeconfigCurrent, context: undefined, active: false });
  return items;
}

export interface SwitchContextDeps {
  listContexts(): Promise<{ contexts: ContextInfo[]; currentContext?: string; problems: EngineProblem[] }>;
  pick(items: ContextPickItem[]): Promise<ContextPickItem | undefined>;
  setContext(name: string | undefined): Promise<void>;
  warn(message: string): void;
}

/** Returns the context switched to ('' for "the kubeconfig's current"), undefined when nothing changed. */
export async function switchContext(deps: SwitchContextDeps, active: string | undefined, configured: string | undefined): Promise<string | undefined> {
  const { contexts, currentContext, problems } = await deps.listContexts();
  for (const p of problems) deps.warn(p.location ? `${p.location.file}:${p.location.line}: ${p.message}` : p.message);
  if (!contexts.length) throw new Error(problems.find((p) => p.severity === 'error')?.message ?? 'the kubeconfig has no contexts: set plumb.kubeconfig or KUBECONFIG');
  const chosen = await deps.pick(contextPickItems(contexts, active, configured, currentContext));
  if (!chosen) return undefined;
  if (chosen.context === configured && chosen.context !== undefined) return undefined;
  await deps.setContext(chosen.context);
  return chosen.context ?? '';
}
