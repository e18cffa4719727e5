// The Job controller: run up to `parallelism` pods until `completions` succeeded (→ conditions
// SuccessCriteriaMet + Complete, completionTime), or more than `backoffLimit` failed (→
// FailureTarget + Failed, BackoffLimitExceeded). A `broken` image makes every pod fail, so such a
// Job fails after backoffLimit+1 quick attempts. Suspended Jobs run nothing.
import type { KObject } from '../../api/types.js';
import { timestamp } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { conditionsOf, isTerminating, setCondition, tryCreate, tryDelete, typeOf, writeStatus, type Condition } from '../util.js';
import type { SimContext } from './context.js';
import { isPodActive, isPodReady, podFromTemplate, podPhase } from './pods.js';
import { controlledPods } from './replicaset.js';

export const JOB_GR = grKey('batch', 'jobs');

interface JobSpec { completions?: number | null; parallelism?: number; backoffLimit?: number; suspend?: boolean; template?: unknown }

const finished = (status: unknown) => conditionsOf(status).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

export function syncJob(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  const job = cluster.store.get(JOB_GR, ns, name);
  if (!job || isTerminating(job)) return;
  const t = typeOf(cluster, 'batch', 'jobs');
  const podType = typeOf(cluster, '', 'pods');
  const old = (job['status'] ?? {}) as Record<string, unknown>;
  if (finished(old)) return;
  const spec = (job['spec'] ?? {}) as JobSpec;
  const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
  const parallelism = spec.parallelism ?? 1;
  const backoffLimit = spec.backoffLimit ?? 6;
  const now = timestamp(cluster.now());
  const all = controlledPods(ctx, job, true);
  let active = all.filter(isPodActive);
  const succeeded = all.filter((p) => podPhase(p) === 'Succeeded').length;
  const failed = all.filter((p) => podPhase(p) === 'Failed').length;
  let conditions: Condition[] = conditionsOf(old);
  const status: Record<string, unknown> = { ...old };
  if (!status['startTime'] && !spec.suspend) status['startTime'] = now;

  const done = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
  if (failed > backoffLimit) {
    for (const p of active) tryDelete(cluster, podType, p);
    active = [];
    const msg = 'Job has reached the specified backoff limit';
    conditions = setCondition(conditions, { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: msg, lastProbeTime: now }, now);
    conditions = setCondition(conditions, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: msg, lastProbeTime: now }, now);
    ctx.events.record(job, { type: 'Warning', reason: 'BackoffLimitExceeded', message: msg, component: 'job-controller' });
  } else if (done) {
    const msg = 'Reached expected number of succeeded pods';
    conditions = setCondition(conditions, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: msg, lastProbeTime: now }, now);
    conditions = setCondition(conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: msg, lastProbeTime: now }, now);
    status['completionTime'] = now;
    ctx.events.record(job, { reason: 'Completed', message: 'Job completed', component: 'job-controller' });
  } else if (spec.suspend) {
    for (const p of active) tryDelete(cluster, podType, p);
    active = [];
    if (!conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
      conditions = setCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: now }, now);
    }
  } else {
    if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
      conditions = setCondition(conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: now }, now);
    }
    const remaining = completions !== undefined ? completions - succeeded : 1;
    const want = Math.max(0, Math.min(parallelism, remaining)) - active.length;
    for (let i = 0; i < want; i++) {
      const pod = tryCreate(cluster, podType, ns, podFromTemplate(spec.template, {
        namespace: ns, generateName: `${name}-`, owner: job,
        extraLabels: {
          'batch.kubernetes.io/controller-uid': job.metadata.uid!, 'batch.kubernetes.io/job-name': name,
          'controller-uid': job.metadata.uid!, 'job-name': name,
        },
      }));
      if (!pod) break;
      active.push(pod);
      ctx.events.record(job, { reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: 'job-controller' });
    }
  }
  status['active'] = active.length;
  status['ready'] = active.filter(isPodReady).length;
  status['succeeded'] = succeeded;
  status['failed'] = failed;
  status['terminating'] = 0;
  status['uncountedTerminatedPods'] = {};
  for (const k of ['active', 'succeeded', 'failed']) if (status[k] === 0) delete status[k];
  if (conditions.length) status['conditions'] = conditions; else delete status['conditions'];
  const cur = cluster.store.get(JOB_GR, ns, name);
  if (cur) writeStatus(cluster, t, cur, status);
}

export function isJobFinished(job: KObject): boolean { return finished(job['status']); }
