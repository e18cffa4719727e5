// PersistentVolumeClaim binding, as the PV controller plus a local-path provisioner would do it:
// - a claim naming a StorageClass that exists (or naming none while a default class exists) gets
//   a new PV `pvc-<uid>` and both become Bound; WaitForFirstConsumer classes wait until a pod
//   uses the claim;
// - a claim with storageClassName "" (or spec.volumeName) binds to a matching Available PV;
// - otherwise the claim stays Pending (no StorageClass → nothing provisions it, as on a real cluster).
// A deleted claim releases its PV: deleted for reclaimPolicy Delete, Released for Retain.
import type { KObject } from '../../api/types.js';
import { timestamp } from '../../core/meta.js';
import { grKey } from '../../store/store.js';
import { isTerminating, tryCreate, tryDelete, typeOf, writeObject, writeStatus } from '../util.js';
import type { SimContext } from './context.js';
import { PODS_GR, isPodActive } from './pods.js';

export const PVC_GR = grKey('', 'persistentvolumeclaims');
export const PV_GR = grKey('', 'persistentvolumes');
export const SC_GR = grKey('storage.k8s.io', 'storageclasses');
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

interface ClaimSpec {
  storageClassName?: string | null; volumeName?: string; accessModes?: string[]; volumeMode?: string;
  resources?: { requests?: { storage?: string } };
}
interface VolumeSpec {
  storageClassName?: string; accessModes?: string[]; capacity?: { storage?: string };
  claimRef?: { name?: string; namespace?: string; uid?: string }; persistentVolumeReclaimPolicy?: string;
}

/** Parse a Kubernetes quantity of bytes (Ki/Mi/Gi/Ti, k/M/G/T, plain); NaN when unknown. */
export function quantityBytes(q: string | undefined): number {
  if (!q) return 0;
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i?|k)?$/.exec(q.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  const bin: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  const dec: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return n * (bin[unit] ?? dec[unit] ?? 1);
}

function defaultClass(ctx: SimContext): KObject | undefined {
  return ctx.cluster.store.list(SC_GR).find((sc) => sc.metadata.annotations?.[DEFAULT_CLASS] === 'true');
}

function claimUsedByPod(ctx: SimContext, ns: string, claim: string): boolean {
  return ctx.cluster.store.list(PODS_GR, ns).some((p) => isPodActive(p) &&
    (((p['spec'] as { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } }> })?.volumes) ?? [])
      .some((v) => v.persistentVolumeClaim?.claimName === claim));
}

export function syncClaim(ctx: SimContext, ns: string, name: string): void {
  const { cluster } = ctx;
  let pvc = cluster.store.get(PVC_GR, ns, name);
  if (!pvc || isTerminating(pvc)) return;
  const phase = (pvc['status'] as { phase?: string } | undefined)?.phase;
  const spec = (pvc['spec'] ?? {}) as ClaimSpec;
  if (phase === 'Bound' && spec.volumeName) return;
  const pvcType = typeOf(cluster, '', 'persistentvolumeclaims');
  let pv: KObject | undefined;
  let provisioner: string | undefined;
  if (spec.volumeName) {
    const v = cluster.store.get(PV_GR, undefined, spec.volumeName);
    const ref = (v?.['spec'] as VolumeSpec | undefined)?.claimRef;
    if (v && (!ref || ref.uid === pvc.metadata.uid || (ref.name === name && ref.namespace === ns && !ref.uid))) pv = v;
  } else if (spec.storageClassName === '' || ((spec.storageClassName === undefined || spec.storageClassName === null) && !defaultClass(ctx))) {
    pv = findStaticVolume(ctx, pvc, spec.storageClassName ?? '');
  } else {
    const sc = spec.storageClassName ? cluster.store.get(SC_GR, undefined, spec.storageClassName) : defaultClass(ctx);
    pv = sc ? findStaticVolume(ctx, pvc, sc.metadata.name!) : undefined;
    if (!pv && sc) {
      if (sc['volumeBindingMode'] === 'WaitForFirstConsumer' && !claimUsedByPod(ctx, ns, name)) return;
      provisioner = typeof sc['provisioner'] === 'string' ? sc['provisioner'] : 'rancher.io/local-path';
      pv = provision(ctx, pvc, sc, provisioner);
      if (spec.storageClassName === undefined || spec.storageClassName === null) {
        // Retroactive default StorageClass assignment (GA since 1.28): the controller records the class.
        pvc = tryWrite(ctx, pvc, (o) => { (o['spec'] as ClaimSpec).storageClassName = sc.metadata.name; });
      }
    }
  }
  if (!pv) return;
  bind(ctx, pvc, pv, provisioner, pvcType);
}

