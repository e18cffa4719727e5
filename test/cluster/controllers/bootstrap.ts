// Objects a fresh kube-apiserver and kube-controller-manager create (spec §3.8): the system
// namespaces always; with bootstrap on, the `kubernetes` Service, default RBAC roles, a default
// StorageClass, and in every namespace the `default` ServiceAccount and `kube-root-ca.crt`.
// Everything is idempotent, so a restart over a kept --state creates nothing twice.
import type { KObject } from '../api/types.js';
import { defaultClusterRoleBindingObjects, defaultClusterRoleObjects } from '../auth/policy.js';
import type { Cluster } from '../core/cluster.js';
import { grKey } from '../store/store.js';
import { APISERVER_PORT, NODE_IP } from './node.js';
import { guarded, type Scheduler } from './scheduler.js';
import { KCM, isTerminating, tryCreate, typeOf, writeObject } from './util.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const APISERVER = 'kube-apiserver';
// Text kube-controller-manager 1.32 puts on kube-root-ca.crt [B].
const ROOT_CA_DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface BootstrapOptions { bootstrap: boolean; caPem: string }

/** Create the bootstrap objects now and keep the per-namespace ones in place; returns a stop function. */
export function startBootstrap(cluster: Cluster, opts: BootstrapOptions, sched: Scheduler): () => void {
  ensureSystemNamespaces(cluster);
  if (!opts.bootstrap) return () => {};
  ensureClusterObjects(cluster);
  for (const ns of cluster.store.list(grKey('', 'namespaces'))) {
    if (!isTerminating(ns)) guarded(`bootstrap ${ns.metadata.name}`, () => ensureNamespaceObjects(cluster, ns.metadata.name!, opts.caPem));
  }
  const offWrite = cluster.onWrite((t, old, cur) => {
    if (t.group !== '') return;
    if (t.plural === 'namespaces' && !old && !isTerminating(cur)) {
      // Synchronously, so the objects exist before the namespace's create call even returns.
      guarded(`bootstrap ${cur.metadata.name}`, () => ensureNamespaceObjects(cluster, cur.metadata.name!, opts.caPem));
    } else if (t.plural === 'configmaps' && cur.metadata.name === ROOT_CA_CONFIGMAP && !isTerminating(cur)) {
      const data = cur['data'] as Record<string, unknown> | undefined;
      if (data?.['ca.crt'] !== opts.caPem) {
        sched.schedule(`rootca:${cur.metadata.namespace}`, 100, () => ensureRootCa(cluster, cur.metadata.namespace!, opts.caPem));
      }
    }
  });
  const offDelete = cluster.onDelete((t, last) => {
    if (t.group !== '') return;
    const ns = last.metadata.namespace;
    if (t.plural === 'configmaps' && last.metadata.name === ROOT_CA_CONFIGMAP) {
      sched.schedule(`rootca:${ns}`, 100, () => ensureRootCa(cluster, ns!, opts.caPem));
    } else if (t.plural === 'serviceaccounts' && last.metadata.name === 'default') {
      sched.schedule(`defaultsa:${ns}`, 100, () => ensureDefaultServiceAccount(cluster, ns!));
    }
  });
  return () => { offWrite(); offDelete(); };
}

export function ensureSystemNamespaces(cluster: Cluster): void {
  const t = typeOf(cluster, '', 'namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    if (!cluster.tryGet(t, undefined, name)) cluster.create(t, undefined, { metadata: { name } }, { manager: APISERVER });
  }
}

/** The kubernetes Service and its Endpoints, the default StorageClass and the default RBAC policy. */
export function ensureClusterObjects(cluster: Cluster): void {
  const svc = typeOf(cluster, '', 'services');
  if (!cluster.tryGet(svc, 'default', 'kubernetes')) {
    // The allocator keeps 10.96.0.1 back for this Service: hand it over unless another Service has it.
    const first = { metadata: {}, spec: { clusterIPs: ['10.96.0.1'] } };
    const taken = cluster.store.list(grKey('', 'services')).some((s) => ((s['spec'] as { clusterIPs?: string[] } | undefined)?.clusterIPs ?? []).includes('10.96.0.1'));
    if (!taken) cluster.allocator.release(first);
    const made = tryCreate(cluster, svc, 'default', {
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], type: 'ClusterIP', sessionAffinity: 'None',
        ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: APISERVER_PORT }],
      },
    }, APISERVER);
    if (!made) cluster.allocator.reserve(first);
  }
  const ep = typeOf(cluster, '', 'endpoints');
  if (!cluster.tryGet(ep, 'default', 'kubernetes')) {
    tryCreate(cluster, ep, 'default', {
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: NODE_IP }], ports: [{ name: 'https', port: APISERVER_PORT, protocol: 'TCP' }] }],
    }, APISERVER);
  }
  const sc = typeOf(cluster, 'storage.k8s.io', 'storageclasses');
  if (!cluster.list(sc, undefined).length) {
    tryCreate(cluster, sc, undefined, {
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', allowVolumeExpansion: false,
    }, APISERVER);
  }
  const cr = typeOf(cluster, 'rbac.authorization.k8s.io', 'clusterroles');
  for (const o of defaultClusterRoleObjects()) if (!cluster.tryGet(cr, undefined, o.metadata.name!)) tryCreate(cluster, cr, undefined, o, APISERVER);
  const crb = typeOf(cluster, 'rbac.authorization.k8s.io', 'clusterrolebindings');
  for (const o of defaultClusterRoleBindingObjects()) if (!cluster.tryGet(crb, undefined, o.metadata.name!)) tryCreate(cluster, crb, undefined, o, APISERVER);
}

export function ensureNamespaceObjects(cluster: Cluster, ns: string, caPem: string): void {
  ensureDefaultServiceAccount(cluster, ns);
  ensureRootCa(cluster, ns, caPem);
}

function namespaceActive(cluster: Cluster, ns: string): boolean {
  const o = cluster.store.get(grKey('', 'namespaces'), undefined, ns);
  return !!o && !isTerminating(o);
}

export function ensureDefaultServiceAccount(cluster: Cluster, ns: string): void {
  if (!namespaceActive(cluster, ns)) return;
  const t = typeOf(cluster, '', 'serviceaccounts');
  if (!cluster.tryGet(t, ns, 'default')) tryCreate(cluster, t, ns, { metadata: { name: 'default', namespace: ns } }, KCM);
}

export function ensureRootCa(cluster: Cluster, ns: string, caPem: string): void {
  if (!namespaceActive(cluster, ns)) return;
  const t = typeOf(cluster, '', 'configmaps');
  const cur = cluster.tryGet(t, ns, ROOT_CA_CONFIGMAP);
  if (!cur) {
    tryCreate(cluster, t, ns, {
      metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
      data: { 'ca.crt': caPem },
    }, KCM);
    return;
  }
  if (isTerminating(cur)) return;
  writeObject(cluster, t, cur, (o: KObject) => {
    o['data'] = { 'ca.crt': caPem };
    const ann = { ...(o.metadata.annotations ?? {}) };
    ann['kubernetes.io/description'] = ROOT_CA_DESCRIPTION;
    o.metadata.annotations = ann;
  });
}
