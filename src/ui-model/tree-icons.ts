// Which codicon and theme colour stand for each sync, health and resource status. Colours are
// theme colour ids that every theme defines, so high-contrast themes stay legible.
import type { HealthStatus } from '../engine/types.js';
import type { ResourceStatus, SyncStatus } from '../engine/status/app-status.js';
import type { BadgeModel, IconModel } from './tree-nodes.js';

const GREEN = 'testing.iconPassed';
const YELLOW = 'editorWarning.foreground';
const RED = 'errorForeground';
const GREY = 'disabledForeground';
const BLUE = 'charts.blue';

export function syncIcon(s: SyncStatus): IconModel {
  switch (s) {
    case 'Synced': return { id: 'pass', color: GREEN };
    case 'OutOfSync': return { id: 'warning', color: YELLOW };
    case 'Unknown': return { id: 'question', color: GREY };
  }
}

export function resourceIcon(s: ResourceStatus): IconModel {
  switch (s) {
    case 'Synced': return { id: 'pass', color: GREEN };
    case 'OutOfSync': return { id: 'diff-modified', color: YELLOW };
    case 'Missing': return { id: 'diff-removed', color: YELLOW };
    case 'Extra': return { id: 'diff-added', color: YELLOW };
    case 'Unknown': return { id: 'question', color: GREY };
  }
}

export function healthIcon(h: HealthStatus): IconModel {
  switch (h) {
    case 'Healthy': return { id: 'heart', color: GREEN };
    case 'Progressing': return { id: 'loading', color: BLUE };
    case 'Degraded': return { id: 'heart-filled', color: RED };
    case 'Suspended': return { id: 'debug-pause', color: GREY };
    case 'Missing': return { id: 'circle-slash', color: YELLOW };
    case 'Unknown': return { id: 'question', color: GREY };
  }
}

/**
 * Health as a one-letter badge beside the label (the sync status is the row's icon). A badge
 * colour also tints the label, so only states that need attention have one.
 */
export function healthBadge(h: HealthStatus, message?: string): BadgeModel {
  const tip = message ? `Health: ${h} — ${message}` : `Health: ${h}`;
  switch (h) {
    case 'Healthy': return { text: 'H', tooltip: tip };
    case 'Progressing': return { text: 'P', tooltip: tip };
    case 'Degraded': return { text: 'D', tooltip: tip, color: RED };
    case 'Suspended': return { text: 'S', tooltip: tip };
    case 'Missing': return { text: 'M', tooltip: tip, color: YELLOW };
    case 'Unknown': return { text: '?', tooltip: tip };
  }
}

export const problemIcon = (severity: 'error' | 'warning'): IconModel =>
  severity === 'error' ? { id: 'error', color: 'problemsErrorIcon.foreground' } : { id: 'warning', color: 'problemsWarningIcon.foreground' };

export const fieldIcon: IconModel = { id: 'symbol-field', color: YELLOW };
export const groupIcon = (key: string): IconModel =>
  ({ id: key === 'argocd' ? 'rocket' : key === 'flux' ? 'zap' : key.startsWith('ns:') ? 'symbol-namespace' : 'folder' });
