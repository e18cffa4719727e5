import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SchemaNode } from '../schema/types.js';
import { compareObjects } from './compare.js';
import { mergeValues } from './merge.js';
import { removePaths } from './remove.js';
import { FieldSet, keyEl, makePath } from './fieldpath.js';
import { APPLIED_NULL, dropSentinels } from './values.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    tags: { type: 'array', listType: 'set', items: { type: 'string' } },
    args: { type: 'array', items: { type: 'string' } },
    items: {
      type: 'array', listType: 'map', listMapKeys: ['k'],
      items: { type: 'object', properties: { k: { type: 'string' }, v: { type: 'integer' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    },
    sel: { type: 'object', mapType: 'atomic', properties: { a: { type: 'string' }, b: { type: 'string' } } },
    n: { type: 'integer' },
  },
};
const m = (live: unknown, config: unknown) => dropSentinels(mergeValues(live, config, schema));
const ks = (...names: string[]) => names.map((k) => ({ k }));

describe('mergeValues', () => {
  it('orders set and map lists: live-only items stay put, config items follow the config order', () => {
    assert.deepEqual(m({ tags: ['x', 'y', 'z'] }, { tags: ['z', 'w'] }), { tags: ['x', 'y', 'z', 'w'] });
    assert.deepEqual(m({ tags: ['p', 'q', 'r', 's'] }, { tags: ['s', 't', 'p'] }), { tags: ['q', 'r', 's', 't', 'p'] });
    assert.deepEqual(m({ items: ks('k1', 'k2', 'k3') }, { items: ks('k3', 'k1') }), { items: ks('k2', 'k3', 'k1') });
    assert.deepEqual(m({ tags: ['a'] }, { tags: [] }), { tags: ['a'] });
  });

  it('merges list-map items field by field and replaces atomic nodes', () => {
    assert.deepEqual(
      m({ items: [{ k: 'a', v: 1, labels: { x: '1' } }], args: ['1', '2'], sel: { a: '1', b: '2' } },
        { items: [{ k: 'a', labels: { y: '2' } }], args: ['3'], sel: { a: '9' } }),
      { items: [{ k: 'a', v: 1, labels: { x: '1', y: '2' } }], args: ['3'], sel: { a: '9' } });
  });

  it('marks a config null as droppable unless live had null', () => {
    assert.equal((mergeValues({ n: 1 }, { n: null }, schema) as Record<string, unknown>).n, APPLIED_NULL);
    assert.equal((mergeValues({ n: null }, { n: null }, schema) as Record<string, unknown>).n, null);
  });
});

describe('compareObjects', () => {
  it('reports leaves, and maps or items that appear or vanish as nodes too', () => {
    const c = compareObjects(
      { n: 1, items: [{ k: 'a', v: 1 }, { k: 'gone', v: 2 }], sel: { a: '1' } },
      { n: 2, items: [{ k: 'a', v: 1, labels: { x: '1' } }, { k: 'new' }], sel: { a: '1' } }, schema);
    assert.equal(c.modified.toString(), '.n');
    assert.equal(c.added.toString(), ['.items[k="new"]', '.items[k="a"].labels', '.items[k="a"].labels.x', '.items[k="new"].k'].join('\n'));
    assert.equal(c.removed.toString(), ['.items[k="gone"]', '.items[k="gone"].k', '.items[k="gone"].v'].join('\n'));
  });

  it('compares atomic nodes as whole values, and treats null as absent only when asked', () => {
    assert.equal(compareObjects({ sel: { a: '1' } }, { sel: { a: '1', b: '2' } }, schema).modified.toString(), '.sel');
    assert.equal(compareObjects({}, { n: null }, schema).added.toString(), '.n');
    assert.ok(compareObjects({}, { n: null }, schema, { nullIsAbsent: true }).added.isEmpty());
  });
});

describe('removePaths', () => {
  it('removes whole items for member paths and descends for deeper ones', () => {
    const v = { items: [{ k: 'a', v: 1, labels: { x: '1', y: '2' } }, { k: 'b' }], n: 3 };
    const set = FieldSet.of(makePath('items', keyEl({ k: 'b' })), makePath('items', keyEl({ k: 'a' }), 'labels', 'x'), makePath('n'));
    assert.deepEqual(dropSentinels(removePaths(v, set, schema)), { items: [{ k: 'a', v: 1, labels: { y: '2' } }] });
    // A map emptied by removal disappears.
    assert.deepEqual(dropSentinels(removePaths({ items: [{ k: 'a', labels: { x: '1' } }] }, FieldSet.of(makePath('items', keyEl({ k: 'a' }), 'labels', 'x')), schema)), { items: [{ k: 'a' }] });
  });
});
