import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject, ResourceType } from '../api/types.js';
import { builtinSchema } from './builtin.js';
import { ANY } from './types.js';
import { customResourceSchema } from './crd.js';
import { openApiDocument, openApiHash, openApiIndex, parseGroupVersion, type OpenApiKind } from './openapi.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
function res(group: string, version: string, kind: string, plural: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: VERBS, subresources: [], generation: 'spec', custom: false, ...extra };
}
const builtin = (r: ResourceType): OpenApiKind => ({ resource: r, schema: builtinSchema(r.group, r.version, r.kind)! });

const APPS = [
  builtin(res('apps', 'v1', 'Deployment', 'deployments', true, { subresources: ['status', 'scale'] })),
  builtin(res('apps', 'v1', 'StatefulSet', 'statefulsets', true, { subresources: ['status', 'scale'] })),
];
const CORE = [
  builtin(res('', 'v1', 'Namespace', 'namespaces', false, { subresources: ['status'], verbs: VERBS.filter((v) => v !== 'deletecollection') })),
  builtin(res('', 'v1', 'Pod', 'pods', true, { subresources: ['status'], returnDeletedObject: true })),
  builtin(res('', 'v1', 'ConfigMap', 'configmaps', true)),
  builtin(res('', 'v1', 'Service', 'services', true, { subresources: ['status'] })),
];
const widgetKind = (prop: string): OpenApiKind => ({
  resource: res('example.com', 'v1', 'Widget', 'widgets', false, { custom: true, subresources: ['status'] }),
  schema: customResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { [prop]: { type: 'integer', description: 'the prop' } } } } },
    { group: 'example.com', version: 'v1', kind: 'Widget' }),
});

type Doc = { paths: Record<string, Record<string, JsonObject>>; components: { schemas: Record<string, JsonObject> } };
const doc = (gv: string, kinds: OpenApiKind[]) => openApiDocument(gv, kinds) as unknown as Doc;

/** kubectl explain's way through a document: properties, items, additionalProperties, $ref, allOf. */
function resolve(d: Doc, s: JsonObject): JsonObject {
  const ref = s.$ref as string | undefined;
  return ref ? d.components.schemas[ref.replace('#/components/schemas/', '')]! : s;
}
function fieldAt(d: Doc, root: JsonObject, path: string[]): JsonObject | undefined {
  let cur: JsonObject | undefined = root;
  for (const seg of path) {
    let r: JsonObject = resolve(d, cur!);
    for (;;) {
      if (r.items) r = resolve(d, r.items as JsonObject);
      else if (r.additionalProperties && typeof r.additionalProperties === 'object') r = resolve(d, r.additionalProperties as JsonObject);
      else if (!r.properties && Array.isArray(r.allOf)) r = resolve(d, r.allOf[0] as JsonObject);
      else break;
    }
    cur = (r.properties as Record<string, JsonObject> | undefined)?.[seg];
    if (!cur) return undefined;
  }
  return cur;
}
/** kubectl explain's typeGuess template. */
function typeGuess(d: Doc, s: JsonObject): string {
  if (s.items) return `[]${typeGuess(d, s.items as JsonObject)}`;
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return `map[string]${typeGuess(d, s.additionalProperties as JsonObject)}`;
  if (Array.isArray(s.allOf) && !s.properties && s.allOf.length === 1) return typeGuess(d, s.allOf[0] as JsonObject);
  if (s.$ref) {
    const target = resolve(d, s);
    if (!target.type || target.type === 'object') return (s.$ref as string).split('.').pop()!;
    return target.type as string;
  }
  return s.type === 'object' || !s.type ? 'Object' : (s.type as string);
}
function schemaByGvk(d: Doc, gvk: { group: string; version: string; kind: string }): JsonObject | undefined {
  return Object.values(d.components.schemas).find((s) =>
    (s['x-kubernetes-group-version-kind'] as JsonObject[] | undefined)?.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind));
}

