// Bulk live objects for the cache benchmarks, created in-process (the HTTP path is not what is
// measured here). Shapes resemble what real clusters hold: ConfigMaps with a few keys,
// Deployments with one container, Secrets; every object gets managedFields from the store.
import type { TestCluster } from '../cluster/server.js';

export interface FillCounts { configMaps?: number; deployments?: number; secrets?: number }

/** Creates the objects spread over `namespaces` namespaces named `${prefix}-N`; returns their names per kind. */
export function fillCluster(tc: TestCluster, prefix: string, namespaces: number, counts: FillCounts): { configMaps: Array<[string, string]>; deployments: Array<[string, string]> } {
  const reg = tc.cluster.registry;
  const nsType = reg.find('', 'v1', 'namespaces')!;
  const cmType = reg.find('', 'v1', 'configmaps')!;
  const secretType = reg.find('', 'v1', 'secrets')!;
  const deployType = reg.find('apps', 'v1', 'deployments')!;
  const opts = { manager: 'bench-fill' };
  const nsName = (i: number) => `${prefix}-${i % namespaces}`;
  for (let i = 0; i < namespaces; i++) tc.cluster.create(nsType, undefined, { metadata: { name: nsName(i) } }, opts);
  const configMaps: Array<[string, string]> = [];
  const deployments: Array<[string, string]> = [];
  for (let i = 0; i < (counts.configMaps ?? 0); i++) {
    const ns = nsName(i);
    const name = `cm-${i}`;
    tc.cluster.create(cmType, ns, {
      metadata: { name, labels: { app: `svc-${i % 97}`, 'app.kubernetes.io/part-of': 'fill' } },
      data: { 'LOG_LEVEL': 'info', 'REGION': 'eu-west-1', 'settings.yaml': `replicas: 3\ntimeout: 30s\nfeature-${i % 13}: true\n` },
    }, opts);
    configMaps.push([ns, name]);
  }
  for (let i = 0; i < (counts.secrets ?? 0); i++) {
    tc.cluster.create(secretType, nsName(i), { metadata: { name: `secret-${i}`, labels: { app: `svc-${i % 97}` } }, type: 'Opaque', data: { token: Buffer.from(`fill-${i}`).toString('base64') } }, opts);
  }
  for (let i = 0; i < (counts.deployments ?? 0); i++) {
    const ns = nsName(i);
    const name = `deploy-${i}`;
    tc.cluster.create(deployType, ns, {
      metadata: { name, labels: { app: name, 'app.kubernetes.io/part-of': 'fill' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'app', image: `registry.example.com/team/app-${i % 31}:1.${i % 7}.0`, ports: [{ containerPort: 8080 }],
            env: [{ name: 'MODE', value: 'prod' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
        },
      },
    }, opts);
    deployments.push([ns, name]);
  }
  return { configMaps, deployments };
}
