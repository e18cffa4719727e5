// The review APIs: request shapes as kubectl sends them (JSON and protobuf), answers as kubectl reads them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../api/errors.js';
import { ResourceRegistry } from '../api/registry.js';
import { Cluster } from '../core/cluster.js';
import { Store } from '../store/store.js';
import { createRbacAuthorizer } from './rbac.js';
import { decodeKubeProtobuf } from '../api/protobuf.js';
import { accessReview } from './reviews.js';
import type { UserInfo } from './types.js';

const admin: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };

function setup() {
  const cluster = new Cluster(new Store(), new ResourceRegistry());
  cluster.create(cluster.registry.findGroupResource('', 'namespaces')!, undefined, { metadata: { name: 'default' } }, { manager: 'test' });
  return { cluster, authorize: createRbacAuthorizer(cluster) };
}

// ---- a tiny protobuf writer, to build what kubectl's typed client sends ----
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) { out.push((n & 127) | 128); n >>>= 7; }
  out.push(n);
  return out;
}
const field = (num: number, bytes: number[]) => [...varint((num << 3) | 2), ...varint(bytes.length), ...bytes];
const s = (num: number, v: string) => field(num, [...Buffer.from(v, 'utf8')]);
function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...field(1, [...s(1, apiVersion), ...s(2, kind)]), ...field(2, raw)]);
}

describe('SelfSubjectAccessReview', () => {
  it('answers allowed for the admin and no for an unbound user (JSON body)', () => {
    const { cluster, authorize } = setup();
    const body = { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'configmaps' } } };
    const yes = accessReview('SelfSubjectAccessReview', body, admin, authorize, cluster);
    assert.equal(yes.kind, 'SelfSubjectAccessReview');
    assert.equal(yes.apiVersion, 'authorization.k8s.io/v1');
    assert.deepEqual(yes.metadata, { creationTimestamp: null });
    assert.deepEqual(yes['spec'], body.spec);
    assert.deepEqual(yes['status'], { allowed: true });
    const no = accessReview('SelfSubjectAccessReview', body, jane, authorize, cluster);
    assert.deepEqual(no['status'], { allowed: false });
  });

  it('decodes the protobuf kubectl auth can-i sends', () => {
    const { cluster, authorize } = setup();
    const raw = field(2, field(1, [...s(1, 'default'), ...s(2, 'get'), ...s(3, 'apps'), ...s(5, 'deployments'), ...s(6, 'scale')]));
    const bytes = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw);
    const decoded = decodeKubeProtobuf(bytes);
    assert.equal(decoded.kind, 'SelfSubjectAccessReview');
    assert.deepEqual(decoded['spec'], { resourceAttributes: { namespace: 'default', verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale' } });
    const r = accessReview('SelfSubjectAccessReview', bytes, jane, authorize, cluster);
    assert.deepEqual(r['status'], { allowed: false });
    const nonRes = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', field(2, field(2, [...s(1, '/version'), ...s(2, 'get')])));
    assert.deepEqual(accessReview('SelfSubjectAccessReview', nonRes, jane, authorize, cluster)['status'],
      { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' });
  });

  it('rejects a spec with neither (or both) attribute kinds with 422', () => {
    const { cluster, authorize } = setup();
    assert.throws(() => accessReview('SelfSubjectAccessReview', { spec: {} }, jane, authorize, cluster),
      (e: unknown) => e instanceof StatusError && e.code === 422 && /exactly one of nonResourceAttributes or resourceAttributes must be specified/.test(e.message));
  });
});

describe('other reviews', () => {
  it('SubjectAccessReview judges the named user, not the caller', () => {
    const { cluster, authorize } = setup();
    const body = { spec: { user: 'jane', groups: ['system:authenticated'], resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } } };
    assert.deepEqual(accessReview('SubjectAccessReview', body, admin, authorize, cluster)['status'], { allowed: false });
    const asAdmin = { spec: { user: 'root', groups: ['system:masters'], resourceAttributes: { verb: 'get', resource: 'pods' } } };
    assert.deepEqual(accessReview('SubjectAccessReview', asAdmin, jane, authorize, cluster)['status'], { allowed: true });
    assert.throws(() => accessReview('SubjectAccessReview', { spec: { resourceAttributes: { verb: 'get' } } }, admin, authorize, cluster),
      (e: unknown) => e instanceof StatusError && e.code === 422);
  });

  it('SelfSubjectRulesReview lists the rules of the bindings that apply', () => {
    const { cluster, authorize } = setup();
    const bytes = envelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', field(2, s(1, 'default')));
    const r = accessReview('SelfSubjectRulesReview', bytes, jane, authorize, cluster);
    const st = r['status'] as { resourceRules: Array<{ resources?: string[]; verbs: string[] }>; nonResourceRules: Array<{ nonResourceURLs?: string[] }>; incomplete: boolean };
    assert.equal(st.incomplete, false);
    assert.ok(st.resourceRules.some((x) => x.resources?.includes('selfsubjectaccessreviews')));
    assert.ok(!st.resourceRules.some((x) => x.resources?.includes('*')));
    assert.ok(st.nonResourceRules.some((x) => x.nonResourceURLs?.includes('/version')));
    const all = accessReview('SelfSubjectRulesReview', { spec: { namespace: 'default' } }, admin, authorize, cluster)['status'] as typeof st;
    assert.ok(all.resourceRules.some((x) => x.resources?.includes('*') && x.verbs.includes('*')));
  });

  it('SelfSubjectReview (kubectl auth whoami) returns the caller', () => {
    const { cluster, authorize } = setup();
    const r = accessReview('SelfSubjectReview', envelope('authentication.k8s.io/v1', 'SelfSubjectReview', []), jane, authorize, cluster);
    assert.deepEqual(r, {
      kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null },
      status: { userInfo: { username: 'jane', groups: ['system:authenticated'] } },
    });
  });
});
