import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { builtinSchema, builtinKinds, objectMetaSchema, builtinDefinition } from './builtin.js';
import { parseAttributeMap, readModel } from './model-reader.js';
import type { SchemaNode } from './types.js';

function at(node: SchemaNode | undefined, path: string): SchemaNode {
  let cur = node;
  for (const seg of path.split('.')) {
    if (!cur) break;
    cur = seg === '[]' ? cur.items : seg === '{}' ? cur.additionalProperties : cur.properties?.[seg];
  }
  assert.ok(cur, `no schema at ${path}`);
  return cur;
}

const deployment = () => builtinSchema('apps', 'v1', 'Deployment')!;
const podSpec = () => at(deployment(), 'spec.template.spec');

test('the text-parsed attribute maps equal the classes\' getAttributeTypeMap()', async () => {
  const models = (await import('@kubernetes/client-node/dist/gen/models/all.js')) as unknown as Record<string, { getAttributeTypeMap?: () => unknown }>;
  const dir = dirname(require.resolve('@kubernetes/client-node/dist/gen/models/all.js'));
  for (const cls of ['V1DeploymentSpec', 'V1Container', 'V1JSONSchemaProps', 'V1ObjectMeta', 'V1ServicePort', 'CoreV1Event', 'V2HorizontalPodAutoscalerSpec']) {
    const fromText = parseAttributeMap(readFileSync(join(dir, `${cls}.js`), 'utf8'), cls);
    assert.deepEqual(fromText, models[cls]!.getAttributeTypeMap!(), cls);
  }
});

test('reads descriptions, required-ness and JSON keys from the models', () => {
  const m = readModel('V1JSONSchemaProps')!;
  assert.equal(m.attrs.find((a) => a.tsName === '_default')?.key, 'default');
  assert.equal(m.attrs.find((a) => a.tsName === 'x_kubernetes_list_type')?.key, 'x-kubernetes-list-type');
  const spec = readModel('V1DeploymentSpec')!;
  assert.match(spec.description!, /^DeploymentSpec is the specification/);
  assert.equal(spec.attrs.find((a) => a.key === 'template')?.required, true);
  assert.equal(spec.attrs.find((a) => a.key === 'replicas')?.required, false);
  assert.match(spec.attrs.find((a) => a.key === 'replicas')!.description!, /^Number of desired pods/);
  assert.equal(readModel('V1NoSuchThing'), undefined);
});

test('every listed kind has a schema carrying its gvk', () => {
  for (const k of builtinKinds()) {
    const s = builtinSchema(k.group, k.version, k.kind);
    assert.ok(s, `${k.group}/${k.version} ${k.kind}`);
    assert.deepEqual(s.gvk, { group: k.group, version: k.version, kind: k.kind });
    assert.equal(s.type, 'object');
  }
  for (const [g, v, kind] of [['', 'v1', 'Event'], ['events.k8s.io', 'v1', 'Event'], ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
    ['autoscaling', 'v1', 'HorizontalPodAutoscaler'], ['autoscaling', 'v1', 'Scale'], ['coordination.k8s.io', 'v1', 'Lease'],
    ['authorization.k8s.io', 'v1', 'SelfSubjectAccessReview'], ['', 'v1', 'Status'], ['', 'v1', 'DeleteOptions']] as const) {
    assert.ok(builtinSchema(g, v, kind), `${g}/${v} ${kind}`);
  }
  assert.equal(builtinSchema('apps', 'v1', 'Nope'), undefined);
  assert.equal(builtinSchema('apps', 'v2', 'Deployment'), undefined);
});

