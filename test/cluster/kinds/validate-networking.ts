// networking.k8s.io/v1 validation: Ingress and NetworkPolicy.
import { isIP } from 'node:net';
import type { KObject } from '../api/types.js';
import { idx, invalidValue, notSupported, required, type Errs } from './field-errors.js';
import { isDns1123Subdomain } from './names.js';
import { child, isObj, items, str, type Obj } from './obj.js';
import { validateLabelSelector } from './selector.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

export function validateIngress(o: KObject): Errs {
  const s = child(o, 'spec') ?? {};
  const errs: Errs = [];
  const rules = items(s, 'rules');
  if (rules.length === 0 && !isObj(s['defaultBackend'])) {
    errs.push(invalidValue('spec', 'rules', 'either `defaultBackend` or `rules` must be specified'));
  }
  const cls = str(s['ingressClassName']);
  if (cls) for (const msg of isDns1123Subdomain(cls)) errs.push(invalidValue('spec.ingressClassName', cls, msg));
  if (isObj(s['defaultBackend'])) errs.push(...validateBackend(s['defaultBackend'] as Obj, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const p = idx('spec.rules', i);
    const host = str(r['host']);
    if (host) {
      if (isIP(host)) errs.push(invalidValue(`${p}.host`, host, 'must be a DNS name, not an IP address'));
      else for (const msg of isDns1123Subdomain(host.startsWith('*.') ? host.slice(2) : host)) errs.push(invalidValue(`${p}.host`, host, msg));
    }
    const http = child(r, 'http');
    if (!http) return;
    const paths = items(http, 'paths');
    if (paths.length === 0) errs.push(required(`${p}.http.paths`));
    paths.forEach((path, j) => {
      const pp = idx(`${p}.http.paths`, j);
      const pt = path['pathType'];
      const value = str(path['path']) ?? '';
      if (pt === undefined || pt === null || pt === '') errs.push(required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(String(pt))) errs.push(notSupported(`${pp}.pathType`, pt, PATH_TYPES));
      else if ((pt === 'Exact' || pt === 'Prefix') && !value.startsWith('/')) errs.push(invalidValue(`${pp}.path`, value, 'must be an absolute path'));
      errs.push(...validateBackend(child(path, 'backend') ?? {}, `${pp}.backend`));
    });
  });
  return errs;
}

function validateBackend(b: Obj, path: string): Errs {
  const service = child(b, 'service');
  const resource = child(b, 'resource');
  if (service && resource) return [invalidValue(path, 'resource', 'cannot set both service and resource backends')];
  if (!service && !resource) return [invalidValue(path, '', 'one backend must be specified')];
  if (!service) return [];
  const errs: Errs = [];
  if (!str(service['name'])) errs.push(required(`${path}.service.name`));
  const port = child(service, 'port') ?? {};
  const hasName = !!str(port['name']);
  const hasNumber = typeof port['number'] === 'number' && port['number'] !== 0;
  if (hasName && hasNumber) errs.push(invalidValue(`${path}.service.port`, port, 'cannot set both port name & port number'));
  else if (!hasName && !hasNumber) errs.push(invalidValue(`${path}.service.port`, port, 'port name or number is required'));
  return errs;
}

export function validateNetworkPolicy(o: KObject): Errs {
  const s = child(o, 'spec') ?? {};
  const errs: Errs = [...validateLabelSelector(s['podSelector'], 'spec.podSelector')];
  (Array.isArray(s['policyTypes']) ? s['policyTypes'] : []).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(idx('spec.policyTypes', i), t, ['Egress', 'Ingress']));
  });
  for (const dir of ['ingress', 'egress']) {
    items(s, dir).forEach((rule, i) => {
      items(rule, 'ports').forEach((p, j) => {
        const proto = p['protocol'];
        if (proto !== undefined && !['SCTP', 'TCP', 'UDP'].includes(String(proto))) {
          errs.push(notSupported(`${idx(`spec.${dir}`, i)}.ports[${j}].protocol`, proto, ['SCTP', 'TCP', 'UDP']));
        }
      });
    });
  }
  return errs;
}
