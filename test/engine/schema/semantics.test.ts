// Field semantics: the built-in table, and semanticsFromOpenApi over the OpenAPI v3 documents the
// test API server publishes (same x-kubernetes-* tags as a real one), a CRD, and a bare schema.
import { strict as assert } from 'node:assert';
import { request } from 'node:https';
import { after, before, test } from 'node:test';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import {
  builtinSemantics, combineSemantics, listSemanticsAt, nodeAt, semanticsFromOpenApi, type FieldNode,
} from '../../../src/engine/schema/index.js';

const at = (root: FieldNode | undefined, path: string) => nodeAt(root, path.split('.'));

test('built-in: pod template lists, atomic selectors and quantities', () => {
  const d = builtinSemantics.forKind('apps/v1', 'Deployment');
  assert.deepEqual(at(d, 'spec.template.spec.containers')?.list, { type: 'map', keys: ['name'] });
  assert.deepEqual(at(d, 'spec.template.spec.containers.[].ports')?.list, { type: 'map', keys: ['containerPort', 'protocol'] });
  assert.equal(at(d, 'spec.template.spec.containers.[].ports.[].protocol')?.default, 'TCP');
  assert.deepEqual(at(d, 'spec.template.spec.containers.[].env')?.list, { type: 'map', keys: ['name'] });
  assert.deepEqual(at(d, 'spec.template.spec.containers.[].volumeMounts')?.list, { type: 'map', keys: ['mountPath'] });
  assert.deepEqual(at(d, 'spec.template.spec.volumes')?.list, { type: 'map', keys: ['name'] });
  assert.deepEqual(at(d, 'spec.template.spec.imagePullSecrets')?.list, { type: 'map', keys: ['name'] });
  for (const p of ['spec.template.spec.tolerations', 'spec.template.spec.containers.[].args', 'spec.template.spec.containers.[].command', 'spec.template.spec.containers.[].envFrom']) {
    assert.deepEqual(at(d, p)?.list, { type: 'atomic' }, p);
  }
  assert.equal(at(d, 'spec.selector')?.atomic, true);
  assert.equal(at(d, 'spec.template.spec.nodeSelector')?.atomic, true);
  assert.equal(at(d, 'spec.template.spec.containers.[].resources.requests.cpu')?.quantity, true);
  assert.equal(at(d, 'metadata.labels')?.isMap, true);
  assert.deepEqual(at(d, 'metadata.finalizers')?.list, { type: 'set' });
  assert.deepEqual(at(d, 'metadata.ownerReferences')?.list, { type: 'map', keys: ['uid'] });
  const svc = builtinSemantics.forKind('v1', 'Service');
  assert.deepEqual(at(svc, 'spec.ports')?.list, { type: 'map', keys: ['port', 'protocol'] });
  assert.equal(at(svc, 'spec.selector')?.atomic, true);
  assert.equal(at(svc, 'spec.ports.[].targetPort')?.intOrString, true);
  const role = builtinSemantics.forKind('rbac.authorization.k8s.io/v1', 'Role');
  assert.deepEqual(at(role, 'rules')?.list, { type: 'atomic' });
  assert.equal(at(builtinSemantics.forKind('rbac.authorization.k8s.io/v1', 'RoleBinding'), 'roleRef')?.atomic, true);
  assert.deepEqual(at(builtinSemantics.forKind('apps/v1', 'StatefulSet'), 'spec.volumeClaimTemplates')?.list, { type: 'atomic' });
  assert.equal(at(builtinSemantics.forKind('v1', 'Secret'), 'data.x')?.bytes, true);
});

test('built-in: a kind it does not know still has ObjectMeta, and unknown lists are atomic', () => {
  const cr = builtinSemantics.forKind('example.com/v1', 'Widget');
  assert.equal(at(cr, 'metadata.labels')?.isMap, true);
  assert.equal(at(cr, 'spec.items'), undefined);
  assert.deepEqual(listSemanticsAt('example.com/v1', 'Widget', ['spec', 'items']), { type: 'atomic' });
});

