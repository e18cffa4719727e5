// Pod: waiting reasons, phases, readiness, restart policy and the hook exception.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import { pod, running, terminated, waiting } from './objects.js';

const IGNORE_RESTART = { annotations: { 'argocd.argoproj.io/ignore-restart-policy': 'true' } };

describe('Pod', () => {
  it('Running and Ready → Healthy', () => {
    assert.deepEqual(assessHealth(pod({ phase: 'Running', ready: true })), { status: 'Healthy' });
  });

  it('ImagePullBackOff → Degraded with the kubelet message', () => {
    const p = pod({ phase: 'Pending', containers: [waiting('ImagePullBackOff', 'Back-off pulling image "nginx:broken"')] });
    assert.deepEqual(assessHealth(p), { status: 'Degraded', message: 'Back-off pulling image "nginx:broken"' });
  });

  it('CrashLoopBackOff, ErrImagePull and CreateContainerConfigError → Degraded; messages joined', () => {
    const p = pod({
      phase: 'Running',
      containers: [
        waiting('CrashLoopBackOff', 'back-off 5m0s restarting failed container=web pod=web-7d9c6b5f4-x2k8p_shop(uid)', 'web'),
        waiting('CreateContainerConfigError', 'secret "db-password" not found', 'sidecar'),
      ],
    });
    assert.deepEqual(assessHealth(p), {
      status: 'Degraded',
      message: 'back-off 5m0s restarting failed container=web pod=web-7d9c6b5f4-x2k8p_shop(uid), secret "db-password" not found',
    });
    assert.equal(assessHealth(pod({ phase: 'Pending', containers: [waiting('ErrImagePull', 'rpc error')] }))?.status, 'Degraded');
  });

  it('a failing reason without message reports the reason', () => {
    assert.deepEqual(assessHealth(pod({ phase: 'Pending', containers: [waiting('ImagePullBackOff')] })), { status: 'Degraded', message: 'ImagePullBackOff' });
  });

  it('ContainerCreating is not a failure → Progressing', () => {
    assert.deepEqual(assessHealth(pod({ phase: 'Pending', containers: [waiting('ContainerCreating')] })), { status: 'Progressing' });
  });

  it('Running, not ready, a container restarted → Degraded; never terminated → Progressing', () => {
    const restarted = { ...running(), ready: false, restartCount: 2, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: 'x', finishedAt: 'y' } } };
    assert.equal(assessHealth(pod({ phase: 'Running', containers: [restarted] }))?.status, 'Degraded');
    assert.equal(assessHealth(pod({ phase: 'Running', containers: [{ ...running(), ready: false }] }))?.status, 'Progressing');
  });

  it('restartPolicy Never/OnFailure: waiting reasons do not count, Running is Progressing', () => {
    const never = pod({ phase: 'Pending', restartPolicy: 'Never', containers: [waiting('ImagePullBackOff', 'Back-off')] });
    assert.equal(assessHealth(never)?.status, 'Progressing');
    assert.equal(assessHealth(pod({ phase: 'Running', restartPolicy: 'OnFailure', ready: true }))?.status, 'Progressing');
  });

  it('ignore-restart-policy makes a Never Pod long-running, but not a hook', () => {
    const plain = pod({ phase: 'Running', restartPolicy: 'Never', ready: true, metadata: IGNORE_RESTART });
    assert.equal(assessHealth(plain)?.status, 'Healthy');
    const backoff = pod({ phase: 'Pending', restartPolicy: 'Never', containers: [waiting('ImagePullBackOff', 'Back-off')], metadata: IGNORE_RESTART });
    assert.equal(assessHealth(backoff)?.status, 'Degraded');
    const hook = pod({
      phase: 'Running', restartPolicy: 'Never', ready: true,
      metadata: { annotations: { ...IGNORE_RESTART.annotations, 'argocd.argoproj.io/hook': 'PreSync' } },
    });
    assert.equal(assessHealth(hook)?.status, 'Progressing');
  });

  it('Succeeded → Healthy', () => {
    const p = pod({ phase: 'Succeeded', restartPolicy: 'Never', containers: [terminated({ exitCode: 0, reason: 'Completed' })] });
    assert.deepEqual(assessHealth(p), { status: 'Healthy' });
  });

  it('Failed: pod message, else terminated message, OOMKilled, exit code (init containers first)', () => {
    assert.deepEqual(assessHealth(pod({ phase: 'Failed', message: 'Pod was rejected: Node didn\'t have enough resource: cpu', containers: [] })), {
      status: 'Degraded', message: 'Pod was rejected: Node didn\'t have enough resource: cpu',
    });
    const withMsg = pod({ phase: 'Failed', restartPolicy: 'Never', containers: [terminated({ exitCode: 2, reason: 'Error', message: 'migration 0042 failed' })] });
    assert.deepEqual(assessHealth(withMsg), { status: 'Degraded', message: 'migration 0042 failed' });
    const oom = pod({ phase: 'Failed', restartPolicy: 'Never', containers: [terminated({ exitCode: 137, reason: 'OOMKilled' })] });
    assert.deepEqual(assessHealth(oom), { status: 'Degraded', message: 'OOMKilled' });
    const init = pod({
      phase: 'Failed', restartPolicy: 'Never',
      init: [terminated({ exitCode: 3, reason: 'Error' }, 'wait-db')], containers: [terminated({ exitCode: 1, reason: 'Error' })],
    });
    assert.deepEqual(assessHealth(init), { status: 'Degraded', message: 'container "wait-db" failed with exit code 3' });
    assert.deepEqual(assessHealth(pod({ phase: 'Failed', containers: [] })), { status: 'Degraded' });
  });

  it('phase Unknown → Unknown', () => {
    assert.equal(assessHealth(pod({ phase: 'Unknown', message: 'node lost' }))?.status, 'Unknown');
  });
});
