// batch CronJob, as Argo CD's bundled resource_customizations/batch/CronJob/health.lua. A
// suspended CronJob is deliberately Healthy, not Suspended (argo-cd#24428: a Suspended child
// would make the whole app Suspended); a running job hides a failed last run (argo-cd#24429).
import type { Health, KubeObject } from '../types.js';
import { dig, health, list } from './read.js';

export function cronJobHealth(c: KubeObject): Health {
  if (dig(c, 'spec', 'suspend') === true) return health('Healthy', 'CronJob is Suspended');
  const status = c['status'];
  if (status === undefined || status === null) return health('Progressing', 'Waiting for CronJob');
  const lastSchedule = dig(status, 'lastScheduleTime');
  if (lastSchedule === undefined || lastSchedule === null) return health('Healthy', 'CronJob has not been scheduled yet');
  const lastSuccess = dig(status, 'lastSuccessfulTime');
  if (lastSuccess === undefined || lastSuccess === null) {
    return health('Healthy', 'The CronJob never completed successfully. It may not be healthy');
  }
  if (list(dig(status, 'active')).length > 0) {
    return health('Healthy', 'The job is running. Its last execution may not have been successful');
  }
  // RFC 3339 timestamps in UTC compare as strings, as the Lua script does.
  if (String(lastSuccess) < String(lastSchedule)) return health('Degraded', 'CronJob has not completed its last execution successfully');
  return health('Healthy', 'CronJob has completed its last execution successfully');
}