function tryWrite(ctx: SimContext, o: KObject, mutate: (o: KObject) => void): KObject {
  try {
    return writeObject(ctx.cluster, typeOf(ctx.cluster, '', o.kind === 'PersistentVolume' ? 'persistentvolumes' : 'persistentvolumeclaims'), o, mutate);
  } catch {
    return o; // the core's validation refused it; binding still shows in status
  }
}

function findStaticVolume(ctx: SimContext, pvc: KObject, className: string): KObject | undefined {
  const spec = (pvc['spec'] ?? {}) as ClaimSpec;
  const need = quantityBytes(spec.resources?.requests?.storage);
  const modes = spec.accessModes ?? [];
  return ctx.cluster.store.list(PV_GR).find((pv) => {
    const s = (pv['spec'] ?? {}) as VolumeSpec;
    const phase = (pv['status'] as { phase?: string } | undefined)?.phase;
    if (isTerminating(pv) || (phase && phase !== 'Available' && phase !== 'Pending')) return false;
    if (s.claimRef && !(s.claimRef.name === pvc.metadata.name && s.claimRef.namespace === pvc.metadata.namespace)) return false;
    if ((s.storageClassName ?? '') !== className) return false;
    if (!modes.every((m) => (s.accessModes ?? []).includes(m))) return false;
    const have = quantityBytes(s.capacity?.storage);
    return !(need > have);
  });
}

function provision(ctx: SimContext, pvc: KObject, sc: KObject, provisioner: string): KObject | undefined {
  const spec = (pvc['spec'] ?? {}) as ClaimSpec;
  const ns = pvc.metadata.namespace!;
  const name = `pvc-${pvc.metadata.uid}`;
  const existing = ctx.cluster.store.get(PV_GR, undefined, name);
  if (existing) return existing;
  return tryCreate(ctx.cluster, typeOf(ctx.cluster, '', 'persistentvolumes'), undefined, {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': provisioner } },
    spec: {
      capacity: { storage: spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: spec.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: typeof sc['reclaimPolicy'] === 'string' ? sc['reclaimPolicy'] : 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: spec.volumeMode ?? 'Filesystem',
      hostPath: { path: `/var/local-path-provisioner/${name}_${ns}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: ns, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion },
    },
  }, 'kube-controller-manager');
}

function bind(ctx: SimContext, pvc: KObject, pv: KObject, provisioner: string | undefined, pvcType: ReturnType<typeof typeOf>): void {
  const { cluster } = ctx;
  const now = timestamp(cluster.now());
  const pvType = typeOf(cluster, '', 'persistentvolumes');
  const pvSpec = (pv['spec'] ?? {}) as VolumeSpec;
  if (!pvSpec.claimRef?.uid) {
    pv = tryWrite(ctx, pv, (o) => {
      (o['spec'] as Record<string, unknown>)['claimRef'] = {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace,
        uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion,
      };
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
    });
  }
  writeStatus(cluster, pvType, pv, { phase: 'Bound', lastPhaseTransitionTime: (pv['status'] as { lastPhaseTransitionTime?: string } | undefined)?.lastPhaseTransitionTime ?? now });
  pvc = tryWrite(ctx, pvc, (o) => {
    (o['spec'] as ClaimSpec).volumeName = pv.metadata.name;
    const ann: Record<string, string> = { ...(o.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
    if (provisioner) {
      ann['volume.beta.kubernetes.io/storage-provisioner'] = provisioner;
      ann['volume.kubernetes.io/storage-provisioner'] = provisioner;
    }
    o.metadata.annotations = ann;
  });
  const s = (pv['spec'] ?? {}) as VolumeSpec;
  writeStatus(cluster, pvcType, pvc, {
    phase: 'Bound', accessModes: s.accessModes ?? [], capacity: { storage: s.capacity?.storage ?? '0' },
  });
}

/** The claim is gone: apply its volume's reclaim policy. */
export function releaseClaim(ctx: SimContext, claim: KObject): void {
  const { cluster } = ctx;
  for (const pv of cluster.store.list(PV_GR)) {
    const s = (pv['spec'] ?? {}) as VolumeSpec;
    if (s.claimRef?.uid !== claim.metadata.uid) continue;
    const pvType = typeOf(cluster, '', 'persistentvolumes');
    if ((s.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') tryDelete(cluster, pvType, pv);
    else writeStatus(cluster, pvType, pv, { phase: 'Released', lastPhaseTransitionTime: timestamp(cluster.now()) });
  }
}
