// Quantities compare by value as the API server canonicalises them.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isQuantity, quantityEqual } from '../../../src/engine/diff/index.js';

test('equal quantities in different spellings', () => {
  for (const [a, b] of [
    ['1000m', '1'], ['0.5', '500m'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['1000M', '1G'], ['100m', '0.1'],
    ['1e3', '1k'], ['128Mi', '134217728'], ['1Ki', '1024'], [1, '1'], [0.25, '250m'], ['2E', '2000P'], ['+1', '1'],
  ] as const) assert.ok(quantityEqual(a, b), `${a} = ${b}`);
});

test('different quantities', () => {
  for (const [a, b] of [['1G', '1Gi'], ['1', '2'], ['100m', '101m'], ['1Mi', '1M'], ['-1', '1']] as const) {
    assert.ok(!quantityEqual(a, b), `${a} ≠ ${b}`);
  }
});

test('sub-milli values round up to a milli-unit, as SetDefaults_ResourceList does', () => {
  assert.ok(quantityEqual('0.0001', '1m'));
  assert.ok(!quantityEqual('0.0011', '1m'));
  assert.ok(quantityEqual('0.0011', '2m'));
});

test('strings that are not quantities compare as text', () => {
  assert.ok(!isQuantity('lots'));
  assert.ok(!isQuantity('1 Gi'));
  assert.ok(quantityEqual('lots', 'lots'));
  assert.ok(!quantityEqual('lots', '1'));
});