test('named nodes get OpenAPI definition names', () => {
  assert.equal(deployment().name, 'io.k8s.api.apps.v1.Deployment');
  assert.equal(at(deployment(), 'spec').name, 'io.k8s.api.apps.v1.DeploymentSpec');
  assert.equal(at(deployment(), 'metadata').name, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  assert.equal(at(deployment(), 'spec.template').name, 'io.k8s.api.core.v1.PodTemplateSpec');
  assert.equal(at(podSpec(), 'containers.[]').name, 'io.k8s.api.core.v1.Container');
  assert.equal(at(deployment(), 'spec.strategy.rollingUpdate.maxSurge').name, 'io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  assert.equal(at(deployment(), 'spec.strategy.rollingUpdate.maxSurge').type, 'int-or-string');
  const limits = at(podSpec(), 'containers.[].resources.limits');
  assert.equal(limits.additionalProperties?.name, 'io.k8s.apimachinery.pkg.api.resource.Quantity');
  assert.equal(limits.additionalProperties?.type, 'int-or-string');
  assert.equal(builtinSchema('', 'v1', 'Event')!.name, 'io.k8s.api.core.v1.Event');
  assert.equal(builtinSchema('events.k8s.io', 'v1', 'Event')!.name, 'io.k8s.api.events.v1.Event');
  assert.equal(builtinSchema('autoscaling', 'v2', 'HorizontalPodAutoscaler')!.name, 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
  assert.equal(at(builtinSchema('storage.k8s.io', 'v1', 'StorageClass'), 'allowedTopologies.[]').name, 'io.k8s.api.core.v1.TopologySelectorTerm');
  assert.equal(at(builtinSchema('apps', 'v1', 'StatefulSet'), 'spec.volumeClaimTemplates.[]').name, 'io.k8s.api.core.v1.PersistentVolumeClaim');
  assert.equal(at(builtinSchema('rbac.authorization.k8s.io', 'v1', 'RoleBinding'), 'subjects.[]').name, 'io.k8s.api.rbac.v1.Subject');
  assert.equal(builtinSchema('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')!.name,
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition');
});

test('primitive types and formats', () => {
  assert.deepEqual(pick(at(deployment(), 'spec.replicas')), { type: 'integer', format: 'int32' });
  assert.deepEqual(pick(at(deployment(), 'metadata.generation')), { type: 'integer', format: 'int64' });
  assert.deepEqual(pick(at(deployment(), 'spec.paused')), { type: 'boolean' });
  assert.deepEqual(pick(at(deployment(), 'metadata.creationTimestamp')), { type: 'string', format: 'date-time' });
  assert.deepEqual(pick(at(builtinSchema('', 'v1', 'Secret'), 'data.{}')), { type: 'string', format: 'byte' });
  assert.deepEqual(pick(at(builtinSchema('', 'v1', 'ConfigMap'), 'data.{}')), { type: 'string' });
  assert.equal(at(builtinSchema('apps', 'v1', 'ControllerRevision'), 'data').preserveUnknownFields, true);
  assert.equal(at(builtinSchema('coordination.k8s.io', 'v1', 'Lease'), 'spec.renewTime').format, 'date-time');
  assert.equal(at(deployment(), 'metadata.managedFields.[].fieldsV1').type, 'object');
});

function pick(n: SchemaNode): Partial<SchemaNode> {
  const out: Partial<SchemaNode> = { type: n.type };
  if (n.format) out.format = n.format;
  return out;
}

test('required fields and descriptions', () => {
  assert.deepEqual(at(deployment(), 'spec').required, ['selector', 'template']);
  assert.deepEqual(at(podSpec(), 'containers.[]').required, ['name']);
  assert.match(at(deployment(), 'spec.replicas').description!, /Number of desired pods/);
  assert.match(deployment().description!, /Deployment enables declarative updates/);
  assert.match(at(deployment(), 'spec').description!, /^Specification of the desired behavior of the Deployment/);
});

test('SSA and SMP semantics of lists and maps (§4.4)', () => {
  const c = at(podSpec(), 'containers');
  assert.deepEqual([c.listType, c.listMapKeys, c.patchStrategy, c.patchMergeKey], ['map', ['name'], 'merge', 'name']);
  const ports = at(podSpec(), 'containers.[].ports');
  assert.deepEqual([ports.listType, ports.listMapKeys, ports.patchMergeKey], ['map', ['containerPort', 'protocol'], 'containerPort']);
  assert.equal(at(ports, '[].protocol').default, 'TCP');
  assert.deepEqual(at(podSpec(), 'containers.[].env').listMapKeys, ['name']);
  assert.equal(at(podSpec(), 'containers.[].envFrom').listType, 'atomic');
  assert.deepEqual(at(podSpec(), 'containers.[].volumeMounts').listMapKeys, ['mountPath']);
  assert.equal(at(podSpec(), 'containers.[].args').listType, 'atomic');
  const vols = at(podSpec(), 'volumes');
  assert.deepEqual([vols.listType, vols.listMapKeys, vols.patchStrategy], ['map', ['name'], 'merge,retainKeys']);
  assert.equal(at(podSpec(), 'tolerations').listType, 'atomic');
  assert.equal(at(podSpec(), 'nodeSelector').mapType, 'atomic');
  assert.equal(at(podSpec(), 'containers.[].resources.requests').mapType, undefined);

  const svc = at(builtinSchema('', 'v1', 'Service'), 'spec');
  assert.deepEqual([svc.properties!.ports!.listMapKeys, svc.properties!.ports!.patchMergeKey], [['port', 'protocol'], 'port']);
  assert.equal(at(svc, 'ports.[].protocol').default, 'TCP');
  assert.equal(svc.properties!.selector!.mapType, 'atomic');
  assert.equal(svc.properties!.clusterIPs!.listType, 'atomic');

  const meta = objectMetaSchema();
  assert.equal(meta.properties!.labels!.mapType, undefined);
  assert.equal(meta.properties!.labels!.additionalProperties?.type, 'string');
  assert.deepEqual([meta.properties!.finalizers!.listType, meta.properties!.finalizers!.patchStrategy], ['set', 'merge']);
  assert.deepEqual(meta.properties!.ownerReferences!.listMapKeys, ['uid']);
  assert.equal(meta.properties!.managedFields!.listType, 'atomic');

  assert.equal(at(deployment(), 'spec.selector').mapType, 'atomic');
  assert.equal(at(builtinSchema('batch', 'v1', 'Job'), 'spec.selector').mapType, 'atomic');
  assert.deepEqual(at(deployment(), 'status.conditions').listMapKeys, ['type']);
  assert.equal(at(deployment(), 'spec.strategy').patchStrategy, 'retainKeys');
  const role = builtinSchema('rbac.authorization.k8s.io', 'v1', 'Role')!;
  assert.equal(role.properties!.rules!.listType, 'atomic');
  assert.equal(at(builtinSchema('rbac.authorization.k8s.io', 'v1', 'RoleBinding'), 'subjects').listType, 'atomic');
  assert.equal(at(builtinSchema('rbac.authorization.k8s.io', 'v1', 'RoleBinding'), 'roleRef').mapType, 'atomic');
  assert.equal(at(builtinSchema('networking.k8s.io', 'v1', 'Ingress'), 'spec.rules').listType, 'atomic');
  assert.equal(at(builtinSchema('apps', 'v1', 'StatefulSet'), 'spec.volumeClaimTemplates').listType, 'atomic');
  // A per-property view never leaks into the shared definition.
  assert.equal(builtinDefinition('io.k8s.api.apps.v1.DeploymentStrategy')!.patchStrategy, undefined);
  assert.equal(builtinDefinition('io.k8s.api.core.v1.ObjectReference')!.mapType, 'atomic');
  assert.equal(at(builtinSchema('', 'v1', 'PersistentVolume'), 'spec.claimRef').mapType, 'granular');
});

test('recursive JSONSchemaProps is a cycle of shared nodes', () => {
  const crd = builtinSchema('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')!;
  const props = at(crd, 'spec.versions.[].schema.openAPIV3Schema');
  assert.equal(props.name, 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
  assert.equal(props.properties!.properties!.additionalProperties, props);
  assert.equal(props.properties!.allOf!.items, props);
  assert.equal(props.properties!.default!.type, 'any');
  assert.ok(props.properties!['x-kubernetes-list-type']);
  assert.equal(builtinSchema('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'), crd, 'cached');
});

test('a fresh process builds every kind well under 300 ms', () => {
  // Measured in a child so nothing is cached yet; the import itself must not read any model.
  const script = `
    const t0 = performance.now();
    const b = require(${JSON.stringify(require.resolve('./builtin.ts'))});
    const t1 = performance.now();
    for (const k of b.builtinKinds()) b.builtinSchema(k.group, k.version, k.kind);
    console.log(JSON.stringify({ build: performance.now() - t1 }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  const { build } = JSON.parse(out.trim().split('\n').pop()!) as { build: number };
  assert.ok(build < 300, `built in ${build} ms`);
});
