// PodSpec defaults (core/v1 defaults.go and the generated defaulters that walk into every PodSpec),
// and the serialisation of embedded templates (`creationTimestamp: null`, `resources: {}`).
import { defaultPullPolicy } from './image.js';
import { child, ensure, items, setDefault, setDefaultStr, type Obj } from './obj.js';

/** `spec.template` of a workload: metadata always serialises with `creationTimestamp: null`. */
export function defaultPodTemplate(template: Obj): void {
  defaultEmbeddedMeta(template);
  defaultPodSpec(ensure(template, 'spec'));
}

/** Embedded ObjectMeta is a non-pointer struct; Go prints its zero `creationTimestamp` as null. */
export function defaultEmbeddedMeta(holder: Obj): void {
  const meta = ensure(holder, 'metadata');
  if (meta['creationTimestamp'] === undefined) meta['creationTimestamp'] = null;
}

export function defaultPodSpec(spec: Obj): void {
  setDefaultStr(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultStr(spec, 'restartPolicy', 'Always');
  setDefaultStr(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  const hostNetwork = spec['hostNetwork'] === true;
  for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) defaultContainer(c, hostNetwork);
  for (const c of items(spec, 'ephemeralContainers')) defaultContainer(c, false);
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  setDefaultStr(c, 'imagePullPolicy', defaultPullPolicy(c['image']));
  setDefaultStr(c, 'terminationMessagePath', '/dev/termination-log');
  setDefaultStr(c, 'terminationMessagePolicy', 'File');
  // ResourceRequirements is a non-pointer struct: always printed, `{}` when empty.
  setDefault(c, 'resources', {});
  for (const p of items(c, 'ports')) {
    setDefaultStr(p, 'protocol', 'TCP');
    if (hostNetwork && (p['hostPort'] === undefined || p['hostPort'] === 0)) p['hostPort'] = p['containerPort'];
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = child(c, probe);
    if (!p) continue;
    setDefault(p, 'timeoutSeconds', 1);
    setDefault(p, 'periodSeconds', 10);
    setDefault(p, 'successThreshold', 1);
    setDefault(p, 'failureThreshold', 3);
    defaultHandler(p);
    const grpc = child(p, 'grpc');
    if (grpc) setDefault(grpc, 'service', '');
  }
  const lifecycle = child(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) {
    const h = child(lifecycle, hook);
    if (h) defaultHandler(h);
  }
  for (const e of items(c, 'env')) {
    const fieldRef = child(child(e, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefaultStr(fieldRef, 'apiVersion', 'v1');
  }
}

function defaultHandler(h: Obj): void {
  const http = child(h, 'httpGet');
  if (!http) return;
  setDefaultStr(http, 'path', '/');
  setDefaultStr(http, 'scheme', 'HTTP');
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined && v[k] !== null)) v['emptyDir'] = {};
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = child(v, k);
    if (src) setDefault(src, 'defaultMode', 420);
  }
  const hostPath = child(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
  for (const item of items(child(v, 'downwardAPI'), 'items')) defaultFieldRef(item);
  for (const src of items(child(v, 'projected'), 'sources')) {
    for (const item of items(child(src, 'downwardAPI'), 'items')) defaultFieldRef(item);
  }
  const iscsi = child(v, 'iscsi');
  if (iscsi) setDefaultStr(iscsi, 'iscsiInterface', 'default');
  const rbd = child(v, 'rbd');
  if (rbd) {
    setDefaultStr(rbd, 'pool', 'rbd');
    setDefaultStr(rbd, 'user', 'admin');
    setDefaultStr(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const azureDisk = child(v, 'azureDisk');
  if (azureDisk) {
    setDefaultStr(azureDisk, 'cachingMode', 'ReadWrite');
    setDefaultStr(azureDisk, 'fsType', 'ext4');
    setDefault(azureDisk, 'readOnly', false);
    setDefaultStr(azureDisk, 'kind', 'Shared');
  }
  const claimTemplate = child(child(v, 'ephemeral'), 'volumeClaimTemplate');
  if (claimTemplate) {
    defaultEmbeddedMeta(claimTemplate);
    defaultPvcSpec(ensure(claimTemplate, 'spec'));
  }
}

function defaultFieldRef(item: Obj): void {
  const fieldRef = child(item, 'fieldRef');
  if (fieldRef) setDefaultStr(fieldRef, 'apiVersion', 'v1');
}

/** PersistentVolumeClaimSpec defaults (also inside volumeClaimTemplates and ephemeral volumes). */
export function defaultPvcSpec(spec: Obj): void {
  setDefaultStr(spec, 'volumeMode', 'Filesystem');
  // VolumeResourceRequirements is a non-pointer struct.
  setDefault(spec, 'resources', {});
}

/** Pod-only defaults: what SetDefaults_Pod adds beyond the PodSpec. */
export function defaultPodOnly(pod: Obj): void {
  const spec = ensure(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    const res = child(c, 'resources');
    const limits = child(res, 'limits');
    if (!res || !limits || Object.keys(limits).length === 0) continue;
    const requests = ensure(res, 'requests');
    for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
  }
}

/** Pod status on create: Pending with a QoS class (pkg/apis/core/helper/qos, simplified). */
export function podQosClass(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...items(spec, 'containers'), ...items(spec, 'initContainers')];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = child(c, 'resources');
    const req = child(res, 'requests') ?? {};
    const lim = child(res, 'limits') ?? {};
    const relevant = (o: Obj) => Object.keys(o).filter((k) => k === 'cpu' || k === 'memory');
    if (relevant(req).length || relevant(lim).length) any = true;
    for (const k of ['cpu', 'memory']) {
      if (lim[k] === undefined || (req[k] !== undefined && req[k] !== lim[k])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

