// v1 Pod, as gitops-engine health_pod.go. Waiting reasons (ErrImagePull, ImagePullBackOff,
// CrashLoopBackOff, CreateContainerConfigError …) count only for long-running Pods
// (restartPolicy Always, or the ignore-restart-policy annotation on a non-hook): a hook Pod
// whose image is not there yet must not fail the sync early.
import type { Health, KubeObject } from '../types.js';
import { isHook } from './hook.js';
import { asObject, conditionsOf, dig, groupVersion, health, list, num, str, unsupportedVersion } from './read.js';

export const IGNORE_RESTART_POLICY = 'argocd.argoproj.io/ignore-restart-policy';

interface ContainerStatus { name: string; waiting?: { reason: string; message: string }; terminated?: Record<string, unknown>; lastTerminated: boolean }

function containerStatuses(v: unknown): ContainerStatus[] {
  return list(v).map((c) => {
    const waiting = asObject(dig(c, 'state', 'waiting'));
    return {
      name: str(dig(c, 'name')) ?? '',
      waiting: waiting ? { reason: str(waiting['reason']) ?? '', message: str(waiting['message']) ?? '' } : undefined,
      terminated: asObject(dig(c, 'state', 'terminated')),
      // the JSON name of Go's LastTerminationState
      lastTerminated: asObject(dig(c, 'lastState', 'terminated')) !== undefined,
    };
  });
}

const isFailureReason = (r: string) => r.startsWith('Err') || r.endsWith('Error') || r.endsWith('BackOff');

/** Why a terminated container failed: its message, OOMKilled, or a non-zero exit code. */
function failMessage(c: ContainerStatus): string {
  const t = c.terminated;
  if (!t) return '';
  if (str(t['message'])) return str(t['message'])!;
  if (t['reason'] === 'OOMKilled') return 'OOMKilled';
  const code = num(t['exitCode']) ?? 0;
  return code !== 0 ? `container "${c.name}" failed with exit code ${code}` : '';
}

export function podHealth(p: KubeObject): Health {
  if (groupVersion(p).version !== 'v1') return unsupportedVersion(p, 'Pod');
  const policy = str(dig(p, 'spec', 'restartPolicy')) ?? '';
  const longRunning = policy === 'Always' || (p.metadata?.annotations?.[IGNORE_RESTART_POLICY] === 'true' && !isHook(p));
  const containers = containerStatuses(dig(p, 'status', 'containerStatuses'));
  const message = str(dig(p, 'status', 'message')) ?? '';

  if (longRunning) {
    const failing = containers.filter((c) => c.waiting && isFailureReason(c.waiting.reason));
    if (failing.length) {
      // Argo joins the waiting messages; when the kubelet gave none, the reasons say more than "".
      const texts = failing.map((c) => c.waiting!.message).filter(Boolean);
      return health('Degraded', (texts.length ? texts : failing.map((c) => c.waiting!.reason)).join(', '));
    }
  }

  switch (str(dig(p, 'status', 'phase'))) {
    case 'Pending':
      return health('Progressing', message);
    case 'Succeeded':
      return health('Healthy', message);
    case 'Failed': {
      if (message) return health('Degraded', message);
      const all = [...containerStatuses(dig(p, 'status', 'initContainerStatuses')), ...containers];
      return health('Degraded', all.map(failMessage).find(Boolean));
    }
    case 'Running':
      if (longRunning) {
        const ready = conditionsOf(dig(p, 'status', 'conditions')).some((c) => c.type === 'Ready' && c.status === 'True');
        if (ready) return health('Healthy', message);
        if (containers.some((c) => c.lastTerminated)) return health('Degraded', message);
        return health('Progressing', message);
      }
      // Run-to-completion Pods (usually hooks) are Progressing until they finish.
      if (policy === 'OnFailure' || policy === 'Never') return health('Progressing', message);
      break;
  }
  return health('Unknown', message);
}
