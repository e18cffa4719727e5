// RBAC rule matching and evaluation (upstream semantics of rbac.RuleAllows / appliesToUser).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceRegistry } from '../api/registry.js';
import type { KObject } from '../api/types.js';
import { Cluster } from '../core/cluster.js';
import { Store } from '../store/store.js';
import type { PolicyRule } from './policy.js';
import {
  createRbacAuthorizer, effectiveGroups, forbiddenMessage, nonResourceURLMatches, resourceMatches, ruleAllows, subjectMatches,
} from './rbac.js';
import type { RequestAttributes, UserInfo } from './types.js';

const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };
const req = (verb: string, resource: string, o: Partial<RequestAttributes> = {}): RequestAttributes =>
  ({ verb, group: '', version: 'v1', resource, namespace: 'default', ...o });

describe('rule matching', () => {
  it('resources: exact, "*", "res/sub" and "*/sub"', () => {
    const r = (resources: string[]): PolicyRule => ({ verbs: ['get'], apiGroups: [''], resources });
    assert.ok(resourceMatches(r(['pods']), 'pods', undefined));
    assert.ok(!resourceMatches(r(['pods']), 'pods', 'log'), 'pods does not grant pods/log');
    assert.ok(resourceMatches(r(['pods/log']), 'pods', 'log'));
    assert.ok(resourceMatches(r(['*/log']), 'pods', 'log'));
    assert.ok(!resourceMatches(r(['*/log']), 'pods', undefined));
    assert.ok(resourceMatches(r(['*']), 'deployments', 'scale'));
    assert.ok(!resourceMatches(r(['pods/*']), 'pods', 'log'), 'res/* is not a wildcard upstream');
  });

  it('verbs, apiGroups and resourceNames', () => {
    const rule: PolicyRule = { verbs: ['get', 'update'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] };
    assert.ok(ruleAllows(rule, req('get', 'deployments', { group: 'apps', name: 'web' })));
    assert.ok(!ruleAllows(rule, req('get', 'deployments', { group: 'apps', name: 'api' })));
    assert.ok(!ruleAllows(rule, req('list', 'deployments', { group: 'apps' })), 'resourceNames never match a list');
    assert.ok(!ruleAllows(rule, req('get', 'deployments', { group: '', name: 'web' })));
    assert.ok(!ruleAllows(rule, req('delete', 'deployments', { group: 'apps', name: 'web' })));
    assert.ok(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, req('deletecollection', 'widgets', { group: 'example.com' })));
  });

  it('nonResourceURLs: exact, "*" and trailing-* prefixes', () => {
    const rule: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    assert.ok(nonResourceURLMatches(rule, '/healthz'));
    assert.ok(!nonResourceURLMatches(rule, '/healthz/ping'));
    assert.ok(nonResourceURLMatches(rule, '/apis/apps/v1'));
    assert.ok(nonResourceURLMatches(rule, '/apis/'));
    assert.ok(!nonResourceURLMatches(rule, '/api'));
    assert.ok(ruleAllows(rule, { verb: 'get', group: '', version: '', resource: '', path: '/healthz' }));
    assert.ok(!ruleAllows(rule, { verb: 'post', group: '', version: '', resource: '', path: '/healthz' }));
  });

  it('subjects: users, groups and service accounts (namespace defaults to the binding)', () => {
    const sa: UserInfo = { username: 'system:serviceaccount:team:builder', groups: [] };
    const groups = effectiveGroups(sa);
    assert.ok(groups.includes('system:serviceaccounts') && groups.includes('system:serviceaccounts:team') && groups.includes('system:authenticated'));
    assert.ok(subjectMatches({ kind: 'ServiceAccount', name: 'builder' }, sa, groups, 'team'));
    assert.ok(!subjectMatches({ kind: 'ServiceAccount', name: 'builder' }, sa, groups, 'other'));
    assert.ok(subjectMatches({ kind: 'ServiceAccount', name: 'builder', namespace: 'team' }, sa, groups, ''));
    assert.ok(subjectMatches({ kind: 'Group', name: 'system:serviceaccounts:team' }, sa, groups, ''));
    assert.ok(subjectMatches({ kind: 'User', name: 'jane' }, jane, effectiveGroups(jane), ''));
    assert.ok(!subjectMatches({ kind: 'User', name: 'Jane' }, jane, effectiveGroups(jane), ''));
  });
});

function clusterWith(...objs: Array<[string, string, KObject]>): Cluster {
  const c = new Cluster(new Store(), new ResourceRegistry());
  const ns = c.registry.findGroupResource('', 'namespaces')!;
  for (const n of ['default', 'dev']) c.create(ns, undefined, { metadata: { name: n } }, { manager: 'test' });
  for (const [g, p, o] of objs) c.create(c.registry.findGroupResource(g, p)!, o.metadata.namespace, o, { manager: 'test' });
  return c;
}

const RBAC = 'rbac.authorization.k8s.io';

