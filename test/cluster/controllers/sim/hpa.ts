// The HorizontalPodAutoscaler controller without a metrics server: it reads the target's scale,
// keeps the replica count within [minReplicas, maxReplicas] (the only scaling a real HPA does
// without metrics), and reports honestly that metrics cannot be fetched.
import type { KObject } from '../../api/types.js';
import { timestamp } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { conditionsOf, setCondition, typeOf, writeStatus, type Condition } from '../util.js';
import type { SimContext } from './context.js';

export const HPA_GR = grKey('autoscaling', 'horizontalpodautoscalers');

interface HpaSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number; maxReplicas?: number;
  metrics?: Array<{ type?: string; resource?: { name?: string } }>;
}

export function syncHpa(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  const hpa = cluster.store.get(HPA_GR, ns, name);
  if (!hpa) return;
  const spec = (hpa['spec'] ?? {}) as HpaSpec;
  const now = timestamp(cluster.now());
  const old = (hpa['status'] ?? {}) as Record<string, unknown>;
  let conditions: Condition[] = conditionsOf(old);
  const ref = spec.scaleTargetRef ?? {};
  const [group, version] = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/') as [string, string] : ['', ref.apiVersion ?? ''];
  const t = ref.kind ? cluster.registry.findKind(group, version, ref.kind) : undefined;
  const target = t && ref.name ? cluster.tryGet(t, ns, ref.name) : undefined;
  const status: Record<string, unknown> = { desiredReplicas: 0 };
  if (old['lastScaleTime']) status['lastScaleTime'] = old['lastScaleTime'];
  if (!t || !target) {
    const what = t ? `${t.group ? `${t.plural}.${t.group}` : t.plural} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${group}"`;
    conditions = setCondition(conditions, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${what}` }, now);
    status['conditions'] = conditions;
    writeStatus(cluster, typeOf(cluster, 'autoscaling', 'horizontalpodautoscalers'), hpa, status);
    return;
  }
  const specReplicas = (target['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
  const actual = (target['status'] as { replicas?: number } | undefined)?.replicas ?? 0;
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas ?? specReplicas;
  let desired = specReplicas;
  let limited: Condition | undefined;
  if (specReplicas !== 0) {
    if (specReplicas > max) {
      desired = max;
      limited = { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    } else if (specReplicas < min) {
      desired = min;
      limited = { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    }
  }
  if (desired !== specReplicas) {
    try {
      cluster.updateScale(t, ns, ref.name!, { metadata: { name: ref.name, namespace: ns }, spec: { replicas: desired } }, { manager: 'kube-controller-manager', subresource: 'scale' });
      status['lastScaleTime'] = now;
      const why = desired > specReplicas ? 'Current number of replicas below Spec.MinReplicas' : 'Current number of replicas above Spec.MaxReplicas';
      ctx.events.record(hpa, { reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${why}`, component: 'horizontal-pod-autoscaler' });
    } catch {
      // target without a scale subresource: report it below as a failed scale
    }
  }
  status['currentReplicas'] = actual;
  status['desiredReplicas'] = desired;
  if (!actual) delete status['currentReplicas'];
  conditions = setCondition(conditions, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" }, now);
  const metric = spec.metrics?.[0];
  const resource = metric?.resource?.name ?? 'cpu';
  const metricText = metric && metric.type !== 'Resource'
    ? `unable to get metric: no metrics API is available`
    : `failed to get ${resource} resource metric value: failed to get ${resource} utilization: unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`;
  conditions = setCondition(conditions, { type: 'ScalingActive', status: 'False', reason: metric && metric.type !== 'Resource' ? 'FailedGetExternalMetric' : 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${metricText}` }, now);
  if (limited) conditions = setCondition(conditions, limited, now);
  else conditions = conditions.filter((c) => c.type !== 'ScalingLimited');
  status['conditions'] = conditions;
  const cur = cluster.store.get(HPA_GR, ns, name);
  if (cur) writeStatus(cluster, typeOf(cluster, 'autoscaling', 'horizontalpodautoscalers'), cur, status);
}

/** HPAs in `ns` whose scale target is `target`. */
export function hpasFor(ctx: SimContext, target: KObject): KObject[] {
  return ctx.cluster.store.list(HPA_GR, target.metadata.namespace).filter((h) => {
    const ref = (h['spec'] as HpaSpec | undefined)?.scaleTargetRef;
    return ref?.name === target.metadata.name && ref?.kind === target.kind;
  });
}
