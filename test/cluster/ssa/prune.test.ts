// Removal semantics with several appliers and an updater on items that have sub-items
// (the situations structured-merge-diff's multiple-appliers scenarios describe).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject } from '../api/types.js';
import type { SchemaNode } from '../schema/types.js';
import { serverSideApply } from './apply.js';
import { FieldSet } from './fieldpath.js';
import { recordUpdate } from './update-ownership.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    metadata: { type: 'object', properties: { name: { type: 'string' } } },
    groups: {
      type: 'array', listType: 'map', listMapKeys: ['name'],
      items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'array', listType: 'set', items: { type: 'string' } } } },
    },
  },
};

type Group = { name: string; value?: string[] };
const doc = (groups: Group[]): KObject => ({ metadata: { name: 'x' }, groups });

let clock = 0;
const now = () => `2025-01-01T10:${String(clock++ % 60).padStart(2, '0')}:00Z`;
const apply = (live: KObject | undefined, groups: Group[], manager: string) =>
  serverSideApply({ live, config: doc(groups), manager, force: false, schema, apiVersion: 'v1', now: now() }).object;
function update(live: KObject, groups: Group[], manager: string): KObject {
  const after: KObject = { ...doc(groups), metadata: { ...live.metadata } };
  after.metadata.managedFields = recordUpdate({ before: live, after, manager, apiVersion: 'v1', schema, now: now() });
  return after;
}

/** Each manager's set as rendered paths. */
function owned(o: KObject): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of o.metadata.managedFields ?? []) out[e.manager!] = FieldSet.fromFieldsV1(e.fieldsV1).toString().split('\n');
  return out;
}

describe('prune with items owned in part by others', () => {
  it('keeps an item another applier owns, dropping only the sub-items nobody else owns', () => {
    let o = apply(undefined, [{ name: 'a' }, { name: 'b', value: ['c'] }], 'one');
    o = apply(o, [{ name: 'b', value: ['d'] }], 'two');
    o = update(o, [{ name: 'a' }, { name: 'b', value: ['c', 'd', 'e'] }], 'controller');
    o = apply(o, [{ name: 'a' }], 'one');
    assert.deepEqual(o.groups, [{ name: 'a' }, { name: 'b', value: ['d', 'e'] }]);
    assert.deepEqual(owned(o), {
      one: ['.groups[name="a"]', '.groups[name="a"].name'],
      two: ['.groups[name="b"]', '.groups[name="b"].name', '.groups[name="b"].value[="d"]'],
      controller: ['.groups[name="b"].value[="e"]'],
    });
  });

  it('removes a whole item its only applier dropped, even when an updater owns a sub-item', () => {
    let o = apply(undefined, [{ name: 'a' }, { name: 'b', value: ['c'] }], 'one');
    o = apply(o, [{ name: 'a', value: ['b'] }], 'two');
    o = update(o, [{ name: 'a', value: ['b'] }, { name: 'b', value: ['c', 'd'] }], 'controller');
    o = apply(o, [{ name: 'a' }], 'one');
    assert.deepEqual(o.groups, [{ name: 'a', value: ['b'] }]);
    assert.deepEqual(owned(o), {
      one: ['.groups[name="a"]', '.groups[name="a"].name'],
      two: ['.groups[name="a"]', '.groups[name="a"].name', '.groups[name="a"].value[="b"]'],
    });
  });

  it('keeps an item and sub-item a second applier applies', () => {
    let o = apply(undefined, [{ name: 'a' }, { name: 'b', value: ['c'] }], 'one');
    o = apply(o, [{ name: 'b', value: ['d'] }], 'two');
    o = apply(o, [{ name: 'a' }], 'one');
    assert.deepEqual(o.groups, [{ name: 'a' }, { name: 'b', value: ['d'] }]);
  });

  it('keeps an updater\'s field when the applier nulls the struct it applied', () => {
    const structSchema: SchemaNode = { type: 'object', properties: {
      metadata: { type: 'object', properties: { name: { type: 'string' } } },
      struct: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'integer' } } },
    } };
    const run = (live: KObject | undefined, struct: unknown) =>
      serverSideApply({ live, config: { metadata: { name: 'x' }, struct }, manager: 'default', force: false, schema: structSchema, apiVersion: 'v1', now: now() }).object;
    const o1 = run(undefined, { name: 'a' });
    const o2: KObject = { ...o1, struct: { name: 'a', value: 1 } };
    o2.metadata = { ...o1.metadata, managedFields: recordUpdate({ before: o1, after: o2, manager: 'controller', apiVersion: 'v1', schema: structSchema, now: now() }) };
    assert.deepEqual(run(o2, null).struct, { value: 1 });
    assert.deepEqual(run(o2, {}).struct, { value: 1 });
  });
});
