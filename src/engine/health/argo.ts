// argoproj.io kinds: Workflow (gitops-engine health_argo.go) and Application. Argo CD has had
// no built-in Application health since 1.8 (argo-cd#3781); this is the Lua its docs give to
// restore it for app-of-apps: the child's own status.health, Progressing until it has one.
import type { Health, HealthStatus, KubeObject } from '../types.js';
import { dig, health, str } from './read.js';

export function workflowHealth(w: KubeObject): Health {
  const message = str(dig(w, 'status', 'message'));
  switch (str(dig(w, 'status', 'phase')) ?? '') {
    case '': case 'Pending': case 'Running': return health('Progressing', message);
    case 'Succeeded': return health('Healthy', message);
    case 'Failed': case 'Error': return health('Degraded', message);
    default: return health('Unknown', message);
  }
}

const CODES = new Set<string>(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

export function applicationHealth(a: KubeObject): Health {
  const h = dig(a, 'status', 'health');
  if (h === undefined || h === null) return health('Progressing');
  const status = str(dig(h, 'status'));
  // Argo CD's Lua runner turns a code it does not know into Unknown with this message.
  if (status === undefined || !CODES.has(status)) return health('Unknown', 'Lua returned an invalid health status');
  return health(status as HealthStatus, str(dig(h, 'message')));
}
