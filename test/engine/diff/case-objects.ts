// Manifests the drift cases start from (namespace NS is replaced by each case's namespace).
// Builders return fresh objects so a case can change them freely.
export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function deployment(mut?: (o: Obj) => void): Obj {
  const o: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'NS', labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'shop' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'web',
            image: 'ghcr.io/shop/web:1.4.2',
            ports: [{ name: 'http', containerPort: 8080 }],
            env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'CURRENCY', value: 'EUR' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
          }],
        },
      },
    },
  };
  mut?.(o);
  return o;
}

export const container = (o: Obj, i = 0): Obj => o.spec.template.spec.containers[i];

export function service(mut?: (o: Obj) => void): Obj {
  const o: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'NS', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
  mut?.(o);
  return o;
}

export function configMap(name = 'web-config', data: Record<string, string> = { CURRENCY: 'EUR', 'config.yaml': 'greeting: hello\n' }, mut?: (o: Obj) => void): Obj {
  const o: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'NS' }, data };
  mut?.(o);
  return o;
}

export function secret(stringData: Record<string, string>, mut?: (o: Obj) => void): Obj {
  const o: Obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'NS' }, type: 'Opaque', stringData };
  mut?.(o);
  return o;
}

export function statefulSet(storage = '1Gi'): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'redis', namespace: 'NS' },
    spec: {
      serviceName: 'redis',
      replicas: 1,
      selector: { matchLabels: { app: 'redis' } },
      template: {
        metadata: { labels: { app: 'redis' } },
        spec: {
          containers: [{
            name: 'redis', image: 'redis:7.2.4', ports: [{ name: 'redis', containerPort: 6379 }],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
      }],
    },
  };
}

export function job(image = 'ghcr.io/shop/migrate:1.4.2'): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'db-migrate', namespace: 'NS' },
    spec: {
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image, args: ['migrate', 'up'] }] } },
    },
  };
}

export function cronJob(): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly-report', namespace: 'NS' },
    spec: {
      schedule: '0 2 * * *',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'ghcr.io/shop/report:2.0.1', args: ['--since', '24h'] }] } } },
      },
    },
  };
}

export function pvc(storage = '1Gi', accessModes = ['ReadWriteOnce']): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'uploads', namespace: 'NS' },
    spec: { accessModes, resources: { requests: { storage } } },
  };
}

export function roleBinding(role = 'view'): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'web-reader', namespace: 'NS' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'NS' }, { kind: 'Group', name: 'shop-devs' }],
  };
}

export function hpa(): Obj {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'NS' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6 },
  };
}

export function networkPolicy(): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: 'NS' },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'gateway' } } }], ports: [{ port: 8080 }] }],
    },
  };
}

export function namespace(name: string): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/part-of': 'shop' } } };
}
