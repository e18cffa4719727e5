import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorBody, invalid } from '../api/errors.js';
import type { JsonObject } from '../api/types.js';
import {
  applySchemaDefaults, crdVersions, customResourceSchema, pruneUnknownFields, schemaFromJSONSchemaProps, validateAgainstSchema,
} from './crd.js';
import { objectMetaSchema } from './builtin.js';

const GVK = { group: 'example.com', version: 'v1', kind: 'Widget' };

const WIDGET: JsonObject = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        replicas: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        mode: { type: 'string', enum: ['fast', 'slow'], default: 'fast' },
        name: { type: 'string', maxLength: 5, minLength: 2 },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2, minItems: 1, 'x-kubernetes-list-type': 'set' },
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer', default: 3 } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' },
        raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        strict: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
        nested: { type: 'object', default: {}, properties: { inner: { type: 'string', default: 'deep' } } },
        opt: { type: 'string', nullable: true },
        plain: { type: 'string' },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const schema = () => customResourceSchema(WIDGET, GVK);

test('converts JSONSchemaProps with the x-kubernetes extensions', () => {
  const s = schema();
  assert.deepEqual(s.gvk, GVK);
  assert.equal(s.name, 'com.example.v1.Widget');
  assert.equal(s.properties!.metadata!.name, objectMetaSchema().name);
  assert.equal(s.properties!.metadata!.properties, objectMetaSchema().properties, 'a described view of the shared ObjectMeta');
  assert.equal(s.properties!.apiVersion!.type, 'string');
  const spec = s.properties!.spec!;
  assert.deepEqual(spec.required, ['url']);
  assert.equal(spec.properties!.port!.type, 'int-or-string');
  assert.equal(spec.properties!.port!.intOrString, true);
  assert.equal(spec.properties!.tags!.listType, 'set');
  assert.deepEqual([spec.properties!.items!.listType, spec.properties!.items!.listMapKeys], ['map', ['name']]);
  assert.equal(spec.properties!.labels!.mapType, 'atomic');
  assert.equal(spec.properties!.labels!.additionalProperties!.type, 'string');
  assert.equal(spec.properties!.raw!.preserveUnknownFields, true);
  assert.equal(spec.properties!.template!.embeddedResource, true);
  assert.equal(spec.properties!.template!.properties!.metadata, objectMetaSchema());
  assert.deepEqual(spec.properties!.mode!.enum, ['fast', 'slow']);
  assert.equal(spec.properties!.replicas!.default, 1);
  assert.equal(spec.properties!.opt!.nullable, true);
  assert.equal(schemaFromJSONSchemaProps({ 'x-kubernetes-preserve-unknown-fields': true }).type, 'any');
});

test('crdVersions reads every version with its served flag', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced',
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: WIDGET } },
        { name: 'v0', served: false, storage: false },
      ],
    },
  };
  const vs = crdVersions(crd);
  assert.deepEqual(vs.map((v) => [v.version, v.served, v.storage]), [['v1', true, true], ['v0', false, false]]);
  assert.equal(vs[1]!.schema.preserveUnknownFields, true, 'no schema keeps everything');
});

test('pruning drops unknown fields and reports sorted paths', () => {
  const obj = {
    apiVersion: 'example.com/v1', kind: 'Widget',
    metadata: { name: 'w', labels: { a: 'b' }, bogus: 1 },
    spec: {
      url: 'https://x', extra: true,
      items: [{ name: 'a', bar: 1 }, { name: 'b' }],
      raw: { anything: { goes: 1 }, known: { a: 'x', dropped: 2 } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { whatever: 1 } },
      strict: { apiVersion: 'v1', kind: 'X', spec: { x: 'ok', y: 'no' }, other: 1 },
      labels: { k: 'v' },
    },
    status: { ready: true, phase: 'x' },
    top: 1,
  };
  const { object, unknown } = pruneUnknownFields(obj, schema());
  assert.deepEqual(unknown, [
    'metadata.bogus', 'spec.extra', 'spec.items[0].bar', 'spec.raw.known.dropped', 'spec.strict.other', 'spec.strict.spec.y',
    'spec.template.metadata.junk', 'status.phase', 'top',
  ]);
  assert.deepEqual(object, {
    apiVersion: 'example.com/v1', kind: 'Widget',
    metadata: { name: 'w', labels: { a: 'b' } },
    spec: {
      url: 'https://x',
      items: [{ name: 'a' }, { name: 'b' }],
      raw: { anything: { goes: 1 }, known: { a: 'x' } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { whatever: 1 } },
      strict: { apiVersion: 'v1', kind: 'X', spec: { x: 'ok' } },
      labels: { k: 'v' },
    },
    status: { ready: true },
  });
  assert.equal((obj.spec as Record<string, unknown>).extra, true, 'input untouched');
});

