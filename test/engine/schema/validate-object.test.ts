// Validation of rendered objects against OpenAPI v3 schemas: hand-made schema nodes, the test
// cluster's real built-in and CRD schemas, and the status pipeline on a copy of the shop repo.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateAgainstSchema } from '../../../src/engine/schema/validate-object.js';
import { workspaceStatus } from '../../../src/engine/status/app-status.js';
import type { JsonSchema } from '../../../src/engine/kube/openapi.js';
import type { KubeObject, SourceLocation } from '../../../src/engine/types.js';
import { startSyncEnv, type SyncEnv } from '../sync/env.js';

const str = { type: 'string' };
const int = { type: 'integer', format: 'int32' };
const quantity = { type: 'string', description: 'Quantity is a fixed-point representation of a number.' };
const container: JsonSchema = {
  type: 'object', required: ['name'],
  properties: {
    name: str, image: str,
    imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
    ports: { type: 'array', items: { type: 'object', properties: { containerPort: int, protocol: str, name: str } } },
    resources: { type: 'object', properties: { requests: { type: 'object', additionalProperties: quantity } } },
  },
};
const deployment: JsonSchema = {
  type: 'object',
  properties: {
    apiVersion: str, kind: str,
    metadata: { type: 'object', properties: { name: str, labels: { type: 'object', additionalProperties: str } } },
    spec: {
      type: 'object',
      properties: {
        replicas: { allOf: [int], description: 'wrapped the way OpenAPI v3 puts a description next to a $ref' },
        strategy: { type: 'object', properties: { rollingUpdate: { type: 'object', properties: { maxSurge: { 'x-kubernetes-int-or-string': true } } } } },
        template: { type: 'object', properties: { spec: { type: 'object', properties: { containers: { type: 'array', items: container } } } } },
      },
    },
    status: { type: 'object', properties: { replicas: int } },
  },
};

function deploy(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec, ...extra } as KubeObject;
}
const containers = (c: Record<string, unknown>) => ({ template: { spec: { containers: [{ name: 'web', image: 'nginx', ...c }] } } });
const messages = (o: KubeObject, s: JsonSchema = deployment) => validateAgainstSchema(o, s).map((p) => p.message);

