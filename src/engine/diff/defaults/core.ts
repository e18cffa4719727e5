// Defaults of other built-in kinds in the v1.32 API server: Service (SetDefaults_Service; the
// allocated IP fields are kept by the registry, see retained.ts), Secret, Namespace, PVC/PV,
// RBAC bindings, NetworkPolicy, HPA, admission webhooks, CRD, StorageClass, PriorityClass.
import { defaultPvcSpec } from './pod.js';
import { child, ensure, items, setDefault, type Obj } from './obj.js';

export function defaultService(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'type', 'ClusterIP', true);
  setDefault(spec, 'sessionAffinity', 'None', true);
  if (spec['sessionAffinity'] === 'ClientIP') {
    const clientIP = ensure(ensure(spec, 'sessionAffinityConfig'), 'clientIP');
    setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  for (const p of items(spec, 'ports')) {
    setDefault(p, 'protocol', 'TCP', true);
    if (p['targetPort'] === undefined || p['targetPort'] === null || p['targetPort'] === 0 || p['targetPort'] === '') {
      p['targetPort'] = p['port'] ?? null;
    }
  }
  const type = spec['type'];
  const externalIPs = Array.isArray(spec['externalIPs']) ? spec['externalIPs'] : [];
  if (type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0)) {
    setDefault(spec, 'externalTrafficPolicy', 'Cluster', true);
  }
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'internalTrafficPolicy', 'Cluster', true);
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    const headless = spec['clusterIP'] === 'None';
    const selector = child(spec, 'selector');
    const dual = headless && (!selector || Object.keys(selector).length === 0);
    setDefault(spec, 'ipFamilyPolicy', dual ? 'RequireDualStack' : 'SingleStack', true);
  }
}

export function defaultSecret(o: Obj): void {
  setDefault(o, 'type', 'Opaque', true);
}

export function defaultNamespace(o: Obj, name: string | undefined): void {
  // The label is forced to the name on every write, whatever the request says.
  if (name) ensure(ensure(o, 'metadata'), 'labels')['kubernetes.io/metadata.name'] = name;
  const spec = ensure(o, 'spec');
  if (!Array.isArray(spec['finalizers'])) spec['finalizers'] = ['kubernetes'];
}

export function defaultPvc(o: Obj): void {
  defaultPvcSpec(ensure(o, 'spec'));
}

export function defaultPv(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain', true);
  setDefault(spec, 'volumeMode', 'Filesystem', true);
}

export function defaultEndpoints(o: Obj): void {
  for (const subset of items(o, 'subsets')) for (const p of items(subset, 'ports')) setDefault(p, 'protocol', 'TCP', true);
}

const RBAC = 'rbac.authorization.k8s.io';

export function defaultBinding(o: Obj): void {
  setDefault(ensure(o, 'roleRef'), 'apiGroup', RBAC, true);
  for (const s of items(o, 'subjects')) {
    if (s['apiGroup']) continue;
    if (s['kind'] === 'User' || s['kind'] === 'Group') s['apiGroup'] = RBAC;
  }
}

export function defaultNetworkPolicy(o: Obj): void {
  const spec = ensure(o, 'spec');
  if (!Array.isArray(spec['policyTypes']) || spec['policyTypes'].length === 0) {
    const egress = spec['egress'];
    spec['policyTypes'] = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  for (const rule of [...items(spec, 'ingress'), ...items(spec, 'egress')]) {
    for (const p of items(rule, 'ports')) setDefault(p, 'protocol', 'TCP', true);
  }
}

export function defaultHpa(o: Obj, version: string): void {
  const spec = ensure(o, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (version === 'v1') {
    setDefault(spec, 'targetCPUUtilizationPercentage', 80);
    return;
  }
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = child(spec, 'behavior');
  if (!behavior) return;
  fillScaling(behavior, 'scaleUp', {
    stabilizationWindowSeconds: 0, selectPolicy: 'Max',
    policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
  });
  fillScaling(behavior, 'scaleDown', { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
}

function fillScaling(behavior: Obj, key: string, defaults: Obj): void {
  const given = child(behavior, key);
  if (!given) {
    behavior[key] = defaults;
    return;
  }
  for (const [k, v] of Object.entries(defaults)) setDefault(given, k, v);
}

export function defaultWebhooks(o: Obj, mutating: boolean): void {
  for (const w of items(o, 'webhooks')) {
    setDefault(w, 'failurePolicy', 'Fail', true);
    setDefault(w, 'matchPolicy', 'Equivalent', true);
    setDefault(w, 'timeoutSeconds', 10);
    if (mutating) setDefault(w, 'reinvocationPolicy', 'Never', true);
    for (const r of items(w, 'rules')) setDefault(r, 'scope', '*', true);
    const svc = child(child(w, 'clientConfig'), 'service');
    if (svc) setDefault(svc, 'port', 443);
  }
}

export function defaultCrd(o: Obj): void {
  const spec = ensure(o, 'spec');
  setDefault(ensure(spec, 'conversion'), 'strategy', 'None', true);
  const names = ensure(spec, 'names');
  const kind = typeof names['kind'] === 'string' ? names['kind'] : '';
  if (kind) {
    setDefault(names, 'singular', kind.toLowerCase(), true);
    setDefault(names, 'listKind', `${kind}List`, true);
  }
}

export function defaultStorageClass(o: Obj): void {
  setDefault(o, 'reclaimPolicy', 'Delete', true);
  setDefault(o, 'volumeBindingMode', 'Immediate', true);
}

export function defaultPriorityClass(o: Obj): void {
  setDefault(o, 'preemptionPolicy', 'PreemptLowerPriority', true);
}
