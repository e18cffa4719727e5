// PodSpec and PodTemplateSpec validation (core validation.ValidatePodSpec, the parts clients hit).
import { duplicate, forbidden, idx, invalidValue, notSupported, required, type Errs } from './field-errors.js';
import { isDns1123Label, isValidPortName } from './names.js';
import { child, isObj, items, semanticEqual, str, type Obj } from './obj.js';
import { validateAnnotations, validateLabels } from './validate-meta.js';

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** ValidatePodTemplateSpec; note upstream reports template labels under `<path>.labels`. */
export function validatePodTemplate(template: unknown, path: string): Errs {
  if (!isObj(template)) return [required(path)];
  const meta = child(template, 'metadata') ?? {};
  return [
    ...validateLabels(meta['labels'], `${path}.labels`),
    ...validateAnnotations(meta['annotations'], `${path}.annotations`),
    ...validatePodSpec(child(template, 'spec') ?? {}, `${path}.spec`),
  ];
}

export function validatePodSpec(spec: Obj, path: string): Errs {
  const errs: Errs = [];
  const volumeNames = new Set<string>();
  items(spec, 'volumes').forEach((v, i) => {
    const p = idx(`${path}.volumes`, i);
    const name = str(v['name']) ?? '';
    if (!name) errs.push(required(`${p}.name`));
    else {
      for (const msg of isDns1123Label(name)) errs.push(invalidValue(`${p}.name`, name, msg));
      if (volumeNames.has(name)) errs.push(duplicate(`${p}.name`, name));
      volumeNames.add(name);
    }
    const sources = VOLUME_SOURCES.filter((k) => v[k] !== undefined && v[k] !== null);
    if (sources.length > 1) errs.push(forbidden(`${p}.${sources[1]}`, 'may not specify more than 1 volume type'));
  });

  const containers = items(spec, 'containers');
  const names = new Set<string>();
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  containers.forEach((c, i) => errs.push(...validateContainer(c, idx(`${path}.containers`, i), names)));
  items(spec, 'initContainers').forEach((c, i) => errs.push(...validateContainer(c, idx(`${path}.initContainers`, i), names)));

  const restartPolicy = spec['restartPolicy'];
  if (restartPolicy === undefined || restartPolicy === '') errs.push(required(`${path}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(String(restartPolicy))) {
    errs.push(notSupported(`${path}.restartPolicy`, restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  const dnsPolicy = spec['dnsPolicy'];
  if (dnsPolicy !== undefined && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(String(dnsPolicy))) {
    errs.push(notSupported(`${path}.dnsPolicy`, dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  errs.push(...validateLabels(spec['nodeSelector'], `${path}.nodeSelector`));
  const ads = spec['activeDeadlineSeconds'];
  if (typeof ads === 'number' && ads <= 0) errs.push(invalidValue(`${path}.activeDeadlineSeconds`, ads, 'must be between 1 and 2147483647, inclusive'));
  return errs;
}

function validateContainer(c: Obj, p: string, names: Set<string>): Errs {
  const errs: Errs = [];
  const name = str(c['name']) ?? '';
  if (!name) errs.push(required(`${p}.name`));
  else {
    for (const msg of isDns1123Label(name)) errs.push(invalidValue(`${p}.name`, name, msg));
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    names.add(name);
  }
  const image = str(c['image']) ?? '';
  if (!image) errs.push(required(`${p}.image`));
  else if (image.trim() !== image) errs.push(invalidValue(`${p}.image`, image, 'must not have leading or trailing whitespace'));
  const pull = c['imagePullPolicy'];
  if (pull !== undefined && pull !== '' && !['Always', 'IfNotPresent', 'Never'].includes(String(pull))) {
    errs.push(notSupported(`${p}.imagePullPolicy`, pull, ['Always', 'IfNotPresent', 'Never']));
  }
  const tmp = c['terminationMessagePolicy'];
  if (tmp !== undefined && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(invalidValue(`${p}.terminationMessagePolicy`, tmp, "must be 'File' or 'FallbackToLogsOnError'"));
  }
  const portNames = new Set<string>();
  items(c, 'ports').forEach((port, i) => {
    const pp = idx(`${p}.ports`, i);
    const cp = port['containerPort'];
    if (typeof cp !== 'number' || cp < 1 || cp > 65535) {
      errs.push(cp === undefined ? required(`${pp}.containerPort`) : invalidValue(`${pp}.containerPort`, cp, 'must be between 1 and 65535, inclusive'));
    }
    const proto = port['protocol'];
    if (proto !== undefined && !['SCTP', 'TCP', 'UDP'].includes(String(proto))) errs.push(notSupported(`${pp}.protocol`, proto, ['SCTP', 'TCP', 'UDP']));
    const pn = str(port['name']);
    if (pn) {
      for (const msg of isValidPortName(pn)) errs.push(invalidValue(`${pp}.name`, pn, msg));
      if (portNames.has(pn)) errs.push(duplicate(`${pp}.name`, pn));
      portNames.add(pn);
    }
  });
  items(c, 'env').forEach((e, i) => {
    const n = str(e['name']) ?? '';
    const ep = idx(`${p}.env`, i);
    if (!n) errs.push(required(`${ep}.name`));
    else if (n.includes('=')) errs.push(invalidValue(`${ep}.name`, n, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
  });
  items(c, 'volumeMounts').forEach((m, i) => {
    const mp = idx(`${p}.volumeMounts`, i);
    if (!str(m['name'])) errs.push(required(`${mp}.name`));
    if (!str(m['mountPath'])) errs.push(required(`${mp}.mountPath`));
  });
  return errs;
}

/** Workload templates (Deployment, ReplicaSet, DaemonSet, StatefulSet) only run pods that restart. */
export function validateAlwaysRestart(template: unknown, path: string, kind: string): Errs {
  const spec = child(template, 'spec') ?? {};
  const errs: Errs = [];
  const rp = spec['restartPolicy'];
  if (rp !== undefined && rp !== 'Always') errs.push(notSupported(`${path}.spec.restartPolicy`, rp, ['Always']));
  if (spec['activeDeadlineSeconds'] !== undefined && spec['activeDeadlineSeconds'] !== null) {
    errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

/** Pod spec updates: only images, activeDeadlineSeconds, added tolerations and a grace period may change. */
export function validatePodSpecUpdate(spec: Obj, old: Obj): Errs {
  const strip = (s: Obj): Obj => {
    const c = structuredClone(s);
    for (const list of ['containers', 'initContainers']) for (const x of items(c, list)) delete x['image'];
    delete c['activeDeadlineSeconds'];
    delete c['tolerations'];
    delete c['terminationGracePeriodSeconds'];
    return c;
  };
  if (semanticEqual(strip(spec), strip(old))) return [];
  return [forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)')];
}
