// rbac.authorization.k8s.io/v1 validation: rules of Roles, roleRef and subjects of bindings.
import type { KObject } from '../api/types.js';
import { idx, invalidValue, notSupported, required, type Errs } from './field-errors.js';
import { isDns1123Subdomain, isPathSegmentName } from './names.js';
import { child, items, semanticEqual, str } from './obj.js';

const GROUP = 'rbac.authorization.k8s.io';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function validateRole(o: KObject, namespaced: boolean): Errs {
  const errs: Errs = [];
  items(o, 'rules').forEach((r, i) => {
    const p = idx('rules', i);
    if (list(r['verbs']).length === 0) errs.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    const urls = list(r['nonResourceURLs']);
    if (urls.length > 0) {
      if (namespaced) errs.push(invalidValue(`${p}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (list(r['apiGroups']).length > 0 || list(r['resources']).length > 0 || list(r['resourceNames']).length > 0) {
        errs.push(invalidValue(`${p}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (list(r['apiGroups']).length === 0) errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (list(r['resources']).length === 0) errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

export function validateBinding(o: KObject, namespaced: boolean, old?: KObject): Errs {
  const errs: Errs = [];
  const roleRef = child(o, 'roleRef') ?? {};
  if (roleRef['apiGroup'] !== GROUP) errs.push(notSupported('roleRef.apiGroup', roleRef['apiGroup'], [GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(roleRef['kind']))) errs.push(notSupported('roleRef.kind', roleRef['kind'], kinds));
  const refName = str(roleRef['name']) ?? '';
  if (!refName) errs.push(required('roleRef.name'));
  else for (const msg of isPathSegmentName(refName)) errs.push(invalidValue('roleRef.name', refName, msg));
  items(o, 'subjects').forEach((s, i) => {
    const p = idx('subjects', i);
    const name = str(s['name']) ?? '';
    if (!name) errs.push(required(`${p}.name`));
    switch (s['kind']) {
      case 'ServiceAccount':
        if (s['apiGroup']) errs.push(notSupported(`${p}.apiGroup`, s['apiGroup'], ['']));
        if (name) for (const msg of isDns1123Subdomain(name)) errs.push(invalidValue(`${p}.name`, name, msg));
        if (!namespaced && !str(s['namespace'])) errs.push(required(`${p}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (s['apiGroup'] !== GROUP) errs.push(notSupported(`${p}.apiGroup`, s['apiGroup'], [GROUP]));
        break;
      default:
        errs.push(notSupported(`${p}.kind`, s['kind'], ['ServiceAccount', 'User', 'Group']));
    }
  });
  if (old && !semanticEqual(o['roleRef'], old['roleRef'])) errs.push(invalidValue('roleRef', o['roleRef'], 'cannot change roleRef'));
  return errs;
}
