// The drift-contract path grammar.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { renderPath } from '../../../src/engine/diff/index.js';

test('fields, quoted map keys, list-map items with keys sorted by name', () => {
  assert.equal(renderPath([{ f: 'spec' }, { f: 'replicas' }]), 'spec.replicas');
  assert.equal(renderPath([{ f: 'metadata' }, { f: 'labels' }, { f: 'app.kubernetes.io/part-of' }]), 'metadata.labels["app.kubernetes.io/part-of"]');
  assert.equal(renderPath([{ f: 'data' }, { f: 'CURRENCY_2' }]), 'data.CURRENCY_2');
  assert.equal(renderPath([{ f: 'data' }, { f: 'config.yaml' }]), 'data["config.yaml"]');
  assert.equal(
    renderPath([{ f: 'spec' }, { f: 'template' }, { f: 'spec' }, { f: 'containers' }, { k: { name: 'web' } }, { f: 'ports' }, { k: { protocol: 'UDP', containerPort: 9125 } }]),
    'spec.template.spec.containers[name=web].ports[containerPort=9125,protocol=UDP]',
  );
  assert.equal(renderPath([{ f: 'metadata' }, { f: 'annotations' }, { f: 'say "hi"' }]), 'metadata.annotations["say \\"hi\\""]');
});
