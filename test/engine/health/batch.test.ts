// Job (gitops-engine) and CronJob (Argo CD's bundled Lua script).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import { cond, cronJob, job } from './objects.js';

const DONE = 'Reached expected number of succeeded pods';
const BACKOFF = 'Job has reached the specified backoff limit';

describe('Job', () => {
  it('running → Progressing', () => {
    assert.deepEqual(assessHealth(job()), { status: 'Progressing' });
  });

  it('Complete → Healthy with its message (SuccessCriteriaMet is not read)', () => {
    const j = job({
      status: {
        active: undefined, succeeded: 1, completionTime: '2026-05-04T10:01:00Z',
        conditions: [cond('SuccessCriteriaMet', 'True', 'CompletionsReached', DONE), cond('Complete', 'True', 'CompletionsReached', DONE)],
      },
    });
    assert.deepEqual(assessHealth(j), { status: 'Healthy', message: DONE });
    const onlyCriteria = job({ status: { conditions: [cond('SuccessCriteriaMet', 'True', 'CompletionsReached', DONE)] } });
    assert.equal(assessHealth(onlyCriteria)?.status, 'Progressing');
  });

  it('Failed → Degraded with the Failed message', () => {
    const j = job({
      status: {
        active: undefined, failed: 7,
        conditions: [cond('FailureTarget', 'True', 'BackoffLimitExceeded', BACKOFF), cond('Failed', 'True', 'BackoffLimitExceeded', BACKOFF)],
      },
    });
    assert.deepEqual(assessHealth(j), { status: 'Degraded', message: BACKOFF });
  });

  it('Suspended=True → Suspended; resumed (Suspended=False) counts as complete → Healthy, as in Argo', () => {
    const s = job({ spec: { suspend: true }, status: { active: undefined, conditions: [cond('Suspended', 'True', 'JobSuspended', 'Job suspended')] } });
    assert.deepEqual(assessHealth(s), { status: 'Suspended', message: 'Job suspended' });
    const resumed = job({ status: { conditions: [cond('Suspended', 'False', 'JobResumed', 'Job resumed')] } });
    assert.deepEqual(assessHealth(resumed), { status: 'Healthy', message: 'Job resumed' });
  });
});

describe('CronJob', () => {
  it('suspended → Healthy "CronJob is Suspended" (Argo CD keeps apps from turning Suspended, argo-cd#24428)', () => {
    assert.deepEqual(assessHealth(cronJob({ spec: { suspend: true } })), { status: 'Healthy', message: 'CronJob is Suspended' });
  });

  it('no status → Progressing; status without lastScheduleTime → Healthy "not scheduled yet"', () => {
    assert.deepEqual(assessHealth(cronJob({ status: null })), { status: 'Progressing', message: 'Waiting for CronJob' });
    assert.deepEqual(assessHealth(cronJob({ status: {} })), { status: 'Healthy', message: 'CronJob has not been scheduled yet' });
  });

  it('last run failed (lastSuccessfulTime < lastScheduleTime, nothing active) → Degraded', () => {
    const c = cronJob({ status: { lastScheduleTime: '2026-05-04T10:05:00Z', lastSuccessfulTime: '2026-05-04T10:00:07Z' } });
    assert.deepEqual(assessHealth(c), { status: 'Degraded', message: 'CronJob has not completed its last execution successfully' });
  });

  it('last run succeeded → Healthy', () => {
    const c = cronJob({ status: { lastScheduleTime: '2026-05-04T10:05:00Z', lastSuccessfulTime: '2026-05-04T10:05:09Z' } });
    assert.deepEqual(assessHealth(c), { status: 'Healthy', message: 'CronJob has completed its last execution successfully' });
  });

  it('a job running hides a failed last run; never succeeded → Healthy with a warning message', () => {
    const active = cronJob({
      status: {
        lastScheduleTime: '2026-05-04T10:05:00Z', lastSuccessfulTime: '2026-05-04T09:55:05Z',
        active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-29111105', namespace: 'shop', uid: 'u' }],
      },
    });
    assert.deepEqual(assessHealth(active), { status: 'Healthy', message: 'The job is running. Its last execution may not have been successful' });
    const never = cronJob({ status: { lastScheduleTime: '2026-05-04T10:05:00Z' } });
    assert.deepEqual(assessHealth(never), { status: 'Healthy', message: 'The CronJob never completed successfully. It may not be healthy' });
  });
});
