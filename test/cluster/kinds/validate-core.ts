// core/v1 validation: Service, ConfigMap, Secret, PersistentVolumeClaim, Namespace, Pod.
import { isIP } from 'node:net';
import type { KObject } from '../api/types.js';
import {
  duplicate, forbidden, idx, immutable, invalidValue, key, notSupported, required, tooLong, type Errs,
} from './field-errors.js';
import { isConfigMapKey, isQualifiedName, isValidPortName } from './names.js';
import { child, isObj, items, semanticEqual, str, type Obj } from './obj.js';
import { validateLabels } from './validate-meta.js';
import { validatePodSpec, validatePodSpecUpdate } from './validate-pod.js';

const spec = (o: KObject | undefined): Obj => child(o, 'spec') ?? {};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validateService(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [];
  const type = s['type'];
  if (!SERVICE_TYPES.includes(String(type))) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  const headless = s['clusterIP'] === 'None';
  const ports = items(s, 'ports');
  if (type === 'ExternalName') {
    if (!str(s['externalName'])) errs.push(required('spec.externalName'));
  } else if (ports.length === 0 && !headless) {
    errs.push(required('spec.ports'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = idx('spec.ports', i);
    const name = str(p['name']) ?? '';
    if (ports.length > 1 && !name) errs.push(required(`${pp}.name`));
    if (name) {
      for (const msg of isValidPortName(name)) errs.push(invalidValue(`${pp}.name`, name, msg));
      if (names.has(name)) errs.push(duplicate(`${pp}.name`, name));
      names.add(name);
    }
    errs.push(...portRange(p['port'], `${pp}.port`));
    if (!PROTOCOLS.includes(String(p['protocol']))) errs.push(notSupported(`${pp}.protocol`, p['protocol'], PROTOCOLS));
    const tp = p['targetPort'];
    if (typeof tp === 'number') errs.push(...portRange(tp, `${pp}.targetPort`));
    else if (typeof tp === 'string') for (const msg of isValidPortName(tp)) errs.push(invalidValue(`${pp}.targetPort`, tp, msg));
    const np = p['nodePort'];
    if (typeof np === 'number' && np !== 0 && type === 'ClusterIP') errs.push(forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  const affinity = s['sessionAffinity'];
  if (affinity !== 'None' && affinity !== 'ClientIP') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  errs.push(...validateLabels(s['selector'], 'spec.selector'));
  strings(s['clusterIPs']).forEach((ip, i) => {
    if (ip !== 'None' && !isIP(ip)) errs.push(invalidValue(idx('spec.clusterIPs', i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  const policy = s['ipFamilyPolicy'];
  if (policy !== undefined && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(String(policy))) {
    errs.push(notSupported('spec.ipFamilyPolicy', policy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  const selectorless = Object.keys(child(s, 'selector') ?? {}).length === 0;
  if (policy === 'RequireDualStack' && !(headless && selectorless)) {
    errs.push(invalidValue('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  }
  if (old && type !== 'ExternalName') errs.push(...validateServiceIpsUpdate(s, spec(old)));
  return errs;
}

function portRange(v: unknown, field: string): Errs {
  if (typeof v === 'number' && v >= 1 && v <= 65535) return [];
  return [invalidValue(field, v, 'must be between 1 and 65535, inclusive')];
}

/** Allocated values may be omitted on update (the server keeps them) but not changed. */
function validateServiceIpsUpdate(s: Obj, o: Obj): Errs {
  const errs: Errs = [];
  const oldIPs = strings(o['clusterIPs']);
  let newIPs = strings(s['clusterIPs']);
  // A changed clusterIP alone also changes clusterIPs[0] (the strategy keeps them in step).
  const ip = str(s['clusterIP']);
  if (ip && oldIPs.length > 0 && ip !== oldIPs[0] && newIPs[0] === oldIPs[0]) newIPs = [ip, ...newIPs.slice(1)];
  if (oldIPs.length > 0 && newIPs.length > 0) {
    for (let i = 0; i < Math.min(oldIPs.length, newIPs.length); i++) {
      if (oldIPs[i] !== newIPs[i]) {
        errs.push(invalidValue(idx('spec.clusterIPs', i), newIPs, 'may not change once set'));
        break;
      }
    }
  }
  const oldFam = strings(o['ipFamilies']);
  const newFam = strings(s['ipFamilies']);
  if (oldFam.length > 0 && newFam.length > 0 && oldFam[0] !== newFam[0]) {
    errs.push(invalidValue(idx('spec.ipFamilies', 0), newFam, 'may not change once set'));
  }
  return errs;
}

const MAX_DATA_SIZE = 1024 * 1024;
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

function validateKeys(data: unknown, path: string): Errs {
  const errs: Errs = [];
  if (!isObj(data)) return errs;
  for (const k of Object.keys(data)) for (const msg of isConfigMapKey(k)) errs.push(invalidValue(key(path, k), k, msg));
  return errs;
}

function dataSize(...maps: unknown[]): number {
  let n = 0;
  for (const m of maps) {
    if (!isObj(m)) continue;
    for (const [k, v] of Object.entries(m)) n += k.length + (typeof v === 'string' ? v.length : 0);
  }
  return n;
}

/** With `immutable: true` on the old object, data, binaryData and immutable itself are frozen. */
function validateImmutableData(o: KObject, old: KObject): Errs {
  if (old['immutable'] !== true) return [];
  const errs: Errs = [];
  if (!semanticEqual(o['data'], old['data'])) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
  if (!semanticEqual(o['binaryData'], old['binaryData'])) errs.push(forbidden('binaryData', IMMUTABLE_WHEN_SET));
  if (o['immutable'] !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
  return errs;
}

export function validateConfigMap(o: KObject, old?: KObject): Errs {
  const errs: Errs = [...validateKeys(o['data'], 'data'), ...validateKeys(o['binaryData'], 'binaryData')];
  const binary = child(o, 'binaryData') ?? {};
  for (const k of Object.keys(child(o, 'data') ?? {})) {
    if (k in binary) errs.push(invalidValue(key('data', k), k, 'duplicate of key present in binaryData'));
  }
  if (dataSize(o['data'], o['binaryData']) > MAX_DATA_SIZE) errs.push(tooLong('', MAX_DATA_SIZE));
  if (old) errs.push(...validateImmutableData(o, old));
  return errs;
}

export function validateSecret(o: KObject, old?: KObject): Errs {
  const errs: Errs = [...validateKeys(o['data'], 'data')];
  const data = child(o, 'data') ?? {};
  const has = (k: string) => typeof data[k] === 'string' && (data[k] as string).length > 0;
  switch (o['type']) {
    case 'kubernetes.io/tls':
      for (const k of ['tls.crt', 'tls.key']) if (!(k in data)) errs.push(required(key('data', k)));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(required(key('data', '.dockerconfigjson')));
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(required(key('data', '.dockercfg')));
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.push(required(key('data', 'username')), required(key('data', 'password')));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!has('ssh-privatekey')) errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/service-account-token':
      if (!o.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      }
      break;
    default:
      break;
  }
  if (dataSize(o['data']) > MAX_DATA_SIZE) errs.push(tooLong('data', MAX_DATA_SIZE));
  if (old) {
    if (o['type'] !== old['type']) errs.push(immutable('type', o['type']));
    errs.push(...validateImmutableData(o, old));
  }
  return errs;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePvc(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [];
  const modes = strings(s['accessModes']);
  if (modes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(notSupported('spec.accessModes', m, ACCESS_MODES));
  const requests = child(child(s, 'resources'), 'requests');
  if (!requests || requests['storage'] === undefined) errs.push(required(key('spec.resources', 'storage')));
  const vm = s['volumeMode'];
  if (vm !== undefined && vm !== 'Block' && vm !== 'Filesystem') errs.push(notSupported('spec.volumeMode', vm, ['Block', 'Filesystem']));
  if (old) {
    const strip = (x: Obj): Obj => {
      const c = structuredClone(x);
      const res = child(c, 'resources');
      if (res) delete res['requests'];
      delete c['volumeAttributesClassName'];
      return c;
    };
    if (!semanticEqual(strip(s), strip(spec(old)))) {
      errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
  }
  return errs;
}

export function validateNamespace(o: KObject): Errs {
  const errs: Errs = [];
  strings(spec(o)['finalizers']).forEach((f, i) => {
    const field = idx('spec.finalizers', i);
    for (const msg of isQualifiedName(f)) errs.push(invalidValue(field, f, msg));
    if (!f.includes('/') && f !== 'kubernetes') errs.push(invalidValue(field, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

export function validatePod(o: KObject, old?: KObject): Errs {
  const errs = validatePodSpec(spec(o), 'spec');
  if (old) errs.push(...validatePodSpecUpdate(spec(o), spec(old)));
  return errs;
}
