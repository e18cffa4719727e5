import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../api/types.js';
import { createSchemaRegistry } from './registry.js';
import { builtinSchema } from './builtin.js';

function crd(name: string, versions: Array<{ name: string; served: boolean; schema?: unknown }>): KObject {
  const [plural, ...g] = name.split('.');
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name },
    spec: {
      group: g.join('.'), scope: 'Namespaced', names: { kind: 'Application', plural, singular: 'application' },
      versions: versions.map((v) => ({ name: v.name, served: v.served, storage: v.name === versions[0]!.name, ...(v.schema ? { schema: { openAPIV3Schema: v.schema } } : {}) })),
    },
  };
}

test('answers built-ins and served CRD versions; unregister forgets them', () => {
  const reg = createSchemaRegistry();
  assert.equal(reg.forKind('apps', 'v1', 'Deployment'), builtinSchema('apps', 'v1', 'Deployment'));
  assert.equal(reg.forKind('argoproj.io', 'v1alpha1', 'Application'), undefined);
  reg.registerCrd(crd('applications.argoproj.io', [
    { name: 'v1alpha1', served: true, schema: { type: 'object', properties: { spec: { type: 'object', properties: { project: { type: 'string' } } } } } },
    { name: 'v1beta1', served: false },
    { name: 'v1', served: true },
  ]));
  const s = reg.forKind('argoproj.io', 'v1alpha1', 'Application')!;
  assert.deepEqual(s.gvk, { group: 'argoproj.io', version: 'v1alpha1', kind: 'Application' });
  assert.equal(s.properties!.spec!.properties!.project!.type, 'string');
  assert.equal(reg.forKind('argoproj.io', 'v1beta1', 'Application'), undefined, 'not served');
  assert.equal(reg.forKind('argoproj.io', 'v1', 'Application')!.preserveUnknownFields, true, 'no schema: anything goes');
  reg.unregisterCrd('applications.argoproj.io');
  assert.equal(reg.forKind('argoproj.io', 'v1alpha1', 'Application'), undefined);
});

test('re-registering replaces the schemas (new nodes)', () => {
  const reg = createSchemaRegistry();
  reg.registerCrd(crd('widgets.example.com', [{ name: 'v1', served: true, schema: { type: 'object', properties: { a: { type: 'string' } } } }]));
  const first = reg.forKind('example.com', 'v1', 'Application')!;
  reg.registerCrd(crd('widgets.example.com', [{ name: 'v1', served: true, schema: { type: 'object', properties: { b: { type: 'string' } } } }]));
  const second = reg.forKind('example.com', 'v1', 'Application')!;
  assert.notEqual(first, second);
  assert.ok(second.properties!.b && !second.properties!.a);
});
