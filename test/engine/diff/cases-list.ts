// The drift cases: how each live object is produced with kubectl, what Git says, and the verdict
// expected by the drift contract (written by hand; make-cases.ts turns them into cases/<name>/).
import type { CompareContext, PathKind, Verdict } from '../../../src/engine/types.js';
import {
  configMap, container, cronJob, deployment, hpa, job, namespace, networkPolicy, pvc, roleBinding, secret, service, statefulSet, type Obj,
} from './case-objects.js';

export type Step =
  /** kubectl apply: client-side (`csa`), server-side as `kubectl` (`kubectl-ssa`), or server-side with another field manager */
  | { apply: Obj | Obj[]; as: 'csa' | 'kubectl-ssa' | string }
  | { kubectl: string[] }
  /** the real `kubectl edit`, with an editor that applies this JSON patch */
  | { edit: string; patch: Array<{ op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }> }
  | { sleep: number };

export interface Expectation extends Partial<Omit<Verdict, 'note' | 'context' | 'sources'>> {
  inSync: boolean;
  driftPaths: string[];
  pathKinds?: Record<string, PathKind>;
  /** phrases the note must contain / must not contain (Secret values) */
  noteIncludes?: string[];
  noteExcludes?: string[];
}

export interface Scenario {
  name: string;
  about: string;
  namespace?: string;
  /** do not create the namespace first (the case creates it) */
  noNamespace?: boolean;
  steps: Step[];
  /** `kubectl get` target; omitted: the object is absent live */
  get?: string;
  /** Git's object now; omitted: not in Git */
  desired?: Obj;
  context?: CompareContext;
  dryRun?: boolean;
  /** quantity spellings to canonicalise in live.json as a real API server stores them */
  canonical?: Record<string, string>;
  settleMs?: number;
  expect: Expectation;
}

const IN_SYNC: Expectation = { inSync: true, driftPaths: [] };
const drift = (kinds: Record<string, PathKind>, extra: Partial<Expectation> = {}): Expectation =>
  ({ inSync: false, driftPaths: Object.keys(kinds).sort(), pathKinds: kinds, ...extra });

const C = 'spec.template.spec.containers[name=web]';
const plumb = (o: Obj | Obj[]): Step => ({ apply: o, as: 'plumb' });
const csa = (o: Obj | Obj[]): Step => ({ apply: o, as: 'csa' });
const noReplicas = (o: Obj) => { delete o.spec.replicas; };