test('a schema-less CRD keeps everything', () => {
  const s = customResourceSchema(undefined, GVK);
  const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { a: [{ b: 1 }] } };
  assert.deepEqual(pruneUnknownFields(obj, s), { object: obj, unknown: [] });
});

test('defaulting fills missing fields recursively, including inside new defaults and list items', () => {
  const out = applySchemaDefaults({ metadata: { name: 'w' }, spec: { url: 'http://a', items: [{ name: 'a' }, { name: 'b', size: 9 }] } }, schema());
  assert.deepEqual(out.spec, {
    url: 'http://a', replicas: 1, mode: 'fast', nested: { inner: 'deep' },
    items: [{ name: 'a', size: 3 }, { name: 'b', size: 9 }],
  });
  assert.deepEqual(out.metadata, { name: 'w' });
});

test('defaulting replaces non-nullable nulls and drops those without default', () => {
  const input: { spec: Record<string, unknown> } = { spec: { url: 'x', replicas: null, opt: null, plain: null, labels: { k: null } } };
  const { spec } = applySchemaDefaults(input, schema());
  assert.equal(spec.replicas, 1);
  assert.equal(spec.opt, null, 'nullable keeps null');
  assert.ok(!('plain' in spec), 'non-nullable null without default is dropped');
  assert.deepEqual(spec.labels, { k: null }, 'map values keep nulls');
  assert.equal(input.spec.replicas, 1, 'defaults in place');
  const shared = applySchemaDefaults({ spec: { url: 'x' } }, schema());
  (shared.spec as unknown as { nested: { inner: string } }).nested.inner = 'changed';
  assert.deepEqual(applySchemaDefaults({ spec: { url: 'x' } }, schema()).spec, { url: 'x', replicas: 1, mode: 'fast', nested: { inner: 'deep' } }, 'defaults are copies');
});

test('validation: type errors with upstream wording', () => {
  const errs = validateAgainstSchema({ spec: { url: 'http://a', replicas: 'string' } }, schema());
  assert.equal(errs.length, 1);
  assert.equal(`${errs[0]!.field}: ${fieldErrorBody(errs[0]!)}`,
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
  const e2 = validateAgainstSchema({ spec: { url: 'http://a', replicas: 1.5, port: true, tags: 'x' } }, schema());
  assert.deepEqual(e2.map((e) => `${e.field}: ${fieldErrorBody(e)}`), [
    'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
    'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    'spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"',
  ]);
});

test('validation: required, enum, bounds, pattern, lengths, items', () => {
  const errs = validateAgainstSchema({
    spec: { replicas: 11, mode: 'medium', name: 'toolong', tags: [], items: [{ name: 1 }], port: 'http' },
  }, schema());
  const lines = errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  assert.deepEqual(lines, [
    'spec.url: Required value',
    'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
    'spec.mode: Unsupported value: "medium": supported values: "fast", "slow"',
    'spec.name: Too long: may not be longer than 5',
    'spec.tags: Invalid value: []: spec.tags in body should have at least 1 items',
    'spec.items[0].name: Invalid value: "integer": spec.items[0].name in body must be of type string: "integer"',
  ]);
  const more = validateAgainstSchema({ spec: { url: 'ftp://x', replicas: 0, name: 'a', tags: ['a', 'b', 'c'] } }, schema());
  assert.deepEqual(more.map((e) => `${e.field}: ${fieldErrorBody(e)}`), [
    'spec.url: Invalid value: "ftp://x": spec.url in body should match \'^https?://\'',
    'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    'spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long',
    'spec.tags: Too many: must have at most 2 items',
  ]);
  assert.equal(more[3]!.value, 3);
});

test('validation: nullable, metadata skipped, root path prefix, clean objects pass', () => {
  assert.deepEqual(validateAgainstSchema({ metadata: { name: 5 }, spec: { url: 'http://a', opt: null } }, schema()), []);
  const errs = validateAgainstSchema({ spec: { url: 'http://a', plain: null } }, schema());
  assert.equal(`${errs[0]!.field}: ${fieldErrorBody(errs[0]!)}`, 'spec.plain: Invalid value: "null": spec.plain in body must be of type string: "null"');
  const sub = validateAgainstSchema({ url: 'http://a', replicas: 'x' }, schema().properties!.spec!, 'spec');
  assert.equal(sub[0]!.field, 'spec.replicas');
  const msg = invalid({ group: 'example.com', kind: 'Widget' }, 'w', validateAgainstSchema({ spec: {} }, schema())).message;
  assert.equal(msg, 'Widget.example.com "w" is invalid: spec.url: Required value');
});
