// batch/v1 Job, as gitops-engine health_job.go. Like Argo, Failed and Complete count by their
// presence, whatever their status; SuccessCriteriaMet/FailureTarget (1.31+) are not read.
import type { Health, KubeObject } from '../types.js';
import { conditions, groupVersion, health, unsupportedVersion } from './read.js';

export function jobHealth(j: KubeObject): Health {
  if (groupVersion(j).version !== 'v1') return unsupportedVersion(j, 'Job');
  let failed = false;
  let complete = false;
  let suspended = false;
  let failMessage = '';
  let message = '';
  for (const c of conditions(j)) {
    if (c.type === 'Failed') {
      failed = true;
      complete = true;
      failMessage = c.message ?? '';
    } else if (c.type === 'Complete') {
      complete = true;
      message = c.message ?? '';
    } else if (c.type === 'Suspended') {
      complete = true;
      message = c.message ?? '';
      if (c.status === 'True') suspended = true;
    }
  }
  if (!complete) return health('Progressing', message);
  if (failed) return health('Degraded', failMessage);
  if (suspended) return health('Suspended', message);
  return health('Healthy', message);
}
