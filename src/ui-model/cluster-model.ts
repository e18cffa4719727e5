// The Cluster view's rows: which context and server Plumb compares against, and the connection
// state with the reason when it is not connected. Shown only once a session exists (the other
// states have welcome content).
import type { ConnectionInfo } from '../engine/session/workspace-session.js';
import { mdCode, mdEscape } from './format.js';
import type { IconModel } from './tree-nodes.js';

export interface ClusterNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: IconModel;
  contextValue: string;
  /** a command run on click, with no arguments */
  command?: { id: string; title: string };
  /** the retry row under an error */
  children?: ClusterNode[];
}

const STATE_TEXT: Record<ConnectionInfo['state'], string> = {
  connected: 'connected', connecting: 'connecting…', reconnecting: 'reconnecting…', error: 'cannot reach the cluster', offline: 'not connected',
};

function stateIcon(s: ConnectionInfo['state']): IconModel {
  switch (s) {
    case 'connected': return { id: 'pass', color: 'testing.iconPassed' };
    case 'connecting': return { id: 'loading~spin' };
    case 'reconnecting': return { id: 'sync~spin', color: 'editorWarning.foreground' };
    case 'error': return { id: 'error', color: 'errorForeground' };
    case 'offline': return { id: 'debug-disconnect', color: 'disabledForeground' };
  }
}

export function clusterNodes(c: ConnectionInfo, opts: { configuredContext?: string } = {}): ClusterNode[] {
  const switchCmd = { id: 'plumb.switchContext', title: 'Switch Context' };
  const retry = { id: 'plumb.refresh', title: 'Retry' };
  const ctx = c.context ?? opts.configuredContext;
  const nodes: ClusterNode[] = [
    {
      id: 'cluster:context', label: 'Context', description: ctx ?? 'none', icon: { id: 'cloud' }, contextValue: 'clusterContext', command: switchCmd,
      tooltip: `${ctx ? `Context ${mdCode(ctx)}` : 'No context'}${opts.configuredContext ? ' (set by `plumb.context`)' : ' (the kubeconfig\'s current context)'}\n\nClick to switch.`,
    },
  ];
  if (c.server) nodes.push({ id: 'cluster:server', label: 'Server', description: c.server, icon: { id: 'server' }, contextValue: 'clusterServer', tooltip: mdEscape(c.server) });
  if (c.namespace) nodes.push({ id: 'cluster:namespace', label: 'Namespace', description: c.namespace, icon: { id: 'symbol-namespace' }, contextValue: 'clusterNamespace', tooltip: `Default namespace of the context: ${mdCode(c.namespace)}` });
  const bad = c.state === 'error' || c.state === 'offline';
  nodes.push({
    // Error messages already say what failed ("cannot reach the cluster at …"): shown as they are.
    id: 'cluster:connection', label: 'Connection',
    description: !c.message || c.state === 'connected' ? STATE_TEXT[c.state] : c.state === 'error' ? c.message : `${STATE_TEXT[c.state]}: ${c.message}`,
    tooltip: `${STATE_TEXT[c.state]}${c.message ? `\n\n${mdEscape(c.message)}` : ''}`, icon: stateIcon(c.state),
    contextValue: `clusterConnection ${c.state}`, ...(bad ? { command: retry } : {}),
    ...(bad ? { children: [{ id: 'cluster:retry', label: 'Retry', icon: { id: 'refresh' }, contextValue: 'clusterRetry', command: retry, tooltip: 'Connect again (Plumb: Refresh)' }] } : {}),
  });
  return nodes;
}
