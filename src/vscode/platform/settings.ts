// Typed access to the `plumb.*` settings (declared in package.json `contributes.configuration`).
import * as vscode from 'vscode';

export type Grouping = 'controller' | 'namespace';

export interface PlumbSettings {
  /** explicit kubeconfig file; empty → $KUBECONFIG, then ~/.kube/config */
  kubeconfig?: string;
  /** kube context; empty → the kubeconfig's current context */
  context?: string;
  /** seconds between full re-renders besides file-change triggers (0 = only on change) */
  refreshInterval: number;
  grouping: Grouping;
  decorations: boolean;
}

export function readSettings(): PlumbSettings {
  const c = vscode.workspace.getConfiguration('plumb');
  const str = (k: string) => { const v = c.get<string>(k, '').trim(); return v ? v : undefined; };
  const grouping = c.get<string>('grouping', 'controller');
  return {
    kubeconfig: str('kubeconfig'),
    context: str('context'),
    refreshInterval: Math.max(0, c.get<number>('refreshInterval', 0)),
    grouping: grouping === 'namespace' ? 'namespace' : 'controller',
    decorations: c.get<boolean>('decorations.enabled', true),
  };
}

/** Whether a configuration change touches settings that need a new cluster connection. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('plumb.kubeconfig') || e.affectsConfiguration('plumb.context');
}
