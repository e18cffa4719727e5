import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet, indexEl, keyEl, makePath, parseElement, pathString, serializeElement, valueEl } from './fieldpath.js';

// The §4.2 Apply entry plus an Update-style entry with `.` members, a set item, a multi-key item and an index.
const SAMPLE = {
  'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:finalizers': { '.': {}, 'v:"example.com/block"': {} } },
  'f:spec': {
    'f:replicas': {}, 'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
          },
        },
        'f:tolerations': { 'i:3': {} },
      },
    },
  },
};

describe('FieldsV1', () => {
  it('round-trips byte for byte', () => {
    const set = FieldSet.fromFieldsV1(SAMPLE);
    assert.equal(JSON.stringify(set.toFieldsV1()), JSON.stringify(SAMPLE));
  });

  it('sorts keys: fields, then keys, then values, then indices; `.` first', () => {
    const set = FieldSet.of(
      makePath('a', indexEl(1)), makePath('a', valueEl('x')), makePath('a', keyEl({ name: 'n' })), makePath('a', 'z'), makePath('a', 'b'),
      makePath('a'),
    );
    assert.deepEqual(Object.keys(set.toFieldsV1()['f:a'] as object), ['.', 'f:b', 'f:z', 'k:{"name":"n"}', 'v:"x"', 'i:1']);
  });

  it('reads members, non-members and leaves like the apiserver', () => {
    const set = FieldSet.fromFieldsV1({ 'f:a': { '.': {} }, 'f:b': { 'f:c': {} }, 'f:d': {}, 'x:unknown': {} });
    assert.ok(set.has(makePath('a')));
    assert.ok(!set.has(makePath('b')));
    assert.ok(set.has(makePath('b', 'c')));
    assert.ok(set.has(makePath('d')));
    assert.deepEqual(set.toFieldsV1(), { 'f:a': {}, 'f:b': { 'f:c': {} }, 'f:d': {} });
    assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': 3 }));
  });

  it('encodes key elements with sorted, compact, HTML-escaped JSON', () => {
    assert.equal(serializeElement(keyEl({ protocol: 'TCP', containerPort: 80 })), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(serializeElement(valueEl('a<b')), 'v:"a\\u003cb"');
    assert.deepEqual(parseElement('k:{"protocol":"TCP","containerPort":80}'), keyEl({ containerPort: 80, protocol: 'TCP' }));
    assert.equal(parseElement('z:1'), undefined);
  });
});

describe('path rendering', () => {
  it('renders fields, keys, set values and indices as in conflict messages', () => {
    assert.equal(pathString(makePath('spec', 'replicas')), '.spec.replicas');
    assert.equal(pathString(makePath('spec', 'template', 'spec', 'containers', keyEl({ name: 'app' }), 'image')),
      '.spec.template.spec.containers[name="app"].image');
    assert.equal(pathString(makePath('ports', keyEl({ protocol: 'TCP', containerPort: 80 }))), '.ports[containerPort=80,protocol="TCP"]');
    assert.equal(pathString(makePath('metadata', 'finalizers', valueEl('example.com/block'))), '.metadata.finalizers[="example.com/block"]');
    assert.equal(pathString(makePath('args', 3)), '.args[3]');
    assert.equal(pathString(makePath('metadata', 'labels', 'app')), '.metadata.labels.app');
  });
});

describe('FieldSet operations', () => {
  const a = FieldSet.of(makePath('spec', 'replicas'), makePath('spec', 'template'), makePath('spec', 'template', 'x'), makePath('m'));
  const b = FieldSet.of(makePath('spec', 'replicas'), makePath('spec', 'template', 'y'), makePath('n'));

  it('union, intersection and difference work per member', () => {
    assert.equal(a.union(b).toString(), ['.m', '.n', '.spec.replicas', '.spec.template', '.spec.template.x', '.spec.template.y'].join('\n'));
    assert.equal(a.intersection(b).toString(), '.spec.replicas');
    assert.equal(a.difference(b).toString(), ['.m', '.spec.template', '.spec.template.x'].join('\n'));
    assert.ok(a.difference(a).isEmpty());
    assert.ok(!a.isEmpty());
  });

  it('recursiveDifference drops everything below a member', () => {
    const r = a.recursiveDifference(FieldSet.of(makePath('spec', 'template')));
    assert.equal(r.toString(), ['.m', '.spec.replicas'].join('\n'));
  });

  it('iterates members before children at every level', () => {
    const s = FieldSet.of(makePath('spec', 'template', 'a'), makePath('spec', 'replicas'), makePath('apiVersion'));
    assert.deepEqual(s.paths().map(pathString), ['.apiVersion', '.spec.replicas', '.spec.template.a']);
  });

  it('does not share structure between results and inputs', () => {
    const c = a.union(b);
    c.insert(makePath('spec', 'template', 'z'));
    assert.ok(!a.has(makePath('spec', 'template', 'z')));
    assert.ok(!b.has(makePath('spec', 'template', 'z')));
  });
});