export const SCENARIOS: Scenario[] = [
  // ---------- defaults: what the server adds is not drift ----------
  { name: 'deploy-csa-in-sync', about: 'Deployment applied with kubectl apply (client-side); Git unchanged: server defaults owned by kubectl-client-side-apply re-default to the same values',
    steps: [csa(deployment())], get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'deploy-ssa-plumb-in-sync', about: 'Deployment applied server-side by plumb; Git unchanged',
    steps: [plumb(deployment())], get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'deploy-kubectl-ssa-in-sync', about: 'Deployment applied with kubectl apply --server-side (manager kubectl); Git unchanged',
    steps: [{ apply: deployment(), as: 'kubectl-ssa' }], get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'deploy-explicit-defaults-in-sync', about: 'Git spells out the server defaults (strategy, pull policy, protocol, probe timings, creationTimestamp: null)',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => {
      Object.assign(o.spec, { revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
      o.spec.template.metadata.creationTimestamp = null;
      Object.assign(o.spec.template.spec, { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {} });
      const c = container(o);
      Object.assign(c, { imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
      c.ports[0].protocol = 'TCP';
      Object.assign(c.readinessProbe, { periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
      c.readinessProbe.httpGet.scheme = 'HTTP';
    }),
    expect: IN_SYNC },

  // ---------- quantities and IntOrString ----------
  { name: 'quantity-canonical-in-sync', about: 'Git writes 0.5 / 1024Mi / 1000m / 1.5Gi; the server stores 500m / 1Gi / 1 / 1536Mi',
    steps: [plumb(deployment((o) => { container(o).resources = { requests: { cpu: '0.5', memory: '1024Mi' }, limits: { cpu: '1000m', memory: '1.5Gi' } }; }))],
    canonical: { '0.5': '500m', '1024Mi': '1Gi', '1000m': '1', '1.5Gi': '1536Mi' },
    get: 'deployment/web',
    desired: deployment((o) => { container(o).resources = { requests: { cpu: '0.5', memory: '1024Mi' }, limits: { cpu: '1000m', memory: '1.5Gi' } }; }),
    expect: IN_SYNC },
  { name: 'quantity-number-and-bytes-in-sync', about: 'Git writes cpu: 1 (a YAML number) and memory: "134217728"; live has "1" and 128Mi',
    steps: [plumb(deployment((o) => { container(o).resources = { requests: { cpu: '1', memory: '128Mi' } }; }))],
    get: 'deployment/web',
    desired: deployment((o) => { container(o).resources = { requests: { cpu: 1, memory: '134217728' } }; }),
    expect: IN_SYNC },
  { name: 'quantity-g-is-not-gi', about: 'Git says 1G, live has 1Gi: different values',
    steps: [plumb(deployment((o) => { container(o).resources.limits.memory = '1Gi'; }))], get: 'deployment/web',
    desired: deployment((o) => { container(o).resources.limits.memory = '1G'; }),
    expect: drift({ [`${C}.resources.limits.memory`]: 'conflict' }) },
  { name: 'intorstring-target-port', about: 'Service targetPort: live 8080 (a number), Git the port name "http"',
    steps: [plumb(service())], get: 'service/web',
    desired: service((o) => { o.spec.ports[0].targetPort = 'http'; }),
    expect: drift({ 'spec.ports[port=80,protocol=TCP].targetPort': 'conflict' }) },

  // ---------- controllers and webhooks own what Git does not declare ----------
  { name: 'webhook-sidecar-not-drift', about: 'a mutating webhook (manager istio-sidecar-injector) added a sidecar container and an annotation',
    steps: [plumb(deployment()), { kubectl: ['patch', 'deployment', 'web', '-n', 'NS', '--field-manager=istio-sidecar-injector', '-p',
      JSON.stringify({ spec: { template: { metadata: { annotations: { 'sidecar.istio.io/status': '{"initContainers":null,"containers":["istio-proxy"]}' } }, spec: { containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.0', args: ['proxy', 'sidecar'] }] } } } })] }],
    get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'webhook-env-in-declared-container', about: 'a webhook manager added an env var inside the container Git declares',
    steps: [plumb(deployment()), { kubectl: ['patch', 'deployment', 'web', '-n', 'NS', '--field-manager=vault-agent-injector', '-p',
      JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'VAULT_ADDR', value: 'https://vault.vault:8200' }] }] } } } })] }],
    get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'hpa-replicas-not-declared', about: 'the HPA (kube-controller-manager via /scale) set replicas to 5; Git declares no replicas',
    steps: [plumb(deployment(noReplicas)), { kubectl: ['patch', 'deployment', 'web', '-n', 'NS', '--subresource=scale', '--type=merge', '--field-manager=kube-controller-manager', '-p', '{"spec":{"replicas":5}}'] }],
    get: 'deployment/web', desired: deployment(noReplicas), expect: IN_SYNC },
  { name: 'hpa-replicas-declared', about: 'the HPA set replicas to 5 via /scale; Git declares replicas: 2',
    steps: [plumb(deployment()), { kubectl: ['patch', 'deployment', 'web', '-n', 'NS', '--subresource=scale', '--type=merge', '--field-manager=kube-controller-manager', '-p', '{"spec":{"replicas":5}}'] }],
    get: 'deployment/web', desired: deployment(),
    expect: drift({ 'spec.replicas': 'conflict' }, { noteIncludes: ['kube-controller-manager via /scale'] }) },
  { name: 'controller-annotation-not-drift', about: 'an operator (manager cainjector) annotated the Deployment',
    steps: [plumb(deployment()), { kubectl: ['annotate', 'deployment', 'web', '-n', 'NS', '--field-manager=cainjector', 'cert-manager.io/inject-ca-from=NS/web-tls'] }],
    get: 'deployment/web', desired: deployment(), expect: IN_SYNC },

  // ---------- Secrets ----------
  { name: 'secret-stringdata-in-sync', about: 'Secret applied with stringData (kubectl, client-side); the server stores base64 data',
    steps: [csa(secret({ DB_USER: 'shop', DB_PASSWORD: 's3cr3t-Pa55' }))], get: 'secret/db',
    desired: secret({ DB_USER: 'shop', DB_PASSWORD: 's3cr3t-Pa55' }), expect: IN_SYNC },
  { name: 'secret-stringdata-changed', about: 'Git changed a stringData value: drift on data, no value in the note',
    steps: [csa(secret({ DB_USER: 'shop', DB_PASSWORD: 's3cr3t-Pa55' }))], get: 'secret/db',
    desired: secret({ DB_USER: 'shop', DB_PASSWORD: 'n3w-Pa55word' }),
    expect: drift({ 'data.DB_PASSWORD': 'conflict' }, { noteExcludes: ['s3cr3t-Pa55', 'n3w-Pa55word', 'czNjcjN0LVBhNTU=', 'bjN3LVBhNTV3b3Jk'] }) },
  { name: 'secret-key-dropped-csa', about: 'Git dropped a stringData key of a Secret applied client-side (argo-cd#29109): the key stays live',
    steps: [csa(secret({ DB_USER: 'shop', DB_PASSWORD: 's3cr3t-Pa55', OLD_TOKEN: 'tok-123456' }))], get: 'secret/db',
    desired: secret({ DB_USER: 'shop', DB_PASSWORD: 's3cr3t-Pa55' }),
    expect: drift({ 'data.OLD_TOKEN': 'orphaned' }, { noteExcludes: ['tok-123456', 'dG9rLTEyMzQ1Ng=='] }) },
  { name: 'secret-data-vs-stringdata-in-sync', about: 'plumb applied base64 data; Git writes the same values as stringData',
    steps: [plumb(secret({}, (o) => { delete o.stringData; o.data = { DB_USER: 'c2hvcA==', DB_PASSWORD: 'czNjcjN0LVBhNTU=' }; }))], get: 'secret/db',
    desired: secret({ DB_USER: 'shop', DB_PASSWORD: 's3cr3t-Pa55' }), expect: IN_SYNC },

  // ---------- orphaned: ours, no longer in Git ----------
  { name: 'orphaned-env-var', about: 'Git dropped LOG_LEVEL; plumb applied it earlier, so a sync deletes it',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => { container(o).env = [{ name: 'CURRENCY', value: 'EUR' }]; }),
    expect: drift({ [`${C}.env[name=LOG_LEVEL]`]: 'orphaned' }) },
  { name: 'orphaned-last-env-var', about: 'Git dropped the whole env list (one variable) that plumb applied',
    steps: [plumb(deployment((o) => { container(o).env = [{ name: 'LOG_LEVEL', value: 'info' }]; }))], get: 'deployment/web',
    desired: deployment((o) => { delete container(o).env; }),
    expect: drift({ [`${C}.env[name=LOG_LEVEL]`]: 'orphaned' }) },
  { name: 'orphaned-label', about: 'Git dropped a label plumb applied',
    steps: [plumb(deployment((o) => { o.metadata.labels.tier = 'frontend'; }))], get: 'deployment/web', desired: deployment(),
    expect: drift({ 'metadata.labels.tier': 'orphaned' }) },
  { name: 'orphaned-replicas-redefaulted', about: 'Git dropped replicas: 3 that plumb applied: the apply resets it to the default 1',
    steps: [plumb(deployment((o) => { o.spec.replicas = 3; }))], get: 'deployment/web', desired: deployment(noReplicas),
    expect: drift({ 'spec.replicas': 'orphaned' }) },
  { name: 'orphaned-replicas-equal-default', about: 'Git dropped replicas: 1 that plumb applied: removing it re-defaults to the same value',
    steps: [plumb(deployment((o) => { o.spec.replicas = 1; }))], get: 'deployment/web', desired: deployment(noReplicas), expect: IN_SYNC },
  { name: 'csa-dropped-env-orphaned', about: 'applied client-side (last-applied has CURRENCY); Git dropped CURRENCY',
    steps: [csa(deployment())], get: 'deployment/web',
    desired: deployment((o) => { container(o).env = [{ name: 'LOG_LEVEL', value: 'info' }]; }),
    expect: drift({ [`${C}.env[name=CURRENCY]`]: 'orphaned' }) },
  { name: 'csa-explicit-default-dropped', about: 'applied client-side with imagePullPolicy: Always; Git dropped it, the default for a tagged image is IfNotPresent',
    steps: [csa(deployment((o) => { container(o).imagePullPolicy = 'Always'; }))], get: 'deployment/web', desired: deployment(),
    expect: drift({ [`${C}.imagePullPolicy`]: 'orphaned' }) },

  // ---------- foreign kubectl edits ----------
  { name: 'kubectl-edit-adds-env', about: 'kubectl edit added DEBUG=1: not in Git, written by an interactive kubectl manager',
    steps: [plumb(deployment()), { edit: 'deployment/web', patch: [{ op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'DEBUG', value: '1' } }] }],
    get: 'deployment/web', desired: deployment(),
    expect: drift({ [`${C}.env[name=DEBUG]`]: 'foreign-edit' }, { noteIncludes: ['kubectl-edit'] }) },
  { name: 'kubectl-edit-changes-declared', about: 'kubectl edit changed LOG_LEVEL, which Git declares',
    steps: [plumb(deployment()), { edit: 'deployment/web', patch: [{ op: 'replace', path: '/spec/template/spec/containers/0/env/0/value', value: 'debug' }] }],
    get: 'deployment/web', desired: deployment(),
    expect: drift({ [`${C}.env[name=LOG_LEVEL].value`]: 'conflict' }) },
  { name: 'kubectl-rollout-restart-not-drift', about: 'kubectl rollout restart: the restartedAt marker (manager kubectl-rollout) is not drift',
    steps: [plumb(deployment()), { kubectl: ['rollout', 'restart', 'deployment/web', '-n', 'NS'] }],
    get: 'deployment/web', desired: deployment(), expect: { ...IN_SYNC, noteIncludes: ['restartedAt'] } },
  { name: 'kubectl-set-image', about: 'kubectl set image changed the image Git declares',
    steps: [plumb(deployment()), { kubectl: ['set', 'image', 'deployment/web', '-n', 'NS', 'web=ghcr.io/shop/web:1.5.0-rc1'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ [`${C}.image`]: 'conflict' }, { noteIncludes: ['kubectl-set'] }) },
  { name: 'kubectl-set-env', about: 'kubectl set env added FEATURE_X',
    steps: [plumb(deployment()), { kubectl: ['set', 'env', 'deployment/web', '-n', 'NS', 'FEATURE_X=on'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ [`${C}.env[name=FEATURE_X]`]: 'foreign-edit' }) },
  { name: 'kubectl-label-foreign', about: 'kubectl label added team=payments',
    steps: [plumb(deployment()), { kubectl: ['label', 'deployment', 'web', '-n', 'NS', 'team=payments'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ 'metadata.labels.team': 'foreign-edit' }) },
  { name: 'kubectl-annotate-dotted-key', about: 'kubectl annotate added example.com/owner (a key with dots and a slash)',
    steps: [plumb(deployment()), { kubectl: ['annotate', 'deployment', 'web', '-n', 'NS', 'example.com/owner=ops'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ 'metadata.annotations["example.com/owner"]': 'foreign-edit' }) },
  { name: 'kubectl-annotate-nothing-in-git', about: 'kubectl annotate on a ServiceAccount whose Git manifest has no annotations or labels at all',
    steps: [plumb({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reporter', namespace: 'NS' } }),
      { kubectl: ['annotate', 'serviceaccount', 'reporter', '-n', 'NS', 'owner=team-a'] }],
    get: 'serviceaccount/reporter', desired: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reporter', namespace: 'NS' } },
    expect: drift({ 'metadata.annotations.owner': 'foreign-edit' }) },
  { name: 'kubectl-label-nothing-in-git', about: 'kubectl label on a ConfigMap whose Git manifest has no labels',
    steps: [plumb(configMap('web-config', { CURRENCY: 'EUR' })), { kubectl: ['label', 'configmap', 'web-config', '-n', 'NS', 'team=payments'] }],
    get: 'configmap/web-config', desired: configMap('web-config', { CURRENCY: 'EUR' }),
    expect: drift({ 'metadata.labels.team': 'foreign-edit' }) },
  { name: 'kubectl-label-overwrite-declared', about: 'kubectl label --overwrite changed app.kubernetes.io/part-of, which Git declares',
    steps: [plumb(deployment()), { kubectl: ['label', '--overwrite', 'deployment', 'web', '-n', 'NS', 'app.kubernetes.io/part-of=legacy'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ 'metadata.labels["app.kubernetes.io/part-of"]': 'conflict' }) },
  { name: 'kubectl-scale-not-declared', about: 'kubectl scale (manager kubectl, subresource scale); Git declares no replicas',
    steps: [plumb(deployment(noReplicas)), { kubectl: ['scale', 'deployment/web', '-n', 'NS', '--replicas=4'] }],
    get: 'deployment/web', desired: deployment(noReplicas), expect: IN_SYNC },
  { name: 'kubectl-scale-declared', about: 'kubectl scale to 4; Git declares replicas: 2',
    steps: [plumb(deployment()), { kubectl: ['scale', 'deployment/web', '-n', 'NS', '--replicas=4'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ 'spec.replicas': 'conflict' }) },
  { name: 'kubectl-patch-adds-field', about: 'kubectl patch set minReadySeconds, which Git does not declare',
    steps: [plumb(deployment()), { kubectl: ['patch', 'deployment', 'web', '-n', 'NS', '-p', '{"spec":{"minReadySeconds":10}}'] }],
    get: 'deployment/web', desired: deployment(), expect: drift({ 'spec.minReadySeconds': 'foreign-edit' }) },
  { name: 'kubectl-ssa-extra-annotation', about: 'someone ran kubectl apply --server-side with an extra annotation (manager kubectl)',
    steps: [plumb(deployment()), { apply: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'NS', annotations: { 'shop.example.com/note': 'hand-applied' } } }, as: 'kubectl-ssa' }],
    get: 'deployment/web', desired: deployment(), expect: drift({ 'metadata.annotations["shop.example.com/note"]': 'foreign-edit' }) },

  // ---------- order ----------
  { name: 'order-containers-in-template', about: 'Git swapped the order of two containers: counts inside a pod template',
    steps: [plumb(deployment((o) => { o.spec.template.spec.containers.push({ name: 'metrics', image: 'prom/statsd-exporter:v0.26.0' }); }))],
    get: 'deployment/web',
    desired: deployment((o) => { o.spec.template.spec.containers.unshift({ name: 'metrics', image: 'prom/statsd-exporter:v0.26.0' }); }),
    expect: drift({ 'spec.template.spec.containers': 'order' }) },
  { name: 'order-env-in-template', about: 'Git swapped two env vars of a container',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => { container(o).env.reverse(); }),
    expect: drift({ [`${C}.env`]: 'order' }) },
  { name: 'order-service-ports-ignored', about: 'Git swapped the two Service ports: order outside pod templates is ignored',
    steps: [plumb(service((o) => { o.spec.ports.push({ name: 'https', port: 443, targetPort: 8443 }); }))], get: 'service/web',
    desired: service((o) => { o.spec.ports.unshift({ name: 'https', port: 443, targetPort: 8443 }); }), expect: IN_SYNC },
  { name: 'order-tolerations-atomic', about: 'Git swapped two tolerations: an atomic list, replaced as a whole',
    steps: [plumb(deployment((o) => { o.spec.template.spec.tolerations = [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }, { key: 'arm64', operator: 'Exists' }]; }))],
    get: 'deployment/web',
    desired: deployment((o) => { o.spec.template.spec.tolerations = [{ key: 'arm64', operator: 'Exists' }, { key: 'spot', operator: 'Exists', effect: 'NoSchedule' }]; }),
    expect: drift({ 'spec.template.spec.tolerations': 'conflict' }) },

  // ---------- object level ----------
  { name: 'extraneous-in-inventory', about: 'an old kustomize-generated ConfigMap, in the inventory, no longer in Git',
    steps: [csa(configMap('web-config-7tk8g5c2mb'))], get: 'configmap/web-config-7tk8g5c2mb',
    context: { inventory: ['/ConfigMap/NS/web-config-7tk8g5c2mb', 'apps/Deployment/NS/web'] },
    expect: { inSync: false, driftPaths: [], objectDrift: 'extraneous', pruneCandidate: true } },
  { name: 'extraneous-engine-owned', about: 'not in the inventory given, but plumb applied it (its Apply entry): ours, extraneous',
    steps: [plumb(configMap('feature-flags', { beta: 'on' }))], get: 'configmap/feature-flags', context: { inventory: ['apps/Deployment/NS/web'] },
    expect: { inSync: false, driftPaths: [], objectDrift: 'extraneous', pruneCandidate: true } },
  { name: 'extraneous-prune-false', about: 'extraneous, annotated argocd.argoproj.io/sync-options: Prune=false',
    steps: [csa(configMap('legacy-settings', { mode: 'old' }, (o) => { o.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false' }; }))],
    get: 'configmap/legacy-settings', context: { inventory: ['/ConfigMap/NS/legacy-settings'] },
    expect: { inSync: false, driftPaths: [], objectDrift: 'extraneous', pruneCandidate: false } },
  { name: 'extraneous-flux-prune-disabled', about: 'extraneous, annotated kustomize.toolkit.fluxcd.io/prune: disabled',
    steps: [csa(configMap('legacy-settings', { mode: 'old' }, (o) => { o.metadata.annotations = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' }; }))],
    get: 'configmap/legacy-settings', context: { inventory: ['/ConfigMap/NS/legacy-settings'] },
    expect: { inSync: false, driftPaths: [], objectDrift: 'extraneous', pruneCandidate: false } },
  { name: 'extraneous-ignore-extraneous', about: 'extraneous, annotated argocd.argoproj.io/compare-options: IgnoreExtraneous',
    steps: [csa(configMap('web-config-2h4k7bm8tf', { CURRENCY: 'USD' }, (o) => { o.metadata.annotations = { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' }; }))],
    get: 'configmap/web-config-2h4k7bm8tf', context: { inventory: ['/ConfigMap/NS/web-config-2h4k7bm8tf'] },
    expect: { inSync: true, driftPaths: [], objectDrift: 'extraneous', pruneCandidate: true } },
  { name: 'unmanaged-kubectl-create', about: 'a ConfigMap made with kubectl create, not in the inventory, no engine fields: not ours',
    steps: [{ kubectl: ['create', 'configmap', 'legacy-flags', '-n', 'NS', '--from-literal=beta=on'] }], get: 'configmap/legacy-flags',
    context: { inventory: ['apps/Deployment/NS/web'] },
    expect: { inSync: true, driftPaths: [], objectDrift: 'unmanaged', pruneCandidate: false } },
  { name: 'unmanaged-no-context', about: 'a Deployment someone applied by hand, no context given: not ours',
    steps: [csa(deployment((o) => { o.metadata.name = 'adminer'; }))], get: 'deployment/adminer',
    expect: { inSync: true, driftPaths: [], objectDrift: 'unmanaged', pruneCandidate: false } },
  { name: 'missing-deployment', about: 'in Git, 404 live', steps: [], desired: deployment(),
    expect: { inSync: false, driftPaths: [], objectDrift: 'missing', health: 'Missing' } },
  { name: 'missing-configmap', about: 'a ConfigMap in Git, 404 live', steps: [], desired: configMap(),
    expect: { inSync: false, driftPaths: [], objectDrift: 'missing', health: 'Missing' } },

  // ---------- ignoreDifferences ----------
  { name: 'ignore-json-pointer-replicas', about: 'replicas scaled live; ignoreDifferences jsonPointers /spec/replicas',
    steps: [plumb(deployment()), { kubectl: ['scale', 'deployment/web', '-n', 'NS', '--replicas=4'] }], get: 'deployment/web', desired: deployment(),
    context: { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }] }, expect: IN_SYNC },
  { name: 'ignore-rule-for-other-object', about: 'the same jsonPointers rule, but for another name: no effect',
    steps: [plumb(deployment()), { kubectl: ['scale', 'deployment/web', '-n', 'NS', '--replicas=4'] }], get: 'deployment/web', desired: deployment(),
    context: { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] }] },
    expect: drift({ 'spec.replicas': 'conflict' }) },
  { name: 'ignore-json-pointer-escaped', about: 'kubectl label added example.com/team; ignored by pointer /metadata/labels/example.com~1team',
    steps: [plumb(deployment()), { kubectl: ['label', 'deployment', 'web', '-n', 'NS', 'example.com/team=payments'] }], get: 'deployment/web', desired: deployment(),
    context: { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata/labels/example.com~1team'] }] }, expect: IN_SYNC },
  { name: 'ignore-jq-container-image', about: 'kubectl set image; ignored by a jq select on the container name',
    steps: [plumb(deployment()), { kubectl: ['set', 'image', 'deployment/web', '-n', 'NS', 'web=ghcr.io/shop/web:1.5.0-rc1'] }], get: 'deployment/web', desired: deployment(),
    context: { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image'] }] },
    expect: IN_SYNC },
  { name: 'ignore-jq-configmap-key', about: 'the on-call engineer edits index.html live; ignored by jq .data["index.html"]',
    steps: [csa(configMap('status-page', { 'index.html': '<h1>All good</h1>\n', TITLE: 'Shop status' })),
      { kubectl: ['patch', 'configmap', 'status-page', '-n', 'NS', '-p', JSON.stringify({ data: { 'index.html': '<h1>Degraded checkout</h1>\n' } })] }],
    get: 'configmap/status-page', desired: configMap('status-page', { 'index.html': '<h1>All good</h1>\n', TITLE: 'Shop status' }),
    context: { ignoreDifferences: [{ kind: 'ConfigMap', name: 'status-page', jqPathExpressions: ['.data["index.html"]'] }] }, expect: IN_SYNC },
  { name: 'ignore-managed-fields-managers', about: 'kubectl set image; ignored by managedFieldsManagers: [kubectl-set]',
    steps: [plumb(deployment()), { kubectl: ['set', 'image', 'deployment/web', '-n', 'NS', 'web=ghcr.io/shop/web:1.5.0-rc1'] }], get: 'deployment/web', desired: deployment(),
    context: { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kubectl-set'] }] }, expect: IN_SYNC },

  // ---------- immutable fields: recreate ----------
  { name: 'immutable-deployment-selector', about: 'Git changed the Deployment selector (immutable)',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => { o.spec.selector.matchLabels.track = 'stable'; o.spec.template.metadata.labels.track = 'stable'; }),
    expect: drift({ 'spec.selector': 'conflict', 'spec.template.metadata.labels.track': 'missing' }, { syncStrategy: 'recreate' }) },
  { name: 'immutable-statefulset-claim-size', about: 'Git grew the StatefulSet volumeClaimTemplates storage (not updatable)',
    steps: [plumb(statefulSet('1Gi'))], get: 'statefulset/redis', desired: statefulSet('2Gi'),
    expect: drift({ 'spec.volumeClaimTemplates': 'conflict' }, { syncStrategy: 'recreate' }) },
  { name: 'immutable-job-template', about: 'Git changed the image of a Job (its template is immutable)',
    steps: [csa(job())], get: 'job/db-migrate', desired: job('ghcr.io/shop/migrate:1.5.0'),
    expect: drift({ 'spec.template.spec.containers[name=migrate].image': 'conflict' }, { syncStrategy: 'recreate' }) },
  { name: 'immutable-service-cluster-ip', about: 'Git made the Service headless (clusterIP: None) after an IP was allocated',
    steps: [plumb(service())], get: 'service/web', desired: service((o) => { o.spec.clusterIP = 'None'; }),
    expect: drift({ 'spec.clusterIP': 'conflict' }, { syncStrategy: 'recreate' }) },
  { name: 'immutable-rolebinding-roleref', about: 'Git changed roleRef of a RoleBinding',
    steps: [plumb(roleBinding('view'))], get: 'rolebinding/web-reader', desired: roleBinding('edit'),
    expect: drift({ roleRef: 'conflict' }, { syncStrategy: 'recreate' }) },
  { name: 'immutable-secret-type', about: 'Git changed the type of a Secret',
    steps: [csa(secret({ DB_USER: 'shop' }))], get: 'secret/db', desired: secret({ DB_USER: 'shop' }, (o) => { o.type = 'example.com/db-credentials'; }),
    expect: drift({ type: 'conflict' }, { syncStrategy: 'recreate' }) },
  { name: 'immutable-configmap-data', about: 'Git changed data of a ConfigMap marked immutable: true',
    steps: [plumb(configMap('web-config', { CURRENCY: 'EUR' }, (o) => { o.immutable = true; }))], get: 'configmap/web-config',
    desired: configMap('web-config', { CURRENCY: 'USD' }, (o) => { o.immutable = true; }),
    expect: drift({ 'data.CURRENCY': 'conflict' }, { syncStrategy: 'recreate' }) },
  { name: 'pvc-grow-no-recreate', about: 'Git grew a PVC request: allowed, a plain apply',
    steps: [plumb(pvc('1Gi'))], get: 'pvc/uploads', desired: pvc('2Gi'), expect: drift({ 'spec.resources.requests.storage': 'conflict' }) },
  { name: 'pvc-access-mode-recreate', about: 'Git changed the access modes of a PVC (immutable)',
    steps: [plumb(pvc('1Gi'))], get: 'pvc/uploads', desired: pvc('1Gi', ['ReadWriteMany']),
    expect: drift({ 'spec.accessModes': 'conflict' }, { syncStrategy: 'recreate' }) },

  // ---------- path grammar ----------
  { name: 'path-configmap-dotted-key', about: 'a ConfigMap key with a dot: data["config.yaml"]',
    steps: [plumb(configMap())], get: 'configmap/web-config', desired: configMap('web-config', { CURRENCY: 'EUR', 'config.yaml': 'greeting: hi\n' }),
    expect: drift({ 'data["config.yaml"]': 'conflict' }) },
  { name: 'path-container-port-udp', about: 'Git added a UDP container port: keyed by containerPort and protocol',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => { container(o).ports.push({ name: 'statsd', containerPort: 9125, protocol: 'UDP' }); }),
    expect: drift({ [`${C}.ports[containerPort=9125,protocol=UDP]`]: 'missing' }) },
  { name: 'path-container-port-default-tcp', about: 'Git added a port without protocol: the key gets the defaulted TCP',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => { container(o).ports.push({ name: 'metrics', containerPort: 9090 }); }),
    expect: drift({ [`${C}.ports[containerPort=9090,protocol=TCP]`]: 'missing' }) },
  { name: 'path-service-port-missing', about: 'Git added a Service port',
    steps: [plumb(service())], get: 'service/web',
    desired: service((o) => { o.spec.ports.push({ name: 'https', port: 443, targetPort: 8443 }); }),
    expect: drift({ 'spec.ports[port=443,protocol=TCP]': 'missing' }) },
  { name: 'path-first-annotation-missing', about: 'Git adds the first annotation of a ConfigMap',
    steps: [plumb(configMap('web-config', { CURRENCY: 'EUR' }))], get: 'configmap/web-config',
    desired: configMap('web-config', { CURRENCY: 'EUR' }, (o) => { o.metadata.annotations = { 'example.com/owner': 'shop-team' }; }),
    expect: drift({ 'metadata.annotations["example.com/owner"]': 'missing' }) },
  { name: 'path-new-label-missing', about: 'Git added a label whose key has dots and a slash',
    steps: [plumb(deployment())], get: 'deployment/web',
    desired: deployment((o) => { o.metadata.labels['app.kubernetes.io/version'] = '1.4.2'; }),
    expect: drift({ 'metadata.labels["app.kubernetes.io/version"]': 'missing' }) },

  // ---------- other kinds applied with kubectl (client-side): server defaults are not drift ----------
  { name: 'namespace-csa-in-sync', about: 'Namespace applied client-side (the server adds kubernetes.io/metadata.name and spec.finalizers)',
    namespace: 'shop-ns-csa', noNamespace: true, steps: [csa(namespace('shop-ns-csa'))], get: 'namespace/shop-ns-csa', desired: namespace('shop-ns-csa'), expect: IN_SYNC },
  { name: 'service-csa-in-sync', about: 'Service applied client-side (allocated clusterIP, ipFamilies, targetPort default)',
    steps: [csa(service((o) => { delete o.spec.ports[0].targetPort; }))], get: 'service/web', desired: service((o) => { delete o.spec.ports[0].targetPort; }), expect: IN_SYNC },
  { name: 'statefulset-csa-in-sync', about: 'StatefulSet applied client-side (volumeClaimTemplates gain apiVersion, kind, volumeMode, status)',
    steps: [csa(statefulSet())], get: 'statefulset/redis', desired: statefulSet(), expect: IN_SYNC },
  { name: 'job-csa-in-sync', about: 'Job applied client-side (generated selector and labels, Job defaults)',
    steps: [csa(job())], get: 'job/db-migrate', desired: job(), expect: IN_SYNC },
  { name: 'cronjob-csa-in-sync', about: 'CronJob applied client-side', steps: [csa(cronJob())], get: 'cronjob/nightly-report', desired: cronJob(), expect: IN_SYNC },
  { name: 'hpa-csa-in-sync', about: 'HorizontalPodAutoscaler applied client-side (default CPU metric)',
    steps: [csa([deployment(noReplicas), hpa()])], get: 'hpa/web', desired: hpa(), expect: IN_SYNC },
  { name: 'networkpolicy-csa-in-sync', about: 'NetworkPolicy applied client-side (policyTypes and port protocol defaulted)',
    steps: [csa(networkPolicy())], get: 'networkpolicy/web', desired: networkPolicy(), expect: IN_SYNC },
  { name: 'rolebinding-csa-in-sync', about: 'RoleBinding applied client-side', steps: [csa(roleBinding())], get: 'rolebinding/web-reader', desired: roleBinding(), expect: IN_SYNC },
  { name: 'pvc-csa-in-sync', about: 'PersistentVolumeClaim applied client-side (volumeMode defaulted)', steps: [csa(pvc())], get: 'pvc/uploads', desired: pvc(), expect: IN_SYNC },

  // ---------- normalisation ----------
  { name: 'tracking-annotation-not-declared', about: 'live carries argocd.argoproj.io/tracking-id that Git does not declare',
    steps: [plumb(deployment((o) => { o.metadata.annotations = { 'argocd.argoproj.io/tracking-id': 'storefront:apps/Deployment:NS/web' }; }))],
    get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'flux-labels-not-declared', about: 'live carries kustomize.toolkit.fluxcd.io/name and /namespace labels that Git does not declare',
    steps: [plumb(deployment((o) => { Object.assign(o.metadata.labels, { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }); }))],
    get: 'deployment/web', desired: deployment(), expect: IN_SYNC },
  { name: 'status-and-empties-in-git', about: 'Git carries status, creationTimestamp: null, annotations: {} and resources: {}',
    steps: [plumb(deployment((o) => { delete container(o).resources; }))], get: 'deployment/web',
    desired: deployment((o) => {
      o.metadata.annotations = {};
      o.metadata.creationTimestamp = null;
      o.spec.template.metadata.creationTimestamp = null;
      container(o).resources = {};
      o.status = { replicas: 1 };
    }),
    expect: IN_SYNC },

  // ---------- with a server-side dry-run ----------
  { name: 'dry-run-conflict', about: 'kubectl set image; the predicted object comes from a server-side apply dry-run',
    steps: [plumb(deployment()), { kubectl: ['set', 'image', 'deployment/web', '-n', 'NS', 'web=ghcr.io/shop/web:1.5.0-rc1'] }], get: 'deployment/web',
    desired: deployment(), dryRun: true, expect: drift({ [`${C}.image`]: 'conflict' }, { noteExcludes: ['Estimated'] }) },
  { name: 'dry-run-orphaned', about: 'Git dropped LOG_LEVEL; the dry-run removes it as plumb owns it',
    steps: [plumb(deployment())], get: 'deployment/web', dryRun: true,
    desired: deployment((o) => { container(o).env = [{ name: 'CURRENCY', value: 'EUR' }]; }),
    expect: drift({ [`${C}.env[name=LOG_LEVEL]`]: 'orphaned' }) },
];
