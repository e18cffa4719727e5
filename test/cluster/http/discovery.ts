// Aggregated (apidiscovery.k8s.io/v2) and legacy discovery documents (spec §2.2).
import type { ResourceRegistry } from '../api/registry.js';
import type { ResourceType } from '../api/types.js';

export const AGGREGATED_CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2');
}

const SUB_VERBS = ['get', 'patch', 'update'];

function aggregatedResource(t: ResourceType) {
  const r: Record<string, unknown> = {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames?.length) r['shortNames'] = t.shortNames;
  if (t.categories?.length) r['categories'] = t.categories;
  const subs = t.subresources.map((s) => ({
    subresource: s,
    responseKind: s === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { group: t.group, version: t.version, kind: t.kind },
    verbs: SUB_VERBS,
  }));
  if (subs.length) r['subresources'] = subs;
  return r;
}

export function aggregatedCore(reg: ResourceRegistry) {
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: [{ metadata: { creationTimestamp: null }, versions: [{ version: 'v1', freshness: 'Current', resources: reg.forGroupVersion('', 'v1').map(aggregatedResource) }] }],
  };
}

export function aggregatedApis(reg: ResourceRegistry) {
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: reg.groups().map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({ version: v, freshness: 'Current', resources: reg.forGroupVersion(g.name, v).map(aggregatedResource) })),
    })),
  };
}

export function legacyApiVersions(hostPort: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }] };
}

function groupEntry(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function legacyGroupList(reg: ResourceRegistry) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: reg.groups().map((g) => groupEntry(g.name, g.versions)) };
}

export function legacyGroup(reg: ResourceRegistry, group: string) {
  const g = reg.groups().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.name, g.versions) } : undefined;
}

export function legacyResourceList(reg: ResourceRegistry, group: string, version: string) {
  const types = reg.forGroupVersion(group, version);
  if (!types.length) return undefined;
  const resources: Array<Record<string, unknown>> = [];
  for (const t of types) {
    const r: Record<string, unknown> = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
    if (t.shortNames?.length) r['shortNames'] = t.shortNames;
    if (t.categories?.length) r['categories'] = t.categories;
    resources.push(r);
    for (const s of t.subresources) {
      resources.push(s === 'scale'
        ? { name: `${t.plural}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUB_VERBS }
        : { name: `${t.plural}/${s}`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: SUB_VERBS });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
