// Deployment, StatefulSet, DaemonSet and ReplicaSet: gitops-engine's rules and wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import { cond, daemonSet, deployment, replicaSet, statefulSet } from './objects.js';

describe('Deployment', () => {
  it('rolled out → Healthy without message', () => {
    assert.deepEqual(assessHealth(deployment()), { status: 'Healthy' });
  });

  it('paused → Suspended, even mid-rollout', () => {
    const d = deployment({ spec: { paused: true }, status: { updatedReplicas: 1 } });
    assert.deepEqual(assessHealth(d), { status: 'Suspended', message: 'Deployment is paused' });
  });

  it('ProgressDeadlineExceeded → Degraded', () => {
    const d = deployment({
      status: {
        replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 1,
        conditions: [
          cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
          cond('Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-7d9c6b5f4" has timed out progressing.'),
        ],
      },
    });
    assert.deepEqual(assessHealth(d), { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' });
  });

  it('a stale ProgressDeadlineExceeded is not read before the new generation is observed', () => {
    const d = deployment({
      metadata: { generation: 3 },
      status: { observedGeneration: 2, conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded')] },
    });
    assert.deepEqual(assessHealth(d), {
      status: 'Progressing', message: 'Waiting for rollout to finish: observed deployment generation less than desired generation',
    });
  });

  it('no status yet → Progressing on the generation', () => {
    const d = deployment();
    delete d['status'];
    assert.equal(assessHealth(d)?.message, 'Waiting for rollout to finish: observed deployment generation less than desired generation');
  });

  it('updated < desired → Progressing "n out of m new replicas have been updated"', () => {
    const d = deployment({ status: { replicas: 4, updatedReplicas: 1, availableReplicas: 3 } });
    assert.deepEqual(assessHealth(d), { status: 'Progressing', message: 'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...' });
  });

  it('old replicas still around → Progressing "old replicas are pending termination"', () => {
    const d = deployment({ status: { replicas: 4, updatedReplicas: 3, availableReplicas: 3 } });
    assert.deepEqual(assessHealth(d), { status: 'Progressing', message: 'Waiting for rollout to finish: 1 old replicas are pending termination...' });
  });

  it('updated but not available → Progressing "n of m updated replicas are available"', () => {
    const d = deployment({ status: { readyReplicas: 1, availableReplicas: 1 } });
    assert.deepEqual(assessHealth(d), { status: 'Progressing', message: 'Waiting for rollout to finish: 1 of 3 updated replicas are available...' });
  });

  it('Available=False alone is not Degraded (Argo only reads the progress deadline)', () => {
    const d = deployment({ status: { conditions: [cond('Available', 'False', 'MinimumReplicasUnavailable')] } });
    assert.equal(assessHealth(d)?.status, 'Healthy');
  });

  it('scaled to zero → Healthy', () => {
    const d = deployment({ spec: { replicas: 0 }, status: { replicas: undefined, updatedReplicas: undefined, readyReplicas: undefined, availableReplicas: undefined } });
    assert.equal(assessHealth(d)?.status, 'Healthy');
  });

  it('a version gitops-engine has no type for → Unknown', () => {
    const d = { ...deployment(), apiVersion: 'apps/v1beta2' };
    assert.deepEqual(assessHealth(d), { status: 'Unknown', message: 'unsupported Deployment GVK: apps/v1beta2, Kind=Deployment' });
  });
});

describe('StatefulSet', () => {
  it('ready and updated with the defaulted partition 0 → Healthy (partitioned roll out complete)', () => {
    assert.deepEqual(assessHealth(statefulSet()), { status: 'Healthy', message: 'partitioned roll out complete: 3 new pods have been updated...' });
  });

  it('observedGeneration 0 or behind → Progressing', () => {
    const fresh = statefulSet({ status: { observedGeneration: 0 } });
    assert.deepEqual(assessHealth(fresh), { status: 'Progressing', message: 'Waiting for statefulset spec update to be observed...' });
    const behind = statefulSet({ metadata: { generation: 2 } });
    assert.equal(assessHealth(behind)?.status, 'Progressing');
  });

  it('not all ready → Progressing "Waiting for n pods to be ready"', () => {
    assert.deepEqual(assessHealth(statefulSet({ status: { readyReplicas: 1 } })), { status: 'Progressing', message: 'Waiting for 2 pods to be ready...' });
  });

  it('partition: only replicas − partition pods need the update', () => {
    const spec = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    const waiting = statefulSet({ spec, status: { updatedReplicas: 0, updateRevision: 'db-6c8f' } });
    assert.deepEqual(assessHealth(waiting), {
      status: 'Progressing', message: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...',
    });
    const done = statefulSet({ spec, status: { updatedReplicas: 1, updateRevision: 'db-6c8f' } });
    assert.deepEqual(assessHealth(done), { status: 'Healthy', message: 'partitioned roll out complete: 1 new pods have been updated...' });
  });

  it('OnDelete → Healthy once ready, whatever the revisions', () => {
    const s = statefulSet({ spec: { updateStrategy: { type: 'OnDelete' } }, status: { updatedReplicas: 0, updateRevision: 'db-6c8f' } });
    assert.deepEqual(assessHealth(s), { status: 'Healthy', message: 'statefulset has 3 ready pods' });
  });

  it('RollingUpdate without rollingUpdate: revisions must match', () => {
    const spec = { updateStrategy: { type: 'RollingUpdate' } };
    const rolling = statefulSet({ spec, status: { updatedReplicas: 1, updateRevision: 'db-6c8f' } });
    assert.deepEqual(assessHealth(rolling), { status: 'Progressing', message: 'waiting for statefulset rolling update to complete 1 pods at revision db-6c8f...' });
    assert.deepEqual(assessHealth(statefulSet({ spec })), { status: 'Healthy', message: 'statefulset rolling update complete 3 pods at revision db-5f7b8d9c6d...' });
  });
});

describe('DaemonSet', () => {
  it('all scheduled, updated and available → Healthy', () => {
    assert.deepEqual(assessHealth(daemonSet()), { status: 'Healthy' });
  });

  it('generation not observed → Progressing', () => {
    assert.deepEqual(assessHealth(daemonSet({ metadata: { generation: 2 } })), {
      status: 'Progressing', message: 'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    });
  });

  it('updating → Progressing with counters', () => {
    assert.deepEqual(assessHealth(daemonSet({ status: { updatedNumberScheduled: 1 } })), {
      status: 'Progressing', message: 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
    });
    assert.deepEqual(assessHealth(daemonSet({ status: { numberAvailable: 2 } })), {
      status: 'Progressing', message: 'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
    });
  });

  it('OnDelete → Healthy even when pods are not updated', () => {
    const d = daemonSet({ spec: { updateStrategy: { type: 'OnDelete' } }, status: { updatedNumberScheduled: 1 } });
    assert.deepEqual(assessHealth(d), { status: 'Healthy', message: 'daemon set 1 out of 3 new pods have been updated' });
  });
});

describe('ReplicaSet', () => {
  it('available → Healthy', () => {
    assert.deepEqual(assessHealth(replicaSet()), { status: 'Healthy' });
  });

  it('ReplicaFailure=True → Degraded with the condition message', () => {
    const msg = 'pods "web-7d9c6b5f4-" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2';
    const r = replicaSet({ status: { availableReplicas: 2, conditions: [cond('ReplicaFailure', 'True', 'FailedCreate', msg)] } });
    assert.deepEqual(assessHealth(r), { status: 'Degraded', message: msg });
  });

  it('fewer available → Progressing; stale generation → Progressing', () => {
    assert.deepEqual(assessHealth(replicaSet({ status: { availableReplicas: 2 } })), {
      status: 'Progressing', message: 'Waiting for rollout to finish: 2 out of 3 new replicas are available...',
    });
    assert.deepEqual(assessHealth(replicaSet({ metadata: { generation: 2 } })), {
      status: 'Progressing', message: 'Waiting for rollout to finish: observed replica set generation less than desired generation',
    });
  });
});