test('group/version spellings', () => {
  assert.deepEqual(parseGroupVersion('v1'), { key: 'api/v1', group: '', version: 'v1' });
  assert.deepEqual(parseGroupVersion('api/v1'), { key: 'api/v1', group: '', version: 'v1' });
  assert.deepEqual(parseGroupVersion('apps/v1'), { key: 'apis/apps/v1', group: 'apps', version: 'v1' });
  assert.deepEqual(parseGroupVersion('/apis/rbac.authorization.k8s.io/v1'), { key: 'apis/rbac.authorization.k8s.io/v1', group: 'rbac.authorization.k8s.io', version: 'v1' });
});

test('index lists every group/version with a hash that follows its kinds', () => {
  const kinds: Record<string, OpenApiKind[]> = { v1: CORE, 'apps/v1': APPS, 'example.com/v1': [widgetKind('a')] };
  const idx = openApiIndex(['v1', 'apps/v1', 'example.com/v1'], (gv) => kinds[gv]!);
  assert.deepEqual(Object.keys(idx.paths), ['api/v1', 'apis/apps/v1', 'apis/example.com/v1']);
  assert.match(idx.paths['apis/apps/v1']!.serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{64}$/);
  const before = idx.paths['apis/example.com/v1']!.serverRelativeURL;
  kinds['example.com/v1'] = [widgetKind('b')];
  const after = openApiIndex(['example.com/v1'], (gv) => kinds[gv]!).paths['apis/example.com/v1']!.serverRelativeURL;
  assert.notEqual(after, before, 'CRD schema change → new hash');
  assert.equal(openApiHash('apps/v1', APPS), openApiHash('apis/apps/v1', APPS), 'stable for the same kinds');
  // Without kindsOf the hash of the last built document is used.
  openApiDocument('apps/v1', APPS);
  assert.equal(openApiIndex(['apps/v1']).paths['apis/apps/v1']!.serverRelativeURL, `/openapi/v3/apis/apps/v1?hash=${openApiHash('apps/v1', APPS)}`);
});

