// plumb-live: URIs round-trip every object identity; the YAML drops managedFields and masks Secrets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { livePath, liveUnavailable, liveYaml, refOfLivePath, SECRET_VALUE_MASK } from '../../src/ui-model/live-document.js';
import type { KubeObject, ObjectRef } from '../../src/engine/types.js';

test('live path: core and grouped kinds, cluster-scoped, odd names round-trip', () => {
  const refs: ObjectRef[] = [
    { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'web-config' },
    { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
    { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:aggregate/view' },
    { group: 'core', kind: 'Weird', namespace: '_', name: 'a b%c' },
  ];
  assert.equal(livePath(refs[0]!), '/core/ConfigMap/shop/web-config.yaml');
  assert.equal(livePath(refs[2]!), '/rbac.authorization.k8s.io/ClusterRole/_/system%3Aaggregate%2Fview.yaml');
  for (const r of refs.slice(0, 3)) assert.deepEqual(refOfLivePath(livePath(r)), r);
  assert.equal(refOfLivePath('/nope'), undefined);
});

test('live YAML: managedFields dropped, other metadata kept, the input untouched', () => {
  const o: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', managedFields: [{ manager: 'kubectl' }], labels: { a: 'b' } }, data: { k: 'v' } };
  const y = parse(liveYaml(o)) as KubeObject;
  assert.equal(y.metadata?.managedFields, undefined);
  assert.deepEqual(y.metadata?.labels, { a: 'b' });
  assert.deepEqual(y['data'], { k: 'v' });
  assert.equal(o.metadata?.managedFields?.length, 1);
});

test('live YAML: a Secret shows its keys, never its values (data, stringData, last-applied)', () => {
  const s: KubeObject = {
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"p":"plain"}}', keep: 'me' } },
    data: { p: Buffer.from('plain').toString('base64'), q: 'eHl6' }, stringData: { r: 'also-plain' },
  };
  const text = liveYaml(s);
  for (const v of ['plain', 'cGxhaW4=', 'eHl6', 'also-plain']) assert.ok(!text.includes(v), v);
  const y = parse(text) as KubeObject;
  assert.deepEqual(y['data'], { p: SECRET_VALUE_MASK, q: SECRET_VALUE_MASK });
  assert.deepEqual(y['stringData'], { r: SECRET_VALUE_MASK });
  assert.equal(y.metadata?.annotations?.['keep'], 'me');
  assert.match(liveUnavailable({ group: '', kind: 'ConfigMap', namespace: 'n', name: 'c' }, 'not in the cluster'), /^# ConfigMap n\/c: not in the cluster/);
});
