// Flux objects: Kustomization, HelmRelease and the source kinds. The states Flux really
// produces read as in Argo CD's bundled Lua scripts (Ready=True → Healthy, Ready=Unknown with
// Reconciling=True → Progressing, Ready=False → Degraded, suspend → Suspended, message = the
// Ready reason), with kstatus's generation check and Stalled in front. Where the Lua scripts
// have quirks we follow kstatus instead (engine-reference §3.2/§3.4): a HelmRelease or source
// that is Ready needs no second "success" condition, and Ready=Unknown or Reconciling=True on
// its own is Progressing, not Degraded.
import type { Health, KubeObject } from '../types.js';
import { staleGeneration } from './kstatus.js';
import { conditions, dig, health } from './read.js';

export const FLUX_SOURCE_KINDS = new Set(['GitRepository', 'HelmRepository', 'OCIRepository', 'HelmChart', 'Bucket']);

export function fluxHealth(o: KubeObject): Health {
  const kind = o.kind ?? '';
  if (dig(o, 'spec', 'suspend') === true) return health('Suspended', `${kind} is suspended`);
  // OCI Helm repositories are not reconciled and carry no status.
  if (kind === 'HelmRepository' && dig(o, 'spec', 'type') === 'oci') {
    return health('Healthy', "Helm repositories of type 'oci' do not contain any information in the status.");
  }
  const stale = staleGeneration(o);
  if (stale) return stale;
  const list = conditions(o);
  if (!list.length) return health('Progressing', 'Status unknown');
  const stalled = list.find((c) => c.type === 'Stalled' && c.status === 'True');
  if (stalled) return health('Degraded', [stalled.reason, stalled.message].filter(Boolean).join(': '));

  // Argo's message: the Ready reason, with ArtifactOutdated's reason appended for sources
  // (in condition order, as the Lua loop builds it).
  let message = '';
  let ready: string | undefined;
  let readyMessage = '';
  let reconciling = false;
  for (const c of list) {
    if (c.type === 'Ready') {
      ready = c.status;
      message = c.reason ?? '';
      readyMessage = c.message ?? '';
    } else if (c.type === 'Reconciling' && c.status === 'True') {
      reconciling = true;
    } else if (c.type === 'ArtifactOutdated' && c.status === 'True' && FLUX_SOURCE_KINDS.has(kind)) {
      message = `${message} ${c.reason ?? ''}`;
    }
  }
  if (ready === 'Unknown' && reconciling) return health('Progressing', message);
  if (ready === 'True') return health('Healthy', message);
  if (ready === 'False') return health('Degraded', readyMessage ? `${message}: ${readyMessage}` : message);
  if (ready === 'Unknown' || reconciling) return health('Progressing', message);
  return health('Progressing', 'Waiting for the Ready condition');
}
