// Objects shared by the SSA tests: a Deployment created by client-side `kubectl apply`, defaults
// applied, with the managedFields the server records for it.
import type { KObject } from '../api/types.js';
import { recordUpdate } from './update-ownership.js';
import { deploymentSchema } from './test-schema.js';

export const T0 = '2025-01-01T10:00:00Z';
export const T1 = '2025-01-01T10:05:00Z';
export const T2 = '2025-01-01T10:09:00Z';
export const LAST = 'kubectl.kubernetes.io/last-applied-configuration';

/** What the server stores for `kubectl apply` (client-side) of deploy.yaml, defaults applied. */
export function csaDeployment(replicas = 2): KObject {
  const manifest = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { annotations: {}, name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] } } },
  };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '10', generation: 1, creationTimestamp: T0,
      annotations: { [LAST]: `${JSON.stringify(manifest)}\n` },
    },
    spec: {
      replicas, progressDeadlineSeconds: 600, revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {},
  };
}

export const updateOpts = { apiVersion: 'apps/v1', schema: deploymentSchema, statusPolicy: 'exclude-status' as const };

/** The CSA-created object with its managedFields, as the server would store it. */
export function createdByCsa(replicas = 2): KObject {
  const obj = csaDeployment(replicas);
  obj.metadata.managedFields = recordUpdate({ after: obj, manager: 'kubectl-client-side-apply', now: T0, ...updateOpts });
  return obj;
}

