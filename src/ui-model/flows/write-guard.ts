// Whether a write command (sync, rollback, suspend…) may run in the extension's current state.
// Restricted mode refuses every write: the render needs kustomize / helm and the cluster
// connection may need an exec plugin, all code from the untrusted workspace.

export type ExtensionState = 'noWorkspace' | 'restricted' | 'loading' | 'ready';

/** The refusal to show, or undefined when the command may run. */
export function writeRefusal(state: ExtensionState, action: string): string | undefined {
  switch (state) {
    case 'restricted': return `Plumb cannot ${action} in restricted mode: trust this workspace first (Plumb runs no kustomize, helm or kubeconfig plugin, and writes nothing to the cluster, until then).`;
    case 'noWorkspace': return `Plumb cannot ${action}: open a folder with a GitOps repository first.`;
    default: return undefined;
  }
}