describe('authorizer', () => {
  it('system:masters is always allowed; others are denied without a binding', () => {
    const authorize = createRbacAuthorizer(clusterWith());
    assert.deepEqual(authorize({ username: 'admin', groups: ['system:masters'] }, req('delete', 'secrets')), { allowed: true });
    assert.deepEqual(authorize(jane, req('get', 'configmaps')), { allowed: false });
  });

  it('discovery and self-reviews are open to every authenticated user', () => {
    const authorize = createRbacAuthorizer(clusterWith());
    assert.ok(authorize(jane, { verb: 'get', group: '', version: '', resource: '', path: '/apis/apps/v1' }).allowed);
    assert.ok(authorize(jane, { verb: 'get', group: '', version: '', resource: '', path: '/version' }).allowed);
    assert.ok(!authorize(jane, { verb: 'get', group: '', version: '', resource: '', path: '/metrics' }).allowed);
    assert.ok(authorize(jane, req('create', 'selfsubjectaccessreviews', { group: 'authorization.k8s.io', namespace: undefined })).allowed);
  });

  it('a RoleBinding grants in its namespace only; the reason names the binding', () => {
    const c = clusterWith(
      [RBAC, 'roles', { metadata: { name: 'reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] }],
      [RBAC, 'rolebindings', { metadata: { name: 'jane-reads', namespace: 'default' }, subjects: [{ kind: 'User', name: 'jane' }], roleRef: { apiGroup: RBAC, kind: 'Role', name: 'reader' } }],
    );
    const authorize = createRbacAuthorizer(c);
    assert.deepEqual(authorize(jane, req('list', 'configmaps')), { allowed: true, reason: 'RBAC: allowed by RoleBinding "jane-reads/default" of Role "reader" to User "jane"' });
    assert.equal(authorize(jane, req('list', 'configmaps', { namespace: 'dev' })).allowed, false);
    assert.equal(authorize(jane, req('list', 'configmaps', { namespace: undefined })).allowed, false);
    assert.equal(authorize(jane, req('delete', 'configmaps')).allowed, false);
  });

  it('a RoleBinding to a ClusterRole (default "view" included) and a ClusterRoleBinding', () => {
    const c = clusterWith(
      [RBAC, 'rolebindings', { metadata: { name: 'jane-view', namespace: 'dev' }, subjects: [{ kind: 'User', name: 'jane' }], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' } }],
      [RBAC, 'clusterroles', { metadata: { name: 'ns-reader' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }] }],
      [RBAC, 'clusterrolebindings', { metadata: { name: 'devs' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'ns-reader' } }],
    );
    const authorize = createRbacAuthorizer(c);
    assert.ok(authorize(jane, req('list', 'pods', { namespace: 'dev' })).allowed);
    assert.ok(authorize(jane, req('get', 'deployments', { group: 'apps', namespace: 'dev', subresource: 'scale' })).allowed);
    assert.ok(!authorize(jane, req('get', 'secrets', { namespace: 'dev' })).allowed, 'view does not read secrets');
    assert.ok(!authorize(jane, req('list', 'pods', { namespace: 'default' })).allowed);
    assert.deepEqual(authorize(jane, req('list', 'namespaces', { namespace: undefined })), {
      allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "devs" of ClusterRole "ns-reader" to Group "system:authenticated"',
    });
  });

  it('aggregated ClusterRoles collect the rules of the roles their selectors match', () => {
    const c = clusterWith(
      [RBAC, 'clusterroles', { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate': 'true' } }] }, rules: [] }],
      [RBAC, 'clusterroles', { metadata: { name: 'widgets', labels: { 'example.com/aggregate': 'true' } }, rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['*'] }] }],
      [RBAC, 'clusterrolebindings', { metadata: { name: 'jane-agg' }, subjects: [{ kind: 'User', name: 'jane' }], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'agg' } }],
    );
    assert.ok(createRbacAuthorizer(c)(jane, req('create', 'widgets', { group: 'example.com' })).allowed);
  });

  it('a binding to a missing role denies with the RBAC error as reason', () => {
    const c = clusterWith(
      [RBAC, 'rolebindings', { metadata: { name: 'broken', namespace: 'default' }, subjects: [{ kind: 'User', name: 'jane' }], roleRef: { apiGroup: RBAC, kind: 'Role', name: 'nope' } }],
    );
    assert.deepEqual(createRbacAuthorizer(c)(jane, req('get', 'pods')), { allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "nope" not found' });
  });
});

describe('forbidden message', () => {
  it('namespaced, cluster-scoped, subresource and non-resource forms, with the reason appended', () => {
    assert.equal(forbiddenMessage(jane, req('list', 'configmaps')), 'User "jane" cannot list resource "configmaps" in API group "" in the namespace "default"');
    assert.equal(forbiddenMessage(jane, req('list', 'namespaces', { namespace: undefined })), 'User "jane" cannot list resource "namespaces" in API group "" at the cluster scope');
    assert.equal(forbiddenMessage(jane, req('patch', 'deployments', { group: 'apps', subresource: 'scale' })),
      'User "jane" cannot patch resource "deployments/scale" in API group "apps" in the namespace "default"');
    assert.equal(forbiddenMessage(jane, { verb: 'get', group: '', version: '', resource: '', path: '/metrics' }), 'User "jane" cannot get path "/metrics"');
    assert.equal(forbiddenMessage(jane, req('get', 'pods'), 'RBAC: role.rbac.authorization.k8s.io "x" not found'),
      'User "jane" cannot get resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "x" not found');
  });
});