test('every PATCH operation carries its GVK and the fieldValidation parameter (kubectl --validate=strict)', () => {
  for (const [gv, kinds] of [['apps/v1', APPS], ['v1', CORE], ['example.com/v1', [widgetKind('a')]]] as const) {
    const d = doc(gv, [...kinds]);
    let patches = 0;
    for (const item of Object.values(d.paths)) {
      const patch = item.patch;
      if (!patch) continue;
      patches++;
      assert.ok(patch['x-kubernetes-group-version-kind']);
      const names = (patch.parameters as JsonObject[]).map((p) => p.name);
      for (const n of ['dryRun', 'fieldManager', 'fieldValidation', 'force']) assert.ok(names.includes(n), `${n} in ${gv}`);
    }
    assert.ok(patches > 0);
  }
  const apps = doc('apps/v1', APPS);
  const obj = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!;
  assert.deepEqual(Object.keys(obj).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
  assert.deepEqual(obj.patch!['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
  assert.equal(obj.patch!.operationId, 'patchAppsV1NamespacedDeployment');
  assert.ok((obj.patch!.requestBody as { content: JsonObject }).content['application/strategic-merge-patch+json']);
  assert.deepEqual(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.patch!['x-kubernetes-group-version-kind'],
    { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  assert.ok(apps.paths['/apis/apps/v1/deployments']!.get, 'all-namespaces list');
  const core = doc('v1', CORE);
  assert.ok(core.paths['/api/v1/namespaces/{name}']!.patch, 'cluster-scoped core path');
  assert.ok(core.paths['/api/v1/namespaces/{namespace}/pods/{name}']!.get);
  assert.equal(core.paths['/api/v1/namespaces']!.delete, undefined, 'verbs respected');
  const crd = doc('example.com/v1', [widgetKind('a')]);
  const wpatch = crd.paths['/apis/example.com/v1/widgets/{name}']!.patch!;
  assert.equal((wpatch.requestBody as { content: JsonObject }).content['application/strategic-merge-patch+json'], undefined, 'no SMP for CRs');
});

test('documents are JSON-serialisable and every $ref resolves', () => {
  for (const [gv, kinds] of [['apps/v1', APPS], ['v1', CORE]] as const) {
    const text = JSON.stringify(openApiDocument(gv, [...kinds]));
    const d = JSON.parse(text) as Doc;
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(d.components.schemas[m[1]!], `unresolved ${m[1]}`);
    }
  }
  const crdKind = builtin(res('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false));
  const d = doc('apiextensions.k8s.io/v1', [crdKind]);
  const props = d.components.schemas['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps']!;
  assert.deepEqual((props.properties as Record<string, JsonObject>).not, { $ref: '#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps' });
});

test('components carry what kubectl explain reads', () => {
  const d = doc('apps/v1', APPS);
  const dep = schemaByGvk(d, { group: 'apps', version: 'v1', kind: 'Deployment' })!;
  assert.ok(dep, 'x-kubernetes-group-version-kind is a list on the schema');
  assert.equal(dep, d.components.schemas['io.k8s.api.apps.v1.Deployment']);
  const replicas = fieldAt(d, dep, ['spec', 'replicas'])!;
  assert.equal(typeGuess(d, replicas), 'integer');
  assert.match(replicas.description as string, /Number of desired pods/);
  assert.equal(typeGuess(d, fieldAt(d, dep, ['spec'])!), 'DeploymentSpec');
  assert.equal(typeGuess(d, fieldAt(d, dep, ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])!), 'IntOrString');
  assert.equal(typeGuess(d, fieldAt(d, dep, ['spec', 'template', 'spec', 'containers'])!), '[]Container');
  assert.equal(typeGuess(d, fieldAt(d, dep, ['spec', 'template', 'spec', 'containers', 'resources', 'limits'])!), 'map[string]Quantity');
  assert.equal(typeGuess(d, fieldAt(d, dep, ['metadata', 'creationTimestamp'])!), 'string');
  const containers = fieldAt(d, dep, ['spec', 'template', 'spec', 'containers'])!;
  assert.equal(containers['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(d.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']!['x-kubernetes-map-type'], 'atomic');
  assert.equal(d.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!['x-kubernetes-int-or-string'], true);
  // A per-property view: allOf + its own tags, the shared definition stays untagged.
  const strategy = fieldAt(d, dep, ['spec', 'strategy'])!;
  assert.deepEqual(strategy.allOf, [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }]);
  assert.equal(strategy['x-kubernetes-patch-strategy'], 'retainKeys');
  assert.equal(d.components.schemas['io.k8s.api.apps.v1.DeploymentStrategy']!['x-kubernetes-patch-strategy'], undefined);
  assert.ok(d.components.schemas['io.k8s.api.apps.v1.DeploymentList']);
  assert.ok(d.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
});

test('custom resource documents', () => {
  const d = doc('example.com/v1', [widgetKind('size')]);
  const w = schemaByGvk(d, { group: 'example.com', version: 'v1', kind: 'Widget' })!;
  assert.equal(typeGuess(d, fieldAt(d, w, ['spec', 'size'])!), 'integer');
  assert.equal(typeGuess(d, fieldAt(d, w, ['metadata'])!), 'ObjectMeta');
  assert.ok(d.paths['/apis/example.com/v1/widgets/{name}/status']!.patch);
});

test('a kind without a known schema still gets a GVK-tagged definition', () => {
  const kind: OpenApiKind = { resource: res('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: ['create'] }), schema: ANY };
  const d = doc('authentication.k8s.io/v1', [kind]);
  assert.ok(schemaByGvk(d, { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' }));
  assert.deepEqual(Object.keys(d.paths), ['/apis/authentication.k8s.io/v1/selfsubjectreviews']);
  assert.ok(d.paths['/apis/authentication.k8s.io/v1/selfsubjectreviews']!.post);
  assert.equal(ANY.name, undefined, 'shared ANY untouched');
});

test('documents are cached until their kinds change', () => {
  const a = openApiDocument('apps/v1', APPS);
  assert.equal(openApiDocument('apps/v1', APPS), a);
  assert.notEqual(openApiDocument('apps/v1', APPS.slice(0, 1)), a);
});
