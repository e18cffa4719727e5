// Parses request paths into what they address (spec §2.4). Pure: no registry lookups here.

export type Route =
  | { type: 'version' }
  | { type: 'health'; which: string }
  | { type: 'api' }                                   // /api
  | { type: 'apis' }                                  // /apis
  | { type: 'group'; group: string }                  // /apis/{g}
  | { type: 'groupVersion'; group: string; version: string } // /api/v1, /apis/{g}/{v}
  | { type: 'openapiIndex' }
  | { type: 'openapiDoc'; group: string; version: string }
  | { type: 'openapiV2' }
  | { type: 'control'; action: string }               // /_plumb/… (test harness only)
  | ResourceRoute
  | { type: 'unknown' };

export interface ResourceRoute {
  type: 'resource';
  group: string;
  version: string;
  /** namespace from the URL (undefined for cluster-scoped or all-namespaces requests) */
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [p0, p1, p2, p3] = parts;
  if (parts.length === 1 && p0 === 'version') return { type: 'version' };
  if (parts.length >= 1 && (p0 === 'healthz' || p0 === 'livez' || p0 === 'readyz')) return { type: 'health', which: p0 };
  if (p0 === '_plumb' && p1) return { type: 'control', action: parts.slice(1).join('/') };
  if (p0 === 'openapi') {
    if (p1 === 'v2' && parts.length === 2) return { type: 'openapiV2' };
    if (p1 === 'v3' && parts.length === 2) return { type: 'openapiIndex' };
    if (p1 === 'v3' && p2 === 'api' && p3 && parts.length === 4) return { type: 'openapiDoc', group: '', version: p3 };
    if (p1 === 'v3' && p2 === 'apis' && p3 && parts[4] && parts.length === 5) return { type: 'openapiDoc', group: p3, version: parts[4] };
    return { type: 'unknown' };
  }
  if (p0 === 'api') {
    if (parts.length === 1) return { type: 'api' };
    if (parts.length === 2) return { type: 'groupVersion', group: '', version: p1! };
    return resourceRoute('', p1!, parts.slice(2));
  }
  if (p0 === 'apis') {
    if (parts.length === 1) return { type: 'apis' };
    if (parts.length === 2) return { type: 'group', group: p1! };
    if (parts.length === 3) return { type: 'groupVersion', group: p1!, version: p2! };
    return resourceRoute(p1!, p2!, parts.slice(3));
  }
  return { type: 'unknown' };
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  // /namespaces/{ns}/{plural}[/{name}[/{sub}]] or /{plural}[/{name}[/{sub}]]
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && rest.length <= 3 && isNamespaceSub(rest))) {
    const [, namespace, plural, name, subresource, ...extra] = rest;
    if (extra.length) return { type: 'unknown' };
    return { type: 'resource', group, version, namespace, plural: plural!, name, subresource };
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length || !plural) return { type: 'unknown' };
  return { type: 'resource', group, version, plural, name, subresource };
}

/** /api/v1/namespaces/{name}/status|finalize address the Namespace itself, not a resource in it. */
function isNamespaceSub(rest: string[]): boolean {
  return rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
}
