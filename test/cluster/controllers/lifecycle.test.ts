// Bootstrap objects, namespace lifecycle, garbage collection and CRD cleanup, against a real Cluster.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ResourceRegistry } from '../api/registry.js';
import type { KObject } from '../api/types.js';
import { Cluster } from '../core/cluster.js';
import { Store } from '../store/store.js';
import { startControllers } from './index.js';
import { deployment, dig, harness, sleep, waitFor, type Harness } from './test-helpers.js';

let h: Harness | undefined;
afterEach(() => { h?.stop(); h = undefined; });

const cm = (name: string, ns = 'default', extra: Partial<KObject['metadata']> = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...extra }, data: { a: '1' } });

describe('bootstrap', () => {
  it('creates the system namespaces, the kubernetes Service and per-namespace objects', () => {
    h = harness({ simulate: false });
    const names = h.list('', 'namespaces').map((n) => n.metadata.name).sort();
    assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const svc = h.get('', 'services', 'default', 'kubernetes');
    assert.equal(dig(svc, 'spec', 'clusterIP'), '10.96.0.1');
    assert.deepEqual(dig(svc, 'spec', 'ports'), [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    assert.deepEqual(svc?.metadata.labels, { component: 'apiserver', provider: 'kubernetes' });
    for (const ns of names) {
      assert.ok(h.get('', 'serviceaccounts', ns, 'default'), `default SA in ${ns}`);
      const ca = h.get('', 'configmaps', ns, 'kube-root-ca.crt');
      assert.equal(dig(ca, 'data', 'ca.crt'), 'PEM');
      assert.equal(ca?.metadata.managedFields?.[0]?.manager, 'kube-controller-manager');
    }
    const sc = h.get('storage.k8s.io', 'storageclasses', undefined, 'standard');
    assert.equal(sc?.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
    assert.ok(h.get('rbac.authorization.k8s.io', 'clusterroles', undefined, 'cluster-admin'));
  });

  it('a new namespace gets its objects synchronously, and again after they are deleted', async () => {
    h = harness({ simulate: false });
    h.create('', 'namespaces', undefined, { metadata: { name: 'demo' } });
    assert.ok(h.get('', 'serviceaccounts', 'demo', 'default'));
    assert.ok(h.get('', 'configmaps', 'demo', 'kube-root-ca.crt'));
    h.cluster.delete(h.t('', 'configmaps'), 'demo', 'kube-root-ca.crt', {});
    await waitFor(() => h!.get('', 'configmaps', 'demo', 'kube-root-ca.crt'), 'kube-root-ca.crt re-created');
  });

  it('without bootstrap only the namespaces exist', () => {
    h = harness({ bootstrap: false, simulate: false });
    assert.equal(h.list('', 'namespaces').length, 4);
    assert.equal(h.list('', 'services').length, 0);
    assert.equal(h.list('', 'configmaps').length, 0);
  });

  it('is idempotent: a restart over the same store writes nothing', () => {
    const store = new Store();
    const first = startControllers(new Cluster(store, new ResourceRegistry()), { simulate: false, bootstrap: true, caPem: 'PEM' });
    first.stop();
    const rv = store.resourceVersion;
    const second = startControllers(new Cluster(store, new ResourceRegistry()), { simulate: false, bootstrap: true, caPem: 'PEM' });
    second.stop();
    assert.equal(store.resourceVersion, rv);
  });
});

describe('namespace lifecycle', () => {
  it('deletes the content, then the namespace', async () => {
    h = harness({ simulate: false });
    h.create('', 'namespaces', undefined, { metadata: { name: 'demo' } });
    h.create('', 'configmaps', 'demo', cm('c1', 'demo'));
    const deleted = h.cluster.delete(h.t('', 'namespaces'), undefined, 'demo', {});
    assert.equal(dig(deleted.object, 'status', 'phase'), 'Terminating');
    await waitFor(() => !h!.get('', 'namespaces', undefined, 'demo'), 'namespace demo gone');
    assert.equal(h.list('', 'configmaps', 'demo').length, 0);
  });

  it('goes away with running workloads in it (the simulator cannot re-create into it)', async () => {
    h = harness({ simulate: true });
    h.create('', 'namespaces', undefined, { metadata: { name: 'shop' } });
    h.create('apps', 'deployments', 'shop', { ...deployment('web', 2), metadata: { name: 'web', namespace: 'shop' } });
    await waitFor(() => dig(h!.get('apps', 'deployments', 'shop', 'web'), 'status', 'availableReplicas') === 2, 'web available');
    h.cluster.delete(h.t('', 'namespaces'), undefined, 'shop', {});
    await waitFor(() => !h!.get('', 'namespaces', undefined, 'shop'), 'namespace shop gone');
    await sleep(30);
    for (const gr of h.cluster.store.resources()) assert.equal(h.cluster.store.list(gr, 'shop').length, 0, `${gr} left in shop`);
  });

  it('waits for finalizers of its content and reports them in conditions', async () => {
    h = harness({ simulate: false });
    h.create('', 'namespaces', undefined, { metadata: { name: 'demo' } });
    h.create('', 'configmaps', 'demo', cm('c1', 'demo', { finalizers: ['example.com/block'] }));
    h.cluster.delete(h.t('', 'namespaces'), undefined, 'demo', {});
    const ns = await waitFor(() => {
      const n = h!.get('', 'namespaces', undefined, 'demo');
      const conds = dig(n, 'status', 'conditions') as Array<{ type: string; message: string }> | undefined;
      return conds?.find((c) => c.type === 'NamespaceFinalizersRemaining') ? n : undefined;
    }, 'finalizer conditions');
    const conds = dig(ns, 'status', 'conditions') as Array<{ type: string; status: string; message: string }>;
    assert.deepEqual(conds.map((c) => c.type), ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure',
      'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining']);
    assert.equal(conds[3]!.message, 'Some resources are remaining: configmaps. has 1 resource instances');
    assert.equal(conds[4]!.message, 'Some content in the namespace has finalizers remaining: example.com/block in 1 resource instances');
    await sleep(50);
    assert.ok(h.get('', 'namespaces', undefined, 'demo'), 'namespace went away while a finalizer remained');
    const c1 = h.get('', 'configmaps', 'demo', 'c1')!;
    assert.ok(c1.metadata.deletionTimestamp);
    h.cluster.removeFinalizer(h.t('', 'configmaps'), c1, 'example.com/block');
    await waitFor(() => !h!.get('', 'namespaces', undefined, 'demo'), 'namespace demo gone');
  });
});

describe('garbage collection', () => {
  const owned = (name: string, owner: KObject, block = true): KObject => cm(name, 'default', {
    ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name!, uid: owner.metadata.uid!, blockOwnerDeletion: block }],
  });

  it('Background: dependents go after the owner', async () => {
    h = harness({ simulate: false });
    const owner = h.create('', 'configmaps', 'default', cm('owner'));
    h.create('', 'configmaps', 'default', owned('dep1', owner));
    const grand = h.create('', 'configmaps', 'default', owned('dep2', owner));
    h.create('', 'configmaps', 'default', owned('grandchild', grand));
    h.cluster.delete(h.t('', 'configmaps'), 'default', 'owner', { propagationPolicy: 'Background' });
    await waitFor(() => !h!.get('', 'configmaps', 'default', 'dep1') && !h!.get('', 'configmaps', 'default', 'grandchild'), 'dependents collected');
    assert.equal(h.get('', 'configmaps', 'default', 'dep2'), undefined);
  });

  it('a dependent with another live owner only loses the dead reference', async () => {
    h = harness({ simulate: false });
    const a = h.create('', 'configmaps', 'default', cm('a'));
    const b = h.create('', 'configmaps', 'default', cm('b'));
    const dep = owned('dep', a);
    dep.metadata.ownerReferences!.push({ apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: b.metadata.uid! });
    h.create('', 'configmaps', 'default', dep);
    h.cluster.delete(h.t('', 'configmaps'), 'default', 'a', {});
    const d = await waitFor(() => {
      const x = h!.get('', 'configmaps', 'default', 'dep');
      return x && x.metadata.ownerReferences?.length === 1 ? x : undefined;
    }, 'the reference to a removed');
    assert.equal(d.metadata.ownerReferences![0]!.name, 'b');
  });

  it('Foreground: the owner waits for blocking dependents, then goes', async () => {
    h = harness({ simulate: false });
    const owner = h.create('', 'configmaps', 'default', cm('owner'));
    h.create('', 'configmaps', 'default', { ...owned('dep', owner), metadata: { ...owned('dep', owner).metadata, finalizers: ['example.com/hold'] } });
    h.cluster.delete(h.t('', 'configmaps'), 'default', 'owner', { propagationPolicy: 'Foreground' });
    const dep = await waitFor(() => { const d = h!.get('', 'configmaps', 'default', 'dep'); return d?.metadata.deletionTimestamp ? d : undefined; }, 'dependent deleting');
    // Deleted in foreground too; having no dependents of its own, it soon keeps only its own finalizer.
    await waitFor(() => h!.get('', 'configmaps', 'default', 'dep')?.metadata.finalizers?.join() === 'example.com/hold', 'dependent foregroundDeletion finalizer handled');
    await sleep(30);
    const o = h.get('', 'configmaps', 'default', 'owner');
    assert.ok(o?.metadata.finalizers?.includes('foregroundDeletion'), 'owner must wait for its dependent');
    h.cluster.removeFinalizer(h.t('', 'configmaps'), dep, 'example.com/hold');
    await waitFor(() => !h!.get('', 'configmaps', 'default', 'owner'), 'owner removed after its dependent');
    assert.equal(h.get('', 'configmaps', 'default', 'dep'), undefined);
  });

  it('Orphan: dependents lose the reference and stay', async () => {
    h = harness({ simulate: false });
    const owner = h.create('', 'configmaps', 'default', cm('owner'));
    h.create('', 'configmaps', 'default', owned('dep', owner));
    h.cluster.delete(h.t('', 'configmaps'), 'default', 'owner', { propagationPolicy: 'Orphan' });
    await waitFor(() => !h!.get('', 'configmaps', 'default', 'owner'), 'owner removed');
    const dep = h.get('', 'configmaps', 'default', 'dep');
    assert.ok(dep, 'dependent deleted despite Orphan');
    assert.equal(dep.metadata.ownerReferences, undefined);
  });

  it('an object whose owner never existed is collected', async () => {
    h = harness({ simulate: false });
    h.create('', 'configmaps', 'default', cm('stray', 'default', {
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' }],
    }));
    await waitFor(() => !h!.get('', 'configmaps', 'default', 'stray'), 'stray collected');
  });
});