describe('validateAgainstSchema (hand-made schemas)', () => {
  test('a valid object has no problems; int-or-string, quantities as numbers, status and managedFields are accepted', () => {
    const o = deploy({ replicas: 2, strategy: { rollingUpdate: { maxSurge: '25%' } }, ...containers({ resources: { requests: { cpu: 1, memory: '64Mi' } } }) },
      { status: { replicas: 'not checked' } });
    (o.metadata as Record<string, unknown>)['managedFields'] = [{ anything: true }];
    assert.deepEqual(messages(o), []);
    assert.deepEqual(messages(deploy({ strategy: { rollingUpdate: { maxSurge: 1 } } })), []);
  });

  test('unknown fields are named by their keyed path, as kubectl strict validation does', () => {
    const problems = validateAgainstSchema(deploy(containers({ imagePullPolicyy: 'Always' })), deployment);
    assert.deepEqual(problems.map((p) => [p.severity, p.message]),
      [['warning', 'Deployment web: unknown field "spec.template.spec.containers[name=web].imagePullPolicyy"']]);
    assert.deepEqual([problems[0]!.object?.group, problems[0]!.object?.kind, problems[0]!.object?.name], ['apps', 'Deployment', 'web']);
  });

  test('wrong types: string for integer, map for list, list for map, a bad int-or-string', () => {
    assert.deepEqual(messages(deploy({ replicas: '3' })), ['Deployment web: spec.replicas: expected integer, got string "3"']);
    assert.deepEqual(messages(deploy({ template: { spec: { containers: { name: 'web' } } } })),
      ['Deployment web: spec.template.spec.containers: expected list, got map']);
    assert.deepEqual(messages(deploy({ template: [] })), ['Deployment web: spec.template: expected map, got list']);
    assert.deepEqual(messages(deploy({ strategy: { rollingUpdate: { maxSurge: true } } })),
      ['Deployment web: spec.strategy.rollingUpdate.maxSurge: expected integer or string, got boolean true']);
    assert.deepEqual(messages(deploy({ replicas: 1.5 })), ['Deployment web: spec.replicas: expected integer, got number 1.5']);
  });

  test('enum violations and missing required fields are errors; a defaulted required field is not', () => {
    const problems = validateAgainstSchema(deploy({ template: { spec: { containers: [{ image: 'x', imagePullPolicy: 'Sometimes' }] } } }), deployment);
    assert.deepEqual(problems.map((p) => [p.severity, p.message]), [
      ['error', 'Deployment web: spec.template.spec.containers[0].name: Required value'],
      ['error', 'Deployment web: spec.template.spec.containers[0].imagePullPolicy: unsupported value "Sometimes"; supported values: "Always", "IfNotPresent", "Never"'],
    ]);
    assert.deepEqual(validateAgainstSchema(deploy(containers({ name: undefined })), deployment, {}, undefined, { checkRequired: false }), []);
    const withDefault: JsonSchema = { type: 'object', required: ['mode'], properties: { mode: { type: 'string', default: 'auto' } } };
    assert.deepEqual(messages({ apiVersion: 'x/v1', kind: 'K', metadata: { name: 'k' } }, { type: 'object', properties: { spec: withDefault } }), []);
  });

  test('preserve-unknown-fields and open maps accept anything; a schema that lists no fields checks none', () => {
    const s: JsonSchema = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { project: str } } } };
    assert.deepEqual(messages({ apiVersion: 'x/v1', kind: 'K', metadata: { name: 'k' }, spec: { anything: { deep: 1 } } } as KubeObject, s), []);
    assert.deepEqual(messages({ apiVersion: 'x/v1', kind: 'K', metadata: { name: 'k' }, spec: { project: 3 } } as KubeObject, s),
      ['K k: spec.project: expected string, got integer 3']);
    assert.deepEqual(messages({ apiVersion: 'x/v1', kind: 'K', metadata: { name: 'k' }, spec: { a: 1 } } as KubeObject, { type: 'object', properties: { spec: { type: 'object' } } }), []);
  });

  test('location: the field, else its nearest declared parent, else the fallback', () => {
    const base: SourceLocation = { file: 'base/deployment.yaml', line: 1 };
    const patch: SourceLocation = { file: 'overlays/prod/patch.yaml', line: 9, column: 11 };
    const o = deploy({ replicas: 'x', ...containers({ imagePullPolicyy: 'Always' }) });
    const problems = validateAgainstSchema(o, deployment, { 'spec.template.spec.containers[name=web]': patch }, base);
    assert.deepEqual(problems.map((p) => p.location), [base, patch]);
    assert.equal(validateAgainstSchema(o, deployment)[0]!.location, undefined);
  });

  test('at most maxProblems per object; Secret values are never shown', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`bad${i}`, i]));
    assert.equal(validateAgainstSchema(deploy(many), deployment).length, 20);
    assert.equal(validateAgainstSchema(deploy(many), deployment, {}, undefined, { maxProblems: 3 }).length, 3);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 12345 } } as KubeObject;
    const s: JsonSchema = { type: 'object', properties: { stringData: { type: 'object', additionalProperties: str } } };
    assert.deepEqual(messages(secret, s), ['Secret s: stringData.password: expected string, got integer']);
  });
});

