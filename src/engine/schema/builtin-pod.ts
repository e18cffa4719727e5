// Built-in semantics of the types shared by many kinds: ObjectMeta, LabelSelector, PodSpec and
// what it contains, PersistentVolumeClaimSpec. Restated from the +listType/+listMapKey/+mapType/
// +structType tags of k8s.io/api (v1.32); only fields whose semantics differ from the default
// (granular struct, atomic list) or that are quantities / IntOrString are listed.
import {
  INT_OR_STRING, QUANTITY, RESOURCE_LIST, atomicList, atomicStruct, keyedList, mapOf, setList, struct,
} from './node.js';
import type { FieldNode } from './types.js';

const STRINGS = mapOf();

export const LABEL_SELECTOR: FieldNode = atomicStruct({ matchLabels: STRINGS, matchExpressions: atomicList() });

export const OBJECT_META: FieldNode = struct({
  labels: STRINGS,
  annotations: STRINGS,
  finalizers: setList(),
  ownerReferences: keyedList(['uid'], atomicStruct()),
  managedFields: atomicList(),
});

const HANDLER = {
  exec: struct({ command: atomicList() }),
  httpGet: struct({ httpHeaders: atomicList(), port: INT_OR_STRING }),
  tcpSocket: struct({ port: INT_OR_STRING }),
};
const PROBE = struct({ ...HANDLER });
const LIFECYCLE = struct({ postStart: struct(HANDLER), preStop: struct(HANDLER) });

export const RESOURCE_REQUIREMENTS: FieldNode = struct({
  limits: RESOURCE_LIST,
  requests: RESOURCE_LIST,
  claims: keyedList(['name']),
});

const ENV_VAR = struct({
  valueFrom: struct({
    configMapKeyRef: atomicStruct(),
    secretKeyRef: atomicStruct(),
    fieldRef: atomicStruct(),
    resourceFieldRef: atomicStruct({ divisor: QUANTITY }),
  }),
});

export const CONTAINER: FieldNode = struct({
  args: atomicList(),
  command: atomicList(),
  env: keyedList(['name'], ENV_VAR),
  envFrom: atomicList(),
  ports: keyedList(['containerPort', 'protocol'], struct({ protocol: { default: 'TCP' } })),
  resizePolicy: atomicList(),
  restartPolicyRules: atomicList(),
  volumeMounts: keyedList(['mountPath']),
  volumeDevices: keyedList(['devicePath']),
  resources: RESOURCE_REQUIREMENTS,
  securityContext: struct({ capabilities: struct({ add: atomicList(), drop: atomicList() }) }),
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  lifecycle: LIFECYCLE,
});

export const PVC_SPEC: FieldNode = struct({
  accessModes: atomicList(),
  resources: struct({ limits: RESOURCE_LIST, requests: RESOURCE_LIST }),
  selector: LABEL_SELECTOR,
  dataSource: atomicStruct(),
});

const VOLUME = struct({
  configMap: struct({ items: atomicList() }),
  secret: struct({ items: atomicList() }),
  downwardAPI: struct({ items: atomicList() }),
  projected: struct({ sources: atomicList() }),
  emptyDir: struct({ sizeLimit: QUANTITY }),
  ephemeral: struct({ volumeClaimTemplate: struct({ metadata: OBJECT_META, spec: PVC_SPEC }) }),
  csi: struct({ volumeAttributes: STRINGS, nodePublishSecretRef: atomicStruct() }),
});

const AFFINITY_TERMS = { requiredDuringSchedulingIgnoredDuringExecution: atomicList(), preferredDuringSchedulingIgnoredDuringExecution: atomicList() };

export const POD_SPEC: FieldNode = struct({
  containers: keyedList(['name'], CONTAINER),
  initContainers: keyedList(['name'], CONTAINER),
  ephemeralContainers: keyedList(['name'], CONTAINER),
  volumes: keyedList(['name'], VOLUME),
  imagePullSecrets: keyedList(['name'], atomicStruct()),
  hostAliases: keyedList(['ip'], struct({ hostnames: atomicList() })),
  topologySpreadConstraints: keyedList(['topologyKey', 'whenUnsatisfiable'], struct({ labelSelector: LABEL_SELECTOR, matchLabelKeys: atomicList() })),
  schedulingGates: keyedList(['name']),
  resourceClaims: keyedList(['name']),
  tolerations: atomicList(),
  readinessGates: atomicList(),
  nodeSelector: atomicStruct(),
  affinity: struct({
    nodeAffinity: struct({ requiredDuringSchedulingIgnoredDuringExecution: atomicStruct(), preferredDuringSchedulingIgnoredDuringExecution: atomicList() }),
    podAffinity: struct(AFFINITY_TERMS),
    podAntiAffinity: struct(AFFINITY_TERMS),
  }),
  securityContext: struct({ supplementalGroups: atomicList(), sysctls: atomicList() }),
  dnsConfig: struct({ nameservers: atomicList(), options: atomicList(), searches: atomicList() }),
  overhead: RESOURCE_LIST,
  resources: RESOURCE_REQUIREMENTS,
});

export const POD_TEMPLATE_SPEC: FieldNode = struct({ metadata: OBJECT_META, spec: POD_SPEC });

/** An embedded PersistentVolumeClaim (StatefulSet volumeClaimTemplates items). */
export const PVC_TEMPLATE: FieldNode = struct({ metadata: OBJECT_META, spec: PVC_SPEC });
