import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import type { SchemaNode } from '../schema/types.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

// Hand-built schema fixtures mirroring the k8s.io/api struct tags (spec §4.4).
const str: SchemaNode = { type: 'string' };
const strMap: SchemaNode = { type: 'object', additionalProperties: str };
const mergeList = (key: string, items: SchemaNode, strategy = 'merge'): SchemaNode =>
  ({ type: 'array', items, patchStrategy: strategy, patchMergeKey: key });
const atomicList = (items: SchemaNode): SchemaNode => ({ type: 'array', items });

const meta: SchemaNode = {
  type: 'object',
  properties: {
    name: str, labels: strMap, annotations: strMap,
    finalizers: { type: 'array', items: str, patchStrategy: 'merge' },
    ownerReferences: mergeList('uid', { type: 'object', properties: { uid: str, name: str } }),
  },
};
const container: SchemaNode = {
  type: 'object',
  properties: {
    name: str, image: str,
    args: atomicList(str), command: atomicList(str),
    env: mergeList('name', { type: 'object', properties: { name: str, value: str } }),
    ports: mergeList('containerPort', { type: 'object', properties: { containerPort: { type: 'integer' }, protocol: str } }),
    resources: { type: 'object', properties: { limits: strMap, requests: strMap } },
  },
};
const volume: SchemaNode = {
  type: 'object',
  properties: { name: str, configMap: { type: 'object', properties: { name: str } }, secret: { type: 'object', properties: { secretName: str } } },
};
const podSpec: SchemaNode = {
  type: 'object',
  properties: {
    containers: mergeList('name', container),
    initContainers: mergeList('name', container),
    volumes: mergeList('name', volume, 'merge,retainKeys'),
    tolerations: atomicList({ type: 'object' }),
    nodeSelector: strMap,
    securityContext: { type: 'object', properties: { runAsUser: { type: 'integer' }, fsGroup: { type: 'integer' } } },
  },
};
const deploymentSchema: SchemaNode = {
  type: 'object',
  properties: {
    apiVersion: str, kind: str, metadata: meta,
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        selector: { type: 'object', properties: { matchLabels: strMap } },
        strategy: {
          type: 'object', patchStrategy: 'retainKeys',
          properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: { type: 'int-or-string' } } } },
        },
        template: { type: 'object', properties: { metadata: meta, spec: podSpec } },
      },
    },
  },
};

const deployment = (): Json => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['x', 'y'] },
          { name: 'side', image: 'busybox' },
        ],
        volumes: [{ name: 'v', configMap: { name: 'c' } }],
        tolerations: [{ key: 'k1' }, { key: 'k2' }],
      },
    },
  },
});

const apply = (patch: Json, original: Json = deployment()) => applyStrategicMergePatch(original, patch, deploymentSchema) as Record<string, any>;
const spec = (o: Record<string, any>) => o.spec.template.spec;

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a StatusError');
}

function assertNoDirectives(v: unknown, path = ''): void {
  if (Array.isArray(v)) v.forEach((x, i) => assertNoDirectives(x, `${path}[${i}]`));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      assert.ok(!k.startsWith('$'), `directive key ${path}.${k} left in the result`);
      assertNoDirectives(x, `${path}.${k}`);
    }
  }
}

test('the exact kubectl 1.32 client-side-apply body of spec §4.9', () => {
  const body: Json = {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' } },
    spec: { template: { spec: {
      '$setElementOrder/containers': [{ name: 'app' }],
      containers: [{
        '$setElementOrder/env': [{ name: 'B' }],
        env: [{ name: 'B', value: '3' }, { $patch: 'delete', name: 'A' }],
        image: 'nginx:1.26', name: 'app',
      }],
    } } },
  };
  const out = apply(body);
  const app = spec(out).containers.find((c: { name: string }) => c.name === 'app');
  assert.deepEqual(app.env, [{ name: 'B', value: '3' }]);
  assert.equal(app.image, 'nginx:1.26');
  assert.deepEqual(app.args, ['x', 'y']);
  assert.equal(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"new":true}');
  // `side` is not named by $setElementOrder/containers; it stays, after `app` as in the live list
  assert.deepEqual(spec(out).containers.map((c: { name: string }) => c.name), ['app', 'side']);
  assertNoDirectives(out);
});

