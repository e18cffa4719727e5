// Built-in semantics per kind (group/Kind → root node). Pod-level types live in builtin-pod.ts.
import {
  BYTES_MAP, INT_OR_STRING, QUANTITY, RESOURCE_LIST, atomicList, atomicStruct, keyedList, mapOf, struct,
} from './node.js';
import {
  LABEL_SELECTOR, OBJECT_META, POD_SPEC, POD_TEMPLATE_SPEC, PVC_SPEC, PVC_TEMPLATE,
} from './builtin-pod.js';
import type { FieldNode } from './types.js';

const STRINGS = mapOf();

/** The root of a kind: ObjectMeta plus the given top-level fields. */
const root = (fields: Record<string, FieldNode> = {}): FieldNode => struct({ metadata: OBJECT_META, ...fields });

const ROLLING = struct({ maxSurge: INT_OR_STRING, maxUnavailable: INT_OR_STRING });

const JOB_SPEC = struct({
  selector: LABEL_SELECTOR,
  template: POD_TEMPLATE_SPEC,
  podFailurePolicy: struct({ rules: atomicList() }),
  successPolicy: struct({ rules: atomicList() }),
});

const WEBHOOK = struct({
  rules: atomicList(),
  namespaceSelector: LABEL_SELECTOR,
  objectSelector: LABEL_SELECTOR,
  admissionReviewVersions: atomicList(),
  matchConditions: keyedList(['name']),
});

const METRIC_SOURCE = struct({ target: struct({ averageValue: QUANTITY, value: QUANTITY }) });
const HPA_METRICS = atomicList(struct({
  resource: METRIC_SOURCE, containerResource: METRIC_SOURCE, pods: METRIC_SOURCE, object: METRIC_SOURCE, external: METRIC_SOURCE,
}));

const RULES = atomicList();
const ROLE = root({ rules: RULES, aggregationRule: struct({ clusterRoleSelectors: atomicList() }) });
const BINDING = root({ roleRef: atomicStruct(), subjects: atomicList() });

export const BUILTIN_KINDS: Record<string, FieldNode> = {
  'apps/Deployment': root({ spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE_SPEC, strategy: struct({ rollingUpdate: ROLLING }) }) }),
  'apps/StatefulSet': root({
    spec: struct({
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE_SPEC,
      volumeClaimTemplates: atomicList(PVC_TEMPLATE),
      updateStrategy: struct({ rollingUpdate: struct({ maxUnavailable: INT_OR_STRING }) }),
    }),
  }),
  'apps/DaemonSet': root({ spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE_SPEC, updateStrategy: struct({ rollingUpdate: ROLLING }) }) }),
  'apps/ReplicaSet': root({ spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE_SPEC }) }),
  'apps/ControllerRevision': root({ data: atomicStruct() }),
  'batch/Job': root({ spec: JOB_SPEC }),
  'batch/CronJob': root({ spec: struct({ jobTemplate: struct({ metadata: OBJECT_META, spec: JOB_SPEC }) }) }),
  '/Pod': root({ spec: POD_SPEC }),
  '/PodTemplate': root({ template: POD_TEMPLATE_SPEC }),
  '/ReplicationController': root({ spec: struct({ selector: atomicStruct(), template: POD_TEMPLATE_SPEC }) }),
  '/Service': root({
    spec: struct({
      ports: keyedList(['port', 'protocol'], struct({ protocol: { default: 'TCP' }, targetPort: INT_OR_STRING })),
      selector: atomicStruct(),
      clusterIPs: atomicList(),
      ipFamilies: atomicList(),
      externalIPs: atomicList(),
      loadBalancerSourceRanges: atomicList(),
    }),
  }),
  '/ConfigMap': root({ data: STRINGS, binaryData: BYTES_MAP }),
  '/Secret': root({ data: BYTES_MAP, stringData: STRINGS }),
  '/Namespace': root({ spec: struct({ finalizers: atomicList() }) }),
  '/ServiceAccount': root({ secrets: keyedList(['name'], atomicStruct()), imagePullSecrets: atomicList() }),
  '/PersistentVolumeClaim': root({ spec: PVC_SPEC }),
  '/PersistentVolume': root({
    spec: struct({ capacity: RESOURCE_LIST, accessModes: atomicList(), mountOptions: atomicList(), nodeAffinity: struct({ required: atomicStruct() }) }),
  }),
  '/ResourceQuota': root({ spec: struct({ hard: RESOURCE_LIST, scopes: atomicList(), scopeSelector: atomicStruct() }) }),
  '/LimitRange': root({
    spec: struct({
      limits: atomicList(struct({
        max: RESOURCE_LIST, min: RESOURCE_LIST, default: RESOURCE_LIST, defaultRequest: RESOURCE_LIST, maxLimitRequestRatio: RESOURCE_LIST,
      })),
    }),
  }),
  '/Endpoints': root({ subsets: atomicList() }),
  'discovery.k8s.io/EndpointSlice': root({ endpoints: atomicList(), ports: atomicList() }),
  'networking.k8s.io/Ingress': root({
    spec: struct({ rules: atomicList(), tls: atomicList(), defaultBackend: struct({ service: struct({ port: atomicStruct() }) }) }),
  }),
  'networking.k8s.io/NetworkPolicy': root({
    spec: struct({ podSelector: LABEL_SELECTOR, ingress: atomicList(), egress: atomicList(), policyTypes: atomicList() }),
  }),
  'rbac.authorization.k8s.io/Role': ROLE,
  'rbac.authorization.k8s.io/ClusterRole': ROLE,
  'rbac.authorization.k8s.io/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/ClusterRoleBinding': BINDING,
  'autoscaling/HorizontalPodAutoscaler': root({
    spec: struct({
      metrics: HPA_METRICS,
      behavior: struct({ scaleUp: struct({ policies: atomicList() }), scaleDown: struct({ policies: atomicList() }) }),
    }),
  }),
  'policy/PodDisruptionBudget': root({ spec: struct({ selector: LABEL_SELECTOR, minAvailable: INT_OR_STRING, maxUnavailable: INT_OR_STRING }) }),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': root({ webhooks: keyedList(['name'], WEBHOOK) }),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': root({ webhooks: keyedList(['name'], WEBHOOK) }),
  'apiextensions.k8s.io/CustomResourceDefinition': root({
    spec: struct({ versions: atomicList(), names: struct({ shortNames: atomicList(), categories: atomicList() }) }),
  }),
  'storage.k8s.io/StorageClass': root({ parameters: STRINGS, mountOptions: atomicList(), allowedTopologies: atomicList() }),
};

/** Root used for kinds the table does not know (custom resources without a schema). */
export const GENERIC_ROOT: FieldNode = root();

