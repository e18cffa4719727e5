// The jq subset used by ignoreDifferences.jqPathExpressions, applied as del(expr).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { JqError, jqDelete, jqPaths } from '../../../src/engine/diff/index.js';

const deploy = () => ({
  metadata: { annotations: { 'a.b/c': 'x', keep: 'y' }, labels: { app: 'web' } },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'istio-init', image: 'i' }, { name: 'setup', image: 's' }],
        containers: [
          { name: 'web', image: 'web:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'sidecar', image: 'side:1' },
        ],
      },
    },
  },
  webhooks: [{ name: 'w1', clientConfig: { caBundle: 'xx' } }, { name: 'w2', clientConfig: {} }],
});

test('select by name, then a field', () => {
  const d = deploy();
  assert.equal(jqDelete('.spec.template.spec.containers[] | select(.name == "web") | .image', d), 1);
  assert.equal(d.spec.template.spec.containers[0]!.image, undefined);
  assert.equal(d.spec.template.spec.containers[1]!.image, 'side:1');
});

test('delete whole list items with select', () => {
  const d = deploy();
  jqDelete('.spec.template.spec.initContainers[] | select(.name == "istio-init")', d);
  assert.deepEqual(d.spec.template.spec.initContainers.map((c) => c.name), ['setup']);
});

test('nested iteration and several matches delete from the end', () => {
  const d = deploy();
  jqDelete('.spec.template.spec.containers[].env[] | select(.name == "A" or .name == "B")', d);
  assert.deepEqual(d.spec.template.spec.containers[0]!.env, []);
});

test('bracket keys, quoted field names, optional iteration', () => {
  const d = deploy();
  jqDelete('.metadata.annotations["a.b/c"]', d);
  assert.deepEqual(d.metadata.annotations, { keep: 'y' });
  const e = deploy();
  jqDelete('.metadata."labels".app', e);
  assert.deepEqual(e.metadata.labels, {});
  const w = deploy();
  jqDelete('.webhooks[]?.clientConfig.caBundle', w);
  assert.deepEqual(w.webhooks.map((x) => x.clientConfig), [{}, {}]);
});

test('functions in select', () => {
  const d = deploy();
  assert.equal(jqPaths('.spec.template.spec.containers[] | select(.name | startswith("side"))', d).length, 1);
  assert.equal(jqPaths('.spec.template.spec.containers[] | select(.image | test("^web:"))', d).length, 1);
  assert.equal(jqPaths('.spec.template.spec.containers[] | select(has("env") | not)', d).length, 1);
  assert.equal(jqPaths('.spec.template.spec.containers[] | select(.name != "web" and (.image | contains("side")))', d).length, 1);
});

test('missing paths select nothing; bad expressions throw', () => {
  assert.equal(jqDelete('.spec.nothing.here', deploy()), 0);
  assert.throws(() => jqPaths('.spec | map(.x)', deploy()), JqError);
  assert.throws(() => jqPaths('.spec[', deploy()), JqError);
});
