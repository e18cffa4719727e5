// v1 Service and Ingress, as gitops-engine health_service.go / health_ingress.go: both wait
// for `status.loadBalancer.ingress` (a Service only when it is of type LoadBalancer). Many
// ingress controllers never fill it in, so such Ingresses stay Progressing, as in Argo CD.
import type { Health, KubeObject } from '../types.js';
import { dig, groupVersion, health, list, unsupportedVersion } from './read.js';

const hasLoadBalancerIngress = (o: KubeObject) => list(dig(o, 'status', 'loadBalancer', 'ingress')).length > 0;

export function serviceHealth(s: KubeObject): Health {
  if (groupVersion(s).version !== 'v1') return unsupportedVersion(s, 'Service');
  if (dig(s, 'spec', 'type') !== 'LoadBalancer') return health('Healthy');
  return health(hasLoadBalancerIngress(s) ? 'Healthy' : 'Progressing');
}

/** extensions and networking.k8s.io, any version. */
export function ingressHealth(i: KubeObject): Health {
  return health(hasLoadBalancerIngress(i) ? 'Healthy' : 'Progressing');
}