test('a CRD: list types, map type, int-or-string, defaults; combined with the built-in table', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'rollouts.argoproj.io' },
    spec: {
      group: 'argoproj.io',
      names: { kind: 'Rollout', plural: 'rollouts' },
      versions: [{
        name: 'v1alpha1',
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  replicas: { type: 'integer', default: 1 },
                  selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
                  steps: { type: 'array', items: { type: 'object' } },
                  analysis: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } },
                  tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                  maxSurge: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                },
              },
            },
          },
        },
      }],
    },
  };
  const sem = semanticsFromOpenApi(crd);
  const r = sem.forKind('argoproj.io/v1alpha1', 'Rollout');
  assert.ok(r);
  assert.equal(at(r, 'spec.replicas')?.default, 1);
  assert.equal(at(r, 'spec.selector')?.atomic, true);
  assert.deepEqual(at(r, 'spec.steps')?.list, { type: 'atomic' });
  assert.deepEqual(at(r, 'spec.analysis')?.list, { type: 'map', keys: ['name'] });
  assert.deepEqual(at(r, 'spec.tags')?.list, { type: 'set' });
  assert.equal(at(r, 'spec.maxSurge')?.intOrString, true);
  assert.equal(sem.forKind('argoproj.io/v1alpha1', 'Other'), undefined);
  const both = combineSemantics(sem, builtinSemantics);
  assert.ok(both.forKind('apps/v1', 'Deployment'));
  assert.deepEqual(listSemanticsAt('argoproj.io/v1alpha1', 'Rollout', ['spec', 'analysis'], sem), { type: 'map', keys: ['name'] });
});

test('a bare openAPIV3Schema answers for the kind given, or any kind', () => {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } } } };
  assert.deepEqual(at(semanticsFromOpenApi(schema).forKind('x/v1', 'Anything'), 'spec.hosts')?.list, { type: 'set' });
  const one = semanticsFromOpenApi(schema, { group: 'x', version: 'v1', kind: 'Gateway' });
  assert.ok(one.forKind('x/v1', 'Gateway'));
  assert.equal(one.forKind('x/v1', 'Other'), undefined);
});

// ---------- from the test API server's /openapi/v3 ----------

let cluster: TestCluster;
before(async () => { cluster = await startTestCluster({ simulate: false, bootstrap: false }); });
after(async () => { await cluster.close(); });

function getJson(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, cluster.url);
    const req = request(url, { ca: cluster.caPem, headers: { authorization: `Bearer ${cluster.adminToken}`, accept: 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => {
        try { resolve(JSON.parse(body)); } catch (e) { reject(e); }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function docFor(key: string): Promise<unknown> {
  const index = await getJson('/openapi/v3') as { paths: Record<string, { serverRelativeURL: string }> };
  return getJson(index.paths[key]!.serverRelativeURL);
}

test('OpenAPI v3 documents of a server: apps/v1 and v1', async () => {
  const apps = semanticsFromOpenApi(await docFor('apis/apps/v1'));
  const d = apps.forKind('apps/v1', 'Deployment');
  assert.ok(d, 'Deployment found by x-kubernetes-group-version-kind');
  assert.deepEqual(at(d, 'spec.template.spec.containers')?.list, { type: 'map', keys: ['name'] });
  assert.deepEqual(at(d, 'spec.template.spec.containers.[].ports')?.list, { type: 'map', keys: ['containerPort', 'protocol'] });
  assert.deepEqual(at(d, 'spec.template.spec.tolerations')?.list, { type: 'atomic' });
  assert.equal(at(d, 'spec.selector')?.atomic, true);
  assert.equal(at(d, 'spec.template.spec.containers.[].resources.limits.cpu')?.quantity, true);
  assert.equal(at(d, 'spec.strategy.rollingUpdate.maxSurge')?.intOrString, true);
  const core = semanticsFromOpenApi(await docFor('api/v1'));
  assert.deepEqual(at(core.forKind('v1', 'Service'), 'spec.ports')?.list, { type: 'map', keys: ['port', 'protocol'] });
  assert.equal(at(core.forKind('v1', 'Secret'), 'data.x')?.bytes, true);
});
