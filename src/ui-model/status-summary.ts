// The status bar item's text and tooltip: the context and how many apps are out of sync, or the
// state that keeps Plumb from knowing (loading, restricted, reconnecting, unreachable).
import type { SessionSnapshot } from '../engine/session/workspace-session.js';
import { mdCode, mdEscape, plural } from './format.js';

export type PlumbState = 'noWorkspace' | 'restricted' | 'loading' | 'ready';

export interface StatusSummary {
  visible: boolean;
  /** with $(codicon) references */
  text: string;
  /** markdown */
  tooltip: string;
  /** a status bar background for states the user must act on */
  background?: 'error' | 'warning';
}

const MAX_LISTED = 8;

export function statusSummary(state: PlumbState, snap: Pick<SessionSnapshot, 'connection' | 'status'> | undefined): StatusSummary {
  if (state === 'noWorkspace') return { visible: false, text: '', tooltip: '' };
  if (state === 'restricted') {
    return { visible: true, text: '$(shield) Plumb: restricted', tooltip: 'Restricted mode: Plumb runs no kustomize, helm or kubeconfig exec plugin until the workspace is trusted.' };
  }
  if (state === 'loading' || !snap) return { visible: true, text: '$(loading~spin) Plumb', tooltip: 'Plumb: reading the workspace and connecting to the cluster…' };

  const { connection: c, status } = snap;
  const ctx = c.context ?? 'no context';
  const apps = status.apps;
  const off = apps.filter((a) => a.sync === 'OutOfSync');
  const degraded = apps.filter((a) => a.health.status === 'Degraded');
  const lines = [`**Plumb** — context ${mdCode(ctx)}${c.server ? ` (${mdEscape(c.server)})` : ''}`];

  if (c.state === 'error' || c.state === 'offline') {
    lines.push(`Cannot reach the cluster: ${mdEscape(c.message ?? 'not connected')}`, 'Click to open the Applications view; **Plumb: Refresh** retries.');
    return { visible: true, text: `$(error) ${ctx} · unreachable`, tooltip: lines.join('\n\n'), background: 'error' };
  }
  if (c.state === 'reconnecting' || c.state === 'connecting') {
    lines.push(c.state === 'reconnecting' ? `Reconnecting: ${mdEscape(c.message ?? '')}` : 'Connecting…');
    return { visible: true, text: `$(sync~spin) ${ctx} · ${c.state}`, tooltip: lines.join('\n\n'), background: 'warning' };
  }

  const synced = apps.filter((a) => a.sync === 'Synced').length;
  lines.push(`${plural(apps.length, 'app')}: ${synced} Synced, ${off.length} OutOfSync, ${apps.length - synced - off.length} Unknown`);
  if (off.length) lines.push(`OutOfSync: ${listNames(off.map((a) => a.name))}`);
  if (degraded.length) lines.push(`Degraded: ${listNames(degraded.map((a) => a.name))}`);
  const text = off.length ? `$(cloud) ${ctx} · ${off.length} OutOfSync` : apps.length ? `$(cloud) ${ctx} · ${apps.length} Synced` : `$(cloud) ${ctx}`;
  // Degraded apps change the wording only: a warning background for every OutOfSync would be noise.
  return { visible: true, text: degraded.length ? `${text} · ${degraded.length} Degraded` : text, tooltip: lines.join('\n\n') };
}

function listNames(names: string[]): string {
  const shown = names.slice(0, MAX_LISTED).map(mdCode).join(', ');
  return names.length > MAX_LISTED ? `${shown} and ${names.length - MAX_LISTED} more` : shown;
}
