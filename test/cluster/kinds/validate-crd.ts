// apiextensions.k8s.io/v1 CustomResourceDefinition validation (the rules clients run into).
import type { KObject } from '../api/types.js';
import { idx, immutable, invalidValue, notSupported, required, type Errs } from './field-errors.js';
import { isDns1035Label, isDns1123Subdomain } from './names.js';
import { child, items, str, type Obj } from './obj.js';

export function validateCrd(o: KObject, old?: KObject): Errs {
  const s = child(o, 'spec') ?? {};
  const names = child(s, 'names') ?? {};
  const errs: Errs = [];
  const group = str(s['group']) ?? '';
  const plural = str(names['plural']) ?? '';
  const name = o.metadata.name ?? '';
  if (name !== `${plural}.${group}`) errs.push(invalidValue('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (!group) errs.push(required('spec.group'));
  else {
    for (const msg of isDns1123Subdomain(group)) errs.push(invalidValue('spec.group', group, msg));
    if (!group.includes('.')) errs.push(invalidValue('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = s['scope'];
  if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  errs.push(...validateNames(names));
  errs.push(...validateVersions(s));
  if (old) {
    const os = child(old, 'spec') ?? {};
    if (s['scope'] !== os['scope']) errs.push(immutable('spec.scope', s['scope']));
    if (s['group'] !== os['group']) errs.push(immutable('spec.group', s['group']));
    if (names['plural'] !== child(os, 'names')?.['plural']) errs.push(immutable('spec.names.plural', names['plural']));
  }
  return errs;
}

function validateNames(names: Obj): Errs {
  const errs: Errs = [];
  for (const f of ['plural', 'singular']) {
    const v = str(names[f]) ?? '';
    if (!v) errs.push(required(`spec.names.${f}`));
    else for (const msg of isDns1035Label(v)) errs.push(invalidValue(`spec.names.${f}`, v, msg));
  }
  for (const f of ['kind', 'listKind']) {
    const v = str(names[f]) ?? '';
    if (!v) errs.push(required(`spec.names.${f}`));
    else for (const msg of isDns1035Label(v.toLowerCase())) errs.push(invalidValue(`spec.names.${f}`, v, msg));
  }
  if (names['kind'] && names['kind'] === names['listKind']) errs.push(invalidValue('spec.names.listKind', names['listKind'], 'kind and listKind may not be the same'));
  return errs;
}

function validateVersions(s: Obj): Errs {
  const versions = items(s, 'versions');
  if (versions.length === 0) return [required('spec.versions', 'must have exactly one version marked as storage version')];
  const errs: Errs = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const p = idx('spec.versions', i);
    const name = str(v['name']) ?? '';
    if (!name) errs.push(required(`${p}.name`));
    else {
      for (const msg of isDns1035Label(name)) errs.push(invalidValue(`${p}.name`, name, msg));
      if (seen.has(name)) errs.push(invalidValue('spec.versions', name, 'must contain unique version names'));
      seen.add(name);
    }
    const schema = child(child(v, 'schema'), 'openAPIV3Schema');
    if (!schema) errs.push(required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
    else if (!schema['type']) errs.push(required(`${p}.schema.openAPIV3Schema.type`, 'must not be empty at the root'));
  });
  if (versions.filter((v) => v['storage'] === true).length !== 1) {
    errs.push(invalidValue('spec.versions', versions.map((v) => v['name']), 'must have exactly one version marked as storage version'));
  }
  return errs;
}
