// Service defaults (core/v1 SetDefaults_Service) and the IP-family fields the service registry
// fills before allocating (pkg/registry/core/service/storage/alloc.go, single-stack IPv4 cluster).
// Allocation of clusterIP/nodePort itself belongs to the server core.
import { child, ensure, items, setDefault, setDefaultStr, type Obj } from './obj.js';

export function defaultService(svc: Obj): void {
  const spec = ensure(svc, 'spec');
  setDefaultStr(spec, 'type', 'ClusterIP');
  setDefaultStr(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const timeout = child(child(spec, 'sessionAffinityConfig'), 'clientIP')?.['timeoutSeconds'];
    if (timeout === undefined || timeout === null) spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 10800 } };
  }
  for (const p of items(spec, 'ports')) {
    setDefaultStr(p, 'protocol', 'TCP');
    if (p['targetPort'] === undefined || p['targetPort'] === null || p['targetPort'] === 0 || p['targetPort'] === '') {
      p['targetPort'] = p['port'];
    }
  }
  const type = spec['type'];
  const externalIPs = Array.isArray(spec['externalIPs']) ? spec['externalIPs'] : [];
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  if (externallyAccessible) setDefaultStr(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  defaultIpFamilies(spec);
  // LoadBalancerStatus is a non-pointer struct inside a non-pointer status.
  setDefault(ensure(svc, 'status'), 'loadBalancer', {});
}

/**
 * ipFamilies / ipFamilyPolicy / clusterIPs as the registry sets them before allocation:
 * - ExternalName: none of them;
 * - headless with a selector: SingleStack, [IPv4], clusterIPs [None];
 * - headless without a selector: RequireDualStack, [IPv4, IPv6] ("headless + selectorless defaults to dual");
 * - otherwise SingleStack, [IPv4]; PreferDualStack stays [IPv4] on this single-stack cluster.
 */
export function defaultIpFamilies(spec: Obj): void {
  if (spec['type'] === 'ExternalName') {
    for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) delete spec[k];
    return;
  }
  normalizeClusterIPs(spec);
  const headless = spec['clusterIP'] === 'None';
  const selector = child(spec, 'selector');
  const hasSelector = !!selector && Object.keys(selector).length > 0;
  const families = Array.isArray(spec['ipFamilies']) ? spec['ipFamilies'].filter((f): f is string => typeof f === 'string') : [];
  if (headless && !hasSelector) {
    setDefaultStr(spec, 'ipFamilyPolicy', 'RequireDualStack');
    const policy = spec['ipFamilyPolicy'];
    if (families.length === 0) families.push('IPv4');
    if (policy !== 'SingleStack' && families.length === 1) families.push(families[0] === 'IPv6' ? 'IPv4' : 'IPv6');
    spec['ipFamilies'] = families;
    return;
  }
  setDefaultStr(spec, 'ipFamilyPolicy', 'SingleStack');
  if (families.length === 0) families.push('IPv4');
  spec['ipFamilies'] = families;
}

/** clusterIP and clusterIPs[0] mirror each other; whichever one is given fills the other. */
function normalizeClusterIPs(spec: Obj): void {
  const ip = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
  const ips = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'] : [];
  if (ip && ips.length === 0) spec['clusterIPs'] = [ip];
  else if (!ip && ips.length > 0 && typeof ips[0] === 'string') spec['clusterIP'] = ips[0];
}

