// PodSpec defaults of the v1.32 API server (pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec,
// SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume and the
// volume-source defaulters), applied wherever a pod template appears.
import { child, ensure, items, setDefault, type Obj } from './obj.js';

/** `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (a digest is not latest). */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string' || !image) return 'IfNotPresent';
  let rest = image;
  const at = rest.indexOf('@');
  if (at >= 0) return 'IfNotPresent';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  rest = colon > slash ? rest.slice(colon + 1) : 'latest';
  return rest === 'latest' ? 'Always' : 'IfNotPresent';
}

export function defaultPodTemplate(template: Obj): void {
  defaultPodSpec(ensure(template, 'spec'));
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst', true);
  setDefault(spec, 'restartPolicy', 'Always', true);
  setDefault(spec, 'schedulerName', 'default-scheduler', true);
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  const hostNetwork = spec['hostNetwork'] === true;
  for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers'), ...items(spec, 'ephemeralContainers')]) {
    defaultContainer(c, hostNetwork);
  }
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(c['image']), true);
  setDefault(c, 'terminationMessagePath', '/dev/termination-log', true);
  setDefault(c, 'terminationMessagePolicy', 'File', true);
  for (const p of items(c, 'ports')) {
    setDefault(p, 'protocol', 'TCP', true);
    if (hostNetwork && (p['hostPort'] === undefined || p['hostPort'] === 0)) p['hostPort'] = p['containerPort'] ?? null;
  }
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = child(c, name);
    if (!probe) continue;
    setDefault(probe, 'timeoutSeconds', 1);
    setDefault(probe, 'periodSeconds', 10);
    setDefault(probe, 'successThreshold', 1);
    setDefault(probe, 'failureThreshold', 3);
    defaultHandler(probe);
    const grpc = child(probe, 'grpc');
    if (grpc) setDefault(grpc, 'service', '');
  }
  const lifecycle = child(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) {
    const h = child(lifecycle, hook);
    if (h) defaultHandler(h);
  }
  for (const e of items(c, 'env')) {
    const fieldRef = child(child(e, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1', true);
  }
}

function defaultHandler(h: Obj): void {
  const http = child(h, 'httpGet');
  if (!http) return;
  setDefault(http, 'path', '/', true);
  setDefault(http, 'scheme', 'HTTP', true);
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
    const token = child(src, 'serviceAccountToken');
    if (token) setDefault(token, 'expirationSeconds', 3600);
  }
  const iscsi = child(v, 'iscsi');
  if (iscsi) setDefault(iscsi, 'iscsiInterface', 'default', true);
  const rbd = child(v, 'rbd');
  if (rbd) {
    setDefault(rbd, 'pool', 'rbd', true);
    setDefault(rbd, 'user', 'admin', true);
    setDefault(rbd, 'keyring', '/etc/ceph/keyring', true);
  }
  const azureDisk = child(v, 'azureDisk');
  if (azureDisk) {
    setDefault(azureDisk, 'cachingMode', 'ReadWrite', true);
    setDefault(azureDisk, 'fsType', 'ext4', true);
    setDefault(azureDisk, 'readOnly', false);
    setDefault(azureDisk, 'kind', 'Shared', true);
  }
  const claim = child(child(v, 'ephemeral'), 'volumeClaimTemplate');
  if (claim) defaultPvcSpec(ensure(claim, 'spec'));
}

function defaultFieldRef(item: Obj): void {
  const fieldRef = child(item, 'fieldRef');
  if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1', true);
}

/** PersistentVolumeClaimSpec (also inside volumeClaimTemplates and ephemeral volumes). */
export function defaultPvcSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem', true);
}

/** What SetDefaults_Pod adds beyond the PodSpec (bare Pods only). */
export function defaultPod(pod: Obj): void {
  const spec = ensure(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    const res = child(c, 'resources');
    const limits = child(res, 'limits');
    if (!res || !limits) continue;
    const requests = ensure(res, 'requests');
    for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
  }
}
