// The /scale subresource view of Deployments, StatefulSets, ReplicaSets and scalable CRs (spec §2.9).
import type { KObject, ResourceType } from '../api/types.js';
import { isObject } from './meta.js';

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

/** "app=web,tier in (a,b)" — the string form Scale.status.selector carries. */
export function selectorString(sel: unknown): string {
  if (!isObject(sel)) return '';
  const s = sel as Selector;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) parts.push(`${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function getPath(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const seg of path.replace(/^\./, '').split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const segs = path.replace(/^\./, '').split('.');
  let cur = o;
  for (const seg of segs.slice(0, -1)) {
    if (!isObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[segs[segs.length - 1]!] = v;
}

export function toScale(t: ResourceType, o: KObject): KObject {
  const specPath = t.scalePaths?.specReplicasPath ?? '.spec.replicas';
  const statusPath = t.scalePaths?.statusReplicasPath ?? '.status.replicas';
  const selector = t.scalePaths
    ? (t.scalePaths.labelSelectorPath ? getPath(o, t.scalePaths.labelSelectorPath) : undefined)
    : selectorString(getPath(o, '.spec.selector'));
  const status: Record<string, unknown> = { replicas: Number(getPath(o, statusPath) ?? 0) };
  if (typeof selector === 'string' && selector) status['selector'] = selector;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: Number(getPath(o, specPath) ?? 0) },
    status,
  };
}

export function withReplicas(t: ResourceType, o: KObject, replicas: number): KObject {
  setPath(o as Record<string, unknown>, t.scalePaths?.specReplicasPath ?? '.spec.replicas', replicas);
  return o;
}
