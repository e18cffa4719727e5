// v1 Events as the real components write them (core/v1 Event with involvedObject, source,
// first/lastTimestamp and count), so `kubectl describe` and `kubectl get events` have a story
// to tell, e.g. why a Deployment with a `broken` image is not progressing.
import type { KObject } from '../../api/types.js';
import type { Cluster } from '../../core/cluster.js';
import { timestamp } from '../../core/meta.js';
import { tryCreate, typeOf } from '../util.js';
import { NODE_NAME } from '../node.js';

export interface EventSpec {
  type?: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** source.component, e.g. deployment-controller, kubelet, default-scheduler */
  component: string;
  fieldPath?: string;
}

let seq = 0;

export class EventRecorder {
  constructor(private readonly cluster: Cluster, private readonly enabled: () => boolean) {}

  record(obj: KObject, e: EventSpec): void {
    if (!this.enabled()) return;
    const ns = obj.metadata.namespace ?? 'default';
    const now = timestamp(this.cluster.now());
    // Upstream names events <object>.<unix nanos in hex>; a counter keeps ours unique.
    const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(seq++ % 1_000_000);
    const involved: Record<string, unknown> = {
      kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid,
      apiVersion: obj.apiVersion, resourceVersion: obj.metadata.resourceVersion,
    };
    if (e.fieldPath) involved['fieldPath'] = e.fieldPath;
    const source: Record<string, string> = { component: e.component };
    if (e.component === 'kubelet') source['host'] = NODE_NAME;
    const manager = e.component === 'kubelet' ? 'kubelet' : e.component === 'default-scheduler' ? 'kube-scheduler' : 'kube-controller-manager';
    tryCreate(this.cluster, typeOf(this.cluster, '', 'events'), ns, {
      metadata: { name: `${obj.metadata.name}.${nanos.toString(16)}`, namespace: ns },
      involvedObject: involved,
      reason: e.reason,
      message: e.message,
      source,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type: e.type ?? 'Normal',
      eventTime: null,
      reportingComponent: e.component,
      reportingInstance: e.component === 'kubelet' ? NODE_NAME : '',
    }, manager);
  }
}
