// A kubeconfig as kubectl and client-node read it: CA data, a bearer-token user, context `plumb-test`.
import YAML from 'yaml';

export interface KubeconfigInput { server: string; caPem?: string; token: string; user: string; context?: string; namespace?: string }

export function kubeconfigYaml(k: KubeconfigInput): string {
  const context = k.context ?? 'plumb-test';
  const cluster: Record<string, unknown> = { server: k.server };
  if (k.caPem) cluster['certificate-authority-data'] = Buffer.from(k.caPem).toString('base64');
  else cluster['insecure-skip-tls-verify'] = true;
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster }],
    users: [{ name: k.user, user: { token: k.token } }],
    contexts: [{ name: context, context: { cluster: context, user: k.user, namespace: k.namespace ?? 'default' } }],
    'current-context': context,
    preferences: {},
  });
}
