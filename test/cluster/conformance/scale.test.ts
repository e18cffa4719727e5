// Scale (issue 3): 10 000 ConfigMaps created in-process, then listed by `kubectl get cm -A` and by
// client-node. Times are printed; the only bound asserted is a generous one (benchmarks own the
// performance targets).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { cells, createNamespace, expectCode, kubeConfig, lines, setup, typeOf, type Env } from './helpers.js';

const NAMESPACES = 10;
const PER_NAMESPACE = 1000;

describe('scale: 10 000 ConfigMaps', { timeout: 120_000 }, () => {
  let env: Env;
  let total = 0;
  before(async () => {
    env = await setup({ simulate: false, bootstrap: false });
    const t = typeOf(env.tc, '', 'v1', 'configmaps');
    const t0 = Date.now();
    for (let n = 0; n < NAMESPACES; n++) {
      const ns = `scale-${n}`;
      createNamespace(env.tc, ns);
      for (let i = 0; i < PER_NAMESPACE; i++) {
        env.tc.cluster.create(t, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, labels: { n: String(i % 10) } }, data: { i: String(i) } }, { manager: 'scale-test' });
      }
    }
    total = env.tc.cluster.list(t, undefined).length;
    console.log(`# created ${NAMESPACES * PER_NAMESPACE} ConfigMaps in-process in ${Date.now() - t0} ms`);
  });
  after(async () => { await env?.close(); });

  it('kubectl get cm -A lists every ConfigMap', async () => {
    assert.ok(total >= NAMESPACES * PER_NAMESPACE, `only ${total} ConfigMaps stored`);
    const t0 = Date.now();
    const r = await env.kubectl('get', 'cm', '-A');
    const ms = Date.now() - t0;
    console.log(`# kubectl get cm -A (${total} objects): ${ms} ms`);
    expectCode(r, 0);
    const ls = lines(r.stdout);
    assert.deepEqual(cells(ls[0]!), ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    assert.equal(ls.length - 1, total);
    assert.deepEqual(cells(ls[1]!).slice(0, 3), ['scale-0', 'cm-0', '1']);
    assert.ok(ms < 10_000, `kubectl get cm -A took ${ms} ms`);
  });

  it('client-node lists every ConfigMap in one request', async () => {
    const core = kubeConfig(env.tc).makeApiClient(k8s.CoreV1Api);
    const t0 = Date.now();
    const list = await core.listConfigMapForAllNamespaces();
    const ms = Date.now() - t0;
    console.log(`# client-node listConfigMapForAllNamespaces (${total} objects): ${ms} ms`);
    assert.equal(list.items.length, total);
    assert.ok(ms < 10_000, `client-node list took ${ms} ms`);
  });

  it('a selector over 10 000 objects', async () => {
    const t0 = Date.now();
    const r = await env.kubectl('get', 'cm', '-A', '-l', 'n=3', '-o', 'name');
    console.log(`# kubectl get cm -A -l n=3: ${Date.now() - t0} ms`);
    expectCode(r, 0);
    assert.equal(lines(r.stdout).length, NAMESPACES * PER_NAMESPACE / 10);
  });
});