describe('CRD deletion', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };

  it('deletes the custom resources (honouring finalizers), then the CRD', async () => {
    h = harness({ simulate: false });
    h.create('apiextensions.k8s.io', 'customresourcedefinitions', undefined, structuredClone(crd));
    const wt = h.t('example.com', 'widgets');
    h.cluster.create(wt, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } }, { manager: 'test' });
    h.cluster.create(wt, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2', finalizers: ['example.com/x'] } }, { manager: 'test' });
    h.cluster.delete(h.t('apiextensions.k8s.io', 'customresourcedefinitions'), undefined, 'widgets.example.com', {});
    await waitFor(() => !h!.cluster.tryGet(wt, 'default', 'w1'), 'w1 deleted');
    const c = await waitFor(() => {
      const x = h!.get('apiextensions.k8s.io', 'customresourcedefinitions', undefined, 'widgets.example.com');
      const conds = dig(x, 'status', 'conditions') as Array<{ type: string; reason: string }> | undefined;
      return conds?.some((k) => k.type === 'Terminating') ? x : undefined;
    }, 'Terminating condition');
    assert.ok(c.metadata.finalizers?.includes('customresourcecleanup.apiextensions.k8s.io'));
    const w2 = h.cluster.tryGet(wt, 'default', 'w2')!;
    assert.ok(w2.metadata.deletionTimestamp);
    h.cluster.removeFinalizer(wt, w2, 'example.com/x');
    await waitFor(() => !h!.get('apiextensions.k8s.io', 'customresourcedefinitions', undefined, 'widgets.example.com'), 'CRD removed');
    assert.equal(h.cluster.registry.findGroupResource('example.com', 'widgets'), undefined);
  });
});
