// CustomResourceDefinition defaults (apiextensions/v1 defaults.go) and the status the naming and
// establishing controllers write right after create (spec §3.10).
import type { KObject } from '../api/types.js';
import { child, ensure, isObj, items, str, type Obj } from './obj.js';

export function defaultCrd(crd: Obj): void {
  const spec = ensure(crd, 'spec');
  const names = ensure(spec, 'names');
  const kind = str(names['kind']) ?? '';
  if (!names['singular']) names['singular'] = kind.toLowerCase();
  if (!names['listKind'] && kind) names['listKind'] = `${kind}List`;
  if (!isObj(spec['conversion'])) spec['conversion'] = { strategy: 'None' };
  const service = child(child(child(child(spec, 'conversion'), 'webhook'), 'clientConfig'), 'service');
  if (service && (service['port'] === undefined || service['port'] === null)) service['port'] = 443;
}

/** The storage version's name, if exactly one version is marked `storage: true`. */
export function storageVersion(crd: KObject | Obj): string | undefined {
  const versions = items(child(crd, 'spec'), 'versions').filter((v) => v['storage'] === true);
  return versions.length === 1 ? str(versions[0]!['name']) : undefined;
}

/**
 * Status as the controllers leave it: acceptedNames = the (defaulted) names, NamesAccepted and
 * Established True, storedVersions including the current storage version. Transition times of
 * conditions that were already True are kept.
 */
export function setCrdStatus(crd: KObject, now: Date | string): void {
  const time = typeof now === 'string' ? now : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const spec = child(crd, 'spec') ?? {};
  const status: Obj = isObj(crd['status']) ? (crd['status'] as Obj) : {};
  crd['status'] = status;
  status['acceptedNames'] = structuredClone(child(spec, 'names') ?? {});
  const old = items(status, 'conditions');
  const since = (type: string) => {
    const c = old.find((x) => x['type'] === type && x['status'] === 'True');
    return str(c?.['lastTransitionTime']) ?? time;
  };
  const others = old.filter((c) => c['type'] !== 'NamesAccepted' && c['type'] !== 'Established');
  status['conditions'] = [
    { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: since('NamesAccepted') },
    { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: since('Established') },
    ...others,
  ];
  const stored = Array.isArray(status['storedVersions']) ? status['storedVersions'].filter((v): v is string => typeof v === 'string') : [];
  const sv = storageVersion(crd);
  if (sv && !stored.includes(sv)) stored.push(sv);
  status['storedVersions'] = stored;
}
