// The StatefulSet controller: pods `<name>-<ordinal>` created in order (OrderedReady waits for
// each to be Ready; Parallel does not), a PVC per volumeClaimTemplate and ordinal, scale-down from
// the highest ordinal, and RollingUpdate replacing pods from the highest ordinal down.
// spec.updateStrategy.rollingUpdate.partition is honoured for which pods get replaced.
import type { KObject } from '../../api/types.js';
import { clone } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { isTerminating, tryCreate, tryDelete, typeOf, writeStatus } from '../util.js';
import type { SimContext } from './context.js';
import { isPodAvailable, isPodReady, ownerReference, podFromTemplate } from './pods.js';
import { controlledPods } from './replicaset.js';
import { ensureRevision } from './revisions.js';

export const STS_GR = grKey('apps', 'statefulsets');
const REV_LABEL = 'controller-revision-hash';

interface StsSpec {
  replicas?: number; serviceName?: string; podManagementPolicy?: string; minReadySeconds?: number;
  selector?: { matchLabels?: Record<string, string> };
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  template?: unknown;
  volumeClaimTemplates?: Array<{ metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown }>;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string };
}

function ordinalOf(sts: KObject, pod: KObject): number {
  const m = new RegExp(`^${sts.metadata.name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod.metadata.name!);
  return m ? Number(m[1]) : -1;
}

export function syncStatefulSet(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  const sts = cluster.store.get(STS_GR, ns, name);
  if (!sts || isTerminating(sts)) return;
  const spec = (sts['spec'] ?? {}) as StsSpec;
  const replicas = spec.replicas ?? 1;
  const podType = typeOf(cluster, '', 'pods');
  const rev = ensureRevision(ctx, sts, spec.template);
  const oldStatus = (sts['status'] ?? {}) as Record<string, unknown>;
  const currentRevision = typeof oldStatus['currentRevision'] === 'string' && oldStatus['currentRevision'] ? oldStatus['currentRevision'] as string : rev.name;
  const ordered = spec.podManagementPolicy !== 'Parallel';
  const byOrdinal = new Map<number, KObject>();
  for (const p of controlledPods(ctx, sts)) byOrdinal.set(ordinalOf(sts, p), p);

  let blocked = false;
  for (let i = 0; i < replicas && !blocked; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      ensureClaims(ctx, sts, spec, i);
      const made = tryCreate(cluster, podType, ns, statefulPod(sts, spec, i, rev.name));
      if (made) ctx.events.record(sts, { reason: 'SuccessfulCreate', message: `create Pod ${made.metadata.name} in StatefulSet ${name} successful`, component: 'statefulset-controller' });
      if (ordered) blocked = true;
    } else if (ordered && !isPodReady(pod)) {
      blocked = true;
    }
  }
  // Scale down, highest ordinal first (one at a time when ordered).
  const surplus = [...byOrdinal.entries()].filter(([i]) => i >= replicas || i < 0).sort((a, b) => b[0] - a[0]);
  for (const [, p] of ordered ? surplus.slice(0, 1) : surplus) {
    if (!blocked && tryDelete(cluster, podType, p)) {
      ctx.events.record(sts, { reason: 'SuccessfulDelete', message: `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, component: 'statefulset-controller' });
    }
  }
  // Rolling update: once everything below is running and ready, replace the highest outdated pod.
  const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const live = () => [...controlledPods(ctx, sts)].filter((p) => ordinalOf(sts, p) >= 0 && ordinalOf(sts, p) < replicas);
  if (rolling && !blocked && !surplus.length) {
    const pods = live();
    if (pods.length === replicas && pods.every(isPodReady)) {
      const outdated = pods.filter((p) => ordinalOf(sts, p) >= partition && p.metadata.labels?.[REV_LABEL] !== rev.name)
        .sort((a, b) => ordinalOf(sts, b) - ordinalOf(sts, a));
      if (outdated[0]) tryDelete(cluster, podType, outdated[0]);
    }
  }

  const pods = live();
  const now = cluster.now();
  const minReady = spec.minReadySeconds ?? 0;
  const updated = pods.filter((p) => p.metadata.labels?.[REV_LABEL] === rev.name).length;
  const allUpdated = updated === replicas && pods.length === replicas && pods.every(isPodReady);
  const current = allUpdated ? rev.name : currentRevision;
  const cur = cluster.store.get(STS_GR, ns, name);
  if (!cur) return;
  const status: Record<string, unknown> = {
    observedGeneration: cur.metadata.generation,
    replicas: pods.length,
    readyReplicas: pods.filter(isPodReady).length,
    currentReplicas: pods.filter((p) => p.metadata.labels?.[REV_LABEL] === current).length,
    updatedReplicas: updated,
    currentRevision: current,
    updateRevision: rev.name,
    collisionCount: 0,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
  };
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[k] === 0) delete status[k];
  writeStatus(cluster, typeOf(cluster, 'apps', 'statefulsets'), cur, status);
}

function statefulPod(sts: KObject, spec: StsSpec, i: number, revision: string): KObject {
  const name = `${sts.metadata.name}-${i}`;
  return podFromTemplate(spec.template, {
    namespace: sts.metadata.namespace!, name, owner: sts,
    extraLabels: { [REV_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
    mutateSpec: (ps) => {
      ps['hostname'] = name;
      if (spec.serviceName) ps['subdomain'] = spec.serviceName;
      const volumes = Array.isArray(ps['volumes']) ? (ps['volumes'] as Array<{ name?: string }>) : [];
      for (const vct of spec.volumeClaimTemplates ?? []) {
        const vname = vct.metadata?.name;
        if (!vname) continue;
        const claimName = `${vname}-${sts.metadata.name}-${i}`;
        const rest = volumes.filter((v) => v.name !== vname);
        rest.push({ name: vname, persistentVolumeClaim: { claimName } } as { name: string });
        volumes.splice(0, volumes.length, ...rest);
      }
      if (volumes.length) ps['volumes'] = volumes;
    },
  });
}

/** PVCs `<template>-<sts>-<ordinal>`, kept after the pod (and the StatefulSet) is gone unless the retention policy says Delete. */
function ensureClaims(ctx: SimContext, sts: KObject, spec: StsSpec, i: number): void {
  const t = typeOf(ctx.cluster, '', 'persistentvolumeclaims');
  const ns = sts.metadata.namespace!;
  for (const vct of spec.volumeClaimTemplates ?? []) {
    const vname = vct.metadata?.name;
    if (!vname) continue;
    const claimName = `${vname}-${sts.metadata.name}-${i}`;
    if (ctx.cluster.store.get(grKey('', 'persistentvolumeclaims'), ns, claimName)) continue;
    const metadata: KObject['metadata'] = {
      name: claimName, namespace: ns,
      labels: { ...(vct.metadata?.labels ?? {}), ...(spec.selector?.matchLabels ?? {}) },
    };
    if (vct.metadata?.annotations) metadata.annotations = { ...vct.metadata.annotations };
    if (spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') metadata.ownerReferences = [{ ...ownerReference(sts), controller: true, blockOwnerDeletion: true }];
    tryCreate(ctx.cluster, t, ns, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: clone(vct.spec ?? {}) });
  }
}
