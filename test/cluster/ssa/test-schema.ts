// Hand-built schemas for the SSA unit tests (the real builtin graph is written elsewhere): a
// Deployment and a Service shaped like the apps/v1 and core/v1 types in the parts SSA cares about.
import type { SchemaNode } from '../schema/types.js';

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const bool: SchemaNode = { type: 'boolean' };
const intOrString: SchemaNode = { type: 'int-or-string' };
const stringMap: SchemaNode = { type: 'object', additionalProperties: str };
const obj = (properties: Record<string, SchemaNode>, extra: Partial<SchemaNode> = {}): SchemaNode => ({ type: 'object', properties, ...extra });
const listMap = (items: SchemaNode, keys: string[]): SchemaNode => ({ type: 'array', items, listType: 'map', listMapKeys: keys });
const atomicList = (items: SchemaNode): SchemaNode => ({ type: 'array', items, listType: 'atomic' });

const managedFieldsEntry = obj({
  manager: str, operation: str, apiVersion: str, time: str, fieldsType: str, subresource: str, fieldsV1: { type: 'object' },
});

export const objectMeta: SchemaNode = obj({
  name: str, generateName: str, namespace: str, uid: str, resourceVersion: str, generation: int,
  creationTimestamp: str, deletionTimestamp: str, deletionGracePeriodSeconds: int,
  labels: stringMap, annotations: stringMap,
  finalizers: { type: 'array', items: str, listType: 'set' },
  ownerReferences: listMap(obj({ apiVersion: str, kind: str, name: str, uid: str, controller: bool }), ['uid']),
  managedFields: atomicList(managedFieldsEntry),
});

const envVar = obj({ name: str, value: str, valueFrom: obj({ fieldRef: obj({ fieldPath: str }) }) });
// No schema default on protocol here: the key default must come from the built-in fallback.
const containerPort = obj({ name: str, containerPort: int, hostPort: int, protocol: str });
const quantityMap: SchemaNode = { type: 'object', additionalProperties: intOrString };
const container = obj({
  name: str, image: str, imagePullPolicy: str, terminationMessagePath: str, terminationMessagePolicy: str,
  args: atomicList(str), command: atomicList(str),
  env: listMap(envVar, ['name']),
  ports: listMap(containerPort, ['containerPort', 'protocol']),
  resources: obj({ limits: quantityMap, requests: quantityMap }),
});

const podSpec = obj({
  containers: listMap(container, ['name']),
  restartPolicy: str, dnsPolicy: str, schedulerName: str, terminationGracePeriodSeconds: int,
  securityContext: obj({ runAsUser: int }),
  nodeSelector: { type: 'object', additionalProperties: str, mapType: 'atomic' },
  tolerations: atomicList(obj({ key: str, operator: str, effect: str })),
});

const labelSelector = obj({
  matchLabels: stringMap,
  matchExpressions: atomicList(obj({ key: str, operator: str, values: atomicList(str) })),
}, { mapType: 'atomic' });

const condition = obj({ type: str, status: str, reason: str, message: str, lastTransitionTime: str, lastUpdateTime: str });

export const deploymentSchema: SchemaNode = obj({
  apiVersion: str, kind: str, metadata: objectMeta,
  spec: obj({
    replicas: int, minReadySeconds: int, revisionHistoryLimit: int, progressDeadlineSeconds: int, paused: bool,
    selector: labelSelector,
    template: obj({ metadata: objectMeta, spec: podSpec }),
    strategy: obj({ type: str, rollingUpdate: obj({ maxSurge: intOrString, maxUnavailable: intOrString }) }),
  }),
  status: obj({
    observedGeneration: int, replicas: int, updatedReplicas: int, readyReplicas: int, availableReplicas: int,
    conditions: listMap(condition, ['type']),
  }),
}, { gvk: { group: 'apps', version: 'v1', kind: 'Deployment' } });

export const serviceSchema: SchemaNode = obj({
  apiVersion: str, kind: str, metadata: objectMeta,
  spec: obj({
    type: str, clusterIP: str, clusterIPs: atomicList(str),
    selector: { type: 'object', additionalProperties: str, mapType: 'atomic' },
    ports: listMap(obj({ name: str, port: int, targetPort: intOrString, protocol: { type: 'string', default: 'TCP' }, nodePort: int }), ['port', 'protocol']),
  }),
  status: obj({ loadBalancer: obj({ ingress: atomicList(obj({ ip: str })) }) }),
});
