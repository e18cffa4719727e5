// apiextensions.k8s.io CustomResourceDefinition, as Argo CD's bundled
// CustomResourceDefinition/health.lua (Established, NamesAccepted, NonStructuralSchema).
import type { Health, KubeObject } from '../types.js';
import { conditions, health } from './read.js';

export function crdHealth(c: KubeObject): Health {
  const list = conditions(c);
  // The Lua script errors (→ Unknown) on a CRD without status; no status yet means "wait".
  if (!list.length) return health('Progressing', 'Status conditions not found');
  let established = false;
  for (const x of list) {
    if (x.type === 'Terminating' && x.status === 'True') return health('Progressing', `CRD is terminating: ${x.message ?? ''}`);
    if (x.type === 'NamesAccepted' && x.status === 'False') return health('Degraded', `CRD names have not been accepted: ${x.message ?? ''}`);
    if (x.type === 'NonStructuralSchema' && x.status === 'True') return health('Degraded', `Schema violations found: ${x.message ?? ''}`);
    if (x.type === 'Established') {
      if (x.status === 'True') established = true;
      else if (x.reason === 'Installing') return health('Progressing', 'CRD is being installed');
    }
  }
  return established ? health('Healthy', 'CRD is healthy') : health('Degraded', 'CRD is not established');
}
