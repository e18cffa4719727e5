// Service, Ingress and PersistentVolumeClaim.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth } from '../../../src/engine/health/index.js';
import type { KubeObject } from '../../../src/engine/types.js';
import { meta, pvc } from './objects.js';

function service(type: string, ingress?: unknown[]): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: meta('web'),
    spec: {
      type, clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None',
      selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP', ...(type === 'LoadBalancer' ? { nodePort: 31380 } : {}) }],
      ...(type === 'LoadBalancer' ? { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true } : {}),
    },
    status: { loadBalancer: ingress ? { ingress } : {} },
  };
}

function ingress(apiVersion: string, lb?: unknown[]): KubeObject {
  return {
    apiVersion, kind: 'Ingress', metadata: meta('web'),
    spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    status: { loadBalancer: lb ? { ingress: lb } : {} },
  };
}

describe('Service', () => {
  it('ClusterIP, NodePort, headless → Healthy', () => {
    assert.deepEqual(assessHealth(service('ClusterIP')), { status: 'Healthy' });
    assert.deepEqual(assessHealth(service('NodePort')), { status: 'Healthy' });
  });

  it('LoadBalancer without ingress → Progressing; with an IP or hostname → Healthy', () => {
    assert.deepEqual(assessHealth(service('LoadBalancer')), { status: 'Progressing' });
    assert.deepEqual(assessHealth(service('LoadBalancer', [{ ip: '203.0.113.10', ipMode: 'VIP' }])), { status: 'Healthy' });
    assert.deepEqual(assessHealth(service('LoadBalancer', [{ hostname: 'a1b2.elb.amazonaws.com' }])), { status: 'Healthy' });
  });
});

describe('Ingress', () => {
  it('networking.k8s.io and extensions: Healthy only with a load-balancer address', () => {
    assert.deepEqual(assessHealth(ingress('networking.k8s.io/v1')), { status: 'Progressing' });
    assert.deepEqual(assessHealth(ingress('networking.k8s.io/v1', [{ ip: '203.0.113.11' }])), { status: 'Healthy' });
    assert.deepEqual(assessHealth(ingress('extensions/v1beta1', [{ hostname: 'lb.example.com' }])), { status: 'Healthy' });
  });
});

describe('PersistentVolumeClaim', () => {
  it('Bound → Healthy, Pending → Progressing, Lost → Degraded, no phase → Unknown', () => {
    assert.deepEqual(assessHealth(pvc('Bound')), { status: 'Healthy' });
    assert.deepEqual(assessHealth(pvc('Pending')), { status: 'Progressing' });
    assert.deepEqual(assessHealth(pvc('Lost')), { status: 'Degraded' });
    assert.deepEqual(assessHealth(pvc()), { status: 'Unknown' });
  });
});