describe('against the test cluster (real schemas) and the status pipeline', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv();
    const { report } = await env.sync('argocd-bootstrap'); // the Argo CD CRDs
    assert.equal(report.status, 'Succeeded');
  });
  after(async () => { await env?.close(); });

  const schemaOf = async (group: string, version: string, kind: string) => {
    const s = await env.client.openapi.schemaFor({ group, version, kind }, env.signal);
    assert.ok(s, `${group}/${version} ${kind} has a schema`);
    return s;
  };

  test('Deployment: a misspelled field and replicas as a string; the shop Deployment itself is clean', async () => {
    const s = await schemaOf('apps', 'v1', 'Deployment');
    const good = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{
          name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { requests: { cpu: 1, memory: '64Mi' } },
          env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        }] } },
      },
    } as unknown as KubeObject;
    assert.deepEqual(validateAgainstSchema(good, s), []);
    const bad = structuredClone(good) as unknown as { spec: { replicas: unknown; template: { spec: { containers: Array<Record<string, unknown>> } } } };
    bad.spec.replicas = '3';
    bad.spec.template.spec.containers[0]!['imagePullPolicyy'] = 'Always';
    assert.deepEqual(validateAgainstSchema(bad as unknown as KubeObject, s).map((p) => `${p.severity} ${p.message}`), [
      'error Deployment web: spec.replicas: expected integer, got string "3"',
      'warning Deployment web: unknown field "spec.template.spec.containers[name=web].imagePullPolicyy"',
    ]);
  });

  test('CRDs: a structural schema checks fields, enums and required; Argo CD\'s preserve-unknown schema lets fields through', async () => {
    await env.client.apply({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: {
          type: 'object',
          properties: { spec: { type: 'object', required: ['size'], properties: {
            size: { type: 'string', enum: ['small', 'large'] }, count: { type: 'integer' }, port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          } } },
        } } }],
      },
    } as unknown as KubeObject, { fieldManager: 'test' });
    env.client.openapi.invalidate();
    const widget = await schemaOf('example.com', 'v1', 'Widget');
    const w = (spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec }) as KubeObject;
    assert.deepEqual(validateAgainstSchema(w({ size: 'small', count: 2, port: 'http' }), widget), []);
    assert.deepEqual(validateAgainstSchema(w({ size: 'huge', colour: 'red', port: 8080 }), widget).map((p) => p.message), [
      'Widget w: spec.size: unsupported value "huge"; supported values: "small", "large"',
      'Widget w: unknown field "spec.colour"',
    ]);
    assert.deepEqual(validateAgainstSchema(w({ count: '2' }), widget).map((p) => p.message),
      ['Widget w: spec.size: Required value', 'Widget w: spec.count: expected integer, got string "2"']);

    const app = await schemaOf('argoproj.io', 'v1alpha1', 'Application');
    const a = (spec: Record<string, unknown>) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec }) as KubeObject;
    assert.deepEqual(validateAgainstSchema(a({ project: 'default', destination: { server: 'x' }, sourcee: { anything: 1 } }), app), []);
    assert.deepEqual(validateAgainstSchema(a({ destination: {} }), app).map((p) => p.message), ['Application a: spec.project: Required value']);
  });

  test('the unmodified shop repo has no schema problems; a typo in an overlay patch is reported at its file and line', async () => {
    const isSchemaProblem = (m: string) => /unknown field|: expected |Required value|unsupported value/.test(m);
    const clean = await workspaceStatus({ repoRoot: env.repo, signal: env.signal, client: env.client });
    const all = [...clean.problems, ...clean.apps.flatMap((a) => a.problems)];
    assert.ok(clean.apps.length > 5);
    assert.deepEqual(all.filter((p) => isSchemaProblem(p.message)), []);

    const file = 'apps/storefront/overlays/prod/deployment-patch.yaml';
    env.edit(file, (s) => s.replace('          env:\n', '          imagePullPolicyy: Always\n          env:\n').replace('replicas: 3', 'replicas: "3"'));
    const r = await workspaceStatus({ repoRoot: env.repo, signal: env.signal, client: env.client, apps: ['storefront'] });
    const found = r.apps[0]!.problems.filter((p) => isSchemaProblem(p.message));
    assert.deepEqual(found.map((p) => [p.severity, p.app, p.message, p.location?.file, p.location?.line]), [
      ['error', 'storefront', 'Deployment web: spec.replicas: expected integer, got string "3"', file, 6],
      ['warning', 'storefront', 'Deployment web: unknown field "spec.template.spec.containers[name=web].imagePullPolicyy"', file, 11],
    ]);
    assert.equal(found[0]!.object?.kind, 'Deployment');
  });
});