test('kubectl rollout restart body', () => {
  const at = '2025-01-02T03:04:05Z';
  const out = apply({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } });
  assert.deepEqual(out.spec.template.metadata, { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': at } });
  assert.equal(spec(out).containers.length, 2);
});

test('null deletes a key; maps merge recursively', () => {
  const out = apply({ metadata: { labels: { app: null, tier: 'fe' } }, spec: { replicas: null } });
  assert.deepEqual(out.metadata.labels, { tier: 'fe' });
  assert.ok(!('replicas' in out.spec));
});

test('merge lists: element-wise by key, new elements appended, other lists replaced', () => {
  const out = apply({ spec: { template: { spec: {
    containers: [{ name: 'side', image: 'busybox:2' }, { name: 'new', image: 'n' }],
    tolerations: [{ key: 'k3' }],
  } } } });
  assert.deepEqual(spec(out).containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`), ['app=nginx:1.25', 'side=busybox:2', 'new=n']);
  assert.deepEqual(spec(out).containers[0].env.length, 2, 'untouched element kept whole');
  assert.deepEqual(spec(out).tolerations, [{ key: 'k3' }]);
  const args = apply({ spec: { template: { spec: { containers: [{ name: 'app', args: ['z'] }] } } } });
  assert.deepEqual(spec(args).containers[0].args, ['z'], 'atomic list inside a merged element is replaced');
});

test('merge lists of primitives take the union; $deleteFromPrimitiveList removes', () => {
  assert.deepEqual(apply({ metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers, ['a', 'b', 'c']);
  assert.deepEqual(apply({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers, ['b']);
  const both = apply({ metadata: { '$setElementOrder/finalizers': ['c', 'b'], finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } });
  assert.deepEqual(both.metadata.finalizers, ['c', 'b']);
  assertNoDirectives(both);
});

test('$patch: delete and replace in a map', () => {
  const del = apply({ spec: { strategy: { $patch: 'delete' } } });
  assert.deepEqual(del.spec.strategy, {}, 'upstream leaves an empty map, not a missing key');
  const rep = apply({ spec: { template: { metadata: { $patch: 'replace', labels: { only: 'this' } } } } });
  assert.deepEqual(rep.spec.template.metadata, { labels: { only: 'this' } });
});

test('$patch: replace as a list element replaces the whole list', () => {
  const out = apply({ spec: { template: { spec: { containers: [{ name: 'solo', image: 's' }, { $patch: 'replace' }] } } } });
  assert.deepEqual(spec(out).containers, [{ name: 'solo', image: 's' }]);
});

test('$setElementOrder reorders; unnamed items are interleaved by their live position', () => {
  const three = (names: string[]): Json => ({ spec: { template: { spec: { containers: names.map((name) => ({ name })) } } } });
  const order = (names: string[]) => apply({ spec: { template: { spec: { '$setElementOrder/containers': names.map((name) => ({ name })) } } } }, three(['a', 'x', 'b']));
  assert.deepEqual(spec(order(['b', 'a'])).containers.map((c: { name: string }) => c.name), ['x', 'b', 'a']);
  assert.deepEqual(spec(order(['x', 'b', 'a'])).containers.map((c: { name: string }) => c.name), ['x', 'b', 'a']);
  const tail = apply({ spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } } } }, three(['a', 'b', 'x']));
  assert.deepEqual(spec(tail).containers.map((c: { name: string }) => c.name), ['b', 'a', 'x']);
});

test('delete + add with $setElementOrder and a server-only item orders as upstream (Go slice aliasing)', () => {
  const live: Json = { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b', image: 'x' }, { name: 'sidecar', image: 'y' }] } } } };
  const out = apply({ spec: { template: { spec: {
    '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }],
    containers: [{ name: 'c' }, { $patch: 'delete', name: 'a' }],
  } } } }, live);
  assert.deepEqual(spec(out).containers, [{ name: 'b', image: 'x' }, { name: 'sidecar', image: 'y' }, { name: 'c' }]);
});

test('$retainKeys on a struct and on a merge,retainKeys list element', () => {
  const out = apply({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  const vol = apply({ spec: { template: { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }] } } } });
  assert.deepEqual(spec(vol).volumes, [{ name: 'v', secret: { secretName: 's' } }]);
  const bad = statusOf(() => apply({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }));
  assert.deepEqual([bad.code, bad.reason, bad.message], [400, 'BadRequest', 'invalid patch format of retainKeys']);
});

test('values for absent keys are added without nulls or directives', () => {
  const out = apply({ spec: { template: { spec: {
    securityContext: { runAsUser: 1, fsGroup: null },
    initContainers: [{ name: 'i', image: 'i', '$setElementOrder/env': [{ name: 'E' }], env: [{ name: 'E', value: 'e' }] }],
  } } } });
  assert.deepEqual(spec(out).securityContext, { runAsUser: 1 });
  assert.deepEqual(spec(out).initContainers, [{ name: 'i', image: 'i', env: [{ name: 'E', value: 'e' }] }]);
});

test('a different value type replaces the original value', () => {
  assert.equal(apply({ spec: { strategy: 'oops' } }).spec.strategy, 'oops');
});

test('ownerReferences merge by uid', () => {
  const orig: Json = { metadata: { ownerReferences: [{ uid: '1', name: 'a' }] } };
  const out = apply({ metadata: { ownerReferences: [{ uid: '2', name: 'b' }, { uid: '1', name: 'A' }] } }, orig);
  assert.deepEqual(out.metadata.ownerReferences, [{ uid: '2', name: 'b' }, { uid: '1', name: 'A' }], 'patch order wins for items named by the patch');
});

test('inputs are not mutated', () => {
  const orig = deployment();
  const patch: Json = { metadata: { labels: { app: null } }, spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'side' }] } } } };
  const o0 = JSON.stringify(orig);
  const p0 = JSON.stringify(patch);
  const out = apply(patch, orig);
  assert.deepEqual(spec(out).containers.map((c: { name: string }) => c.name), ['app']);
  assert.equal(JSON.stringify(orig), o0);
  assert.equal(JSON.stringify(patch), p0);
});

test('errors map to the status kube-apiserver returns', () => {
  const merge = statusOf(() => apply({ spec: { strategy: { $patch: 'merge' } } }));
  assert.deepEqual([merge.code, merge.message], [500, 'unknown patch type: merge in map: map[$patch:merge]']);
  const listMerge = statusOf(() => apply({ spec: { template: { spec: { containers: [{ $patch: 'merge', name: 'app' }] } } } }));
  assert.deepEqual([listMerge.code, listMerge.message], [500, 'merging lists cannot yet be specified in the patch']);
  const noKey = statusOf(() => apply({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } }));
  assert.deepEqual([noKey.code, noKey.message], [500, 'map: map[image:x] does not contain declared merge key: name']);
  const order = statusOf(() => apply({ spec: { template: { spec: { '$setElementOrderX/containers': [] } } } }));
  assert.deepEqual([order.code, order.reason, order.message], [400, 'BadRequest', 'invalid patch format of setElementOrder list']);
  const prim = statusOf(() => apply({ metadata: { '$deleteFromPrimitiveListX/finalizers': ['a'] } }));
  assert.deepEqual([prim.code, prim.message], [400, 'invalid patch format of primitive list']);
  const lol = statusOf(() => apply({ metadata: { finalizers: [['x']] } }, { metadata: { finalizers: [] } }));
  const mixed = statusOf(() => apply({ metadata: { finalizers: [['x']] } }));
  assert.equal(mixed.code, 500, 'element types differ');
  assert.deepEqual([lol.code, lol.reason], [422, 'Invalid']);
  const notObject = statusOf(() => applyStrategicMergePatch(deployment(), [1], deploymentSchema));
  assert.deepEqual([notObject.code, notObject.message], [400, 'json: cannot unmarshal array into Go value of type map[string]interface {}']);
});
