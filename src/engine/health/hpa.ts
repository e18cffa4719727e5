// HorizontalPodAutoscaler, as gitops-engine health_hpa.go: a failing reason on AbleToScale or
// ScalingActive is Degraded whatever the condition's status; then AbleToScale=True or
// ScalingLimited=True is Healthy; otherwise Progressing. autoscaling/v1 carries the conditions
// as JSON in an annotation.
import type { Health, KubeObject } from '../types.js';
import { conditions, conditionsOf, groupVersion, health, unsupportedVersion, type Condition } from './read.js';

const V1_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const WAITING = 'Waiting to Autoscale';

const DEGRADED: Record<string, Set<string>> = {
  AbleToScale: new Set(['FailedGetScale', 'FailedUpdateScale']),
  ScalingActive: new Set([
    'FailedGetResourceMetric', 'FailedGetObjectMetric', 'FailedGetPodsMetric', 'FailedGetExternalMetric',
    'FailedComputeMetricsReplicas', 'InvalidSelector',
  ]),
};

function check(list: Condition[]): Health {
  const degraded = list.find((c) => DEGRADED[c.type]?.has(c.reason ?? ''));
  if (degraded) return health('Degraded', degraded.message);
  const healthy = list.find((c) => (c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True');
  if (healthy) return health('Healthy', healthy.message);
  return health('Progressing', WAITING);
}

export function hpaHealth(h: KubeObject): Health {
  const { version } = groupVersion(h);
  if (version === 'v2') return check(conditions(h));
  if (version !== 'v1') return unsupportedVersion(h, 'HPA');
  const raw = h.metadata?.annotations?.[V1_CONDITIONS];
  if (raw === undefined) return health('Progressing', WAITING);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return health('Unknown', `failed to convert conditions annotation to typed: ${(e as Error).message}`);
  }
  const list = conditionsOf(parsed);
  return list.length ? check(list) : health('Progressing', WAITING);
}
