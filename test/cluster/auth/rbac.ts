// RBAC authorization as kube-apiserver does it: system:masters is always allowed; everyone else is
// judged by the rules of the Roles/ClusterRoles their RoleBindings (in the request's namespace)
// and ClusterRoleBindings grant. The default policy (auth/policy.ts) is in force even when its
// objects were not created (bootstrap off), so discovery and self-reviews work for every user.
import type { KObject } from '../api/types.js';
import { asLabelSelector, matchesSelector } from '../controllers/selector.js';
import type { Cluster } from '../core/cluster.js';
import { grKey } from '../store/store.js';
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS, type PolicyRule, type Subject } from './policy.js';
import type { Authorizer, Decision, RequestAttributes, UserInfo } from './types.js';

export const SUPERUSER_GROUP = 'system:masters';
const RBAC = 'rbac.authorization.k8s.io';

// ---------- matching (pure) ----------

const has = (list: string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));

export function isResourceRequest(a: RequestAttributes): boolean { return !!a.resource; }

/** rbacv1helpers.ResourceMatches: "*", "res", "res/sub", or "*\/sub" for a subresource. */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** rbac.RuleAllows. */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!isResourceRequest(a)) return nonResourceURLMatches(rule, a.path ?? '');
  if (!has(rule.apiGroups, a.group)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}

/** The groups a request is evaluated with: authenticated users are in system:authenticated, service accounts in theirs. */
export function effectiveGroups(user: UserInfo): string[] {
  const g = new Set(user.groups);
  if (user.username !== 'system:anonymous') g.add('system:authenticated');
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user.username);
  if (sa) { g.add('system:serviceaccounts'); g.add(`system:serviceaccounts:${sa[1]}`); }
  return [...g];
}

/** rbac appliesToUser; a ServiceAccount subject without namespace means the binding's namespace. */
export function subjectMatches(s: Subject, user: UserInfo, groups: string[], bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.username;
    case 'Group': return groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return !!ns && user.username === `system:serviceaccount:${ns}:${s.name}`;
    }
    default: return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

// ---------- policy source ----------

interface Binding { kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string; roleRef: { kind: string; name: string }; subjects: Subject[] }

function asBinding(o: KObject, kind: Binding['kind']): Binding | undefined {
  const ref = o['roleRef'] as { kind?: unknown; name?: unknown } | undefined;
  if (typeof ref?.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  const subjects = Array.isArray(o['subjects']) ? (o['subjects'] as unknown[]).filter((s): s is Subject =>
    typeof s === 'object' && s !== null && typeof (s as Subject).kind === 'string' && typeof (s as Subject).name === 'string') : [];
  return { kind, name: o.metadata.name!, namespace: o.metadata.namespace, roleRef: { kind: ref.kind, name: ref.name }, subjects };
}

function rulesOf(o: KObject | undefined): PolicyRule[] {
  const r = o?.['rules'];
  return Array.isArray(r) ? r.filter((x): x is PolicyRule => typeof x === 'object' && x !== null && Array.isArray((x as PolicyRule).verbs)) : [];
}

/** Reads roles and bindings from the store, with the default policy filling what is missing. */
export class RbacPolicy {
  constructor(private readonly cluster: Cluster) {}

  private get store() { return this.cluster.store; }

  clusterRoleBindings(): Binding[] {
    const stored = this.store.list(grKey(RBAC, 'clusterrolebindings')).map((o) => asBinding(o, 'ClusterRoleBinding')).filter((b): b is Binding => !!b);
    const names = new Set(stored.map((b) => b.name));
    const defaults: Binding[] = DEFAULT_CLUSTER_ROLE_BINDINGS.filter((d) => !names.has(d.name)).map((d) => ({
      kind: 'ClusterRoleBinding', name: d.name, roleRef: { kind: 'ClusterRole', name: d.roleName }, subjects: d.subjects,
    }));
    return [...defaults, ...stored];
  }

  roleBindings(ns: string): Binding[] {
    return this.store.list(grKey(RBAC, 'rolebindings'), ns).map((o) => asBinding(o, 'RoleBinding')).filter((b): b is Binding => !!b);
  }

  /** Rules of a roleRef, or an error text as the upstream listers word it. */
  rulesFor(ref: { kind: string; name: string }, ns: string | undefined): PolicyRule[] | string {
    if (ref.kind === 'Role') {
      const r = ns ? this.store.get(grKey(RBAC, 'roles'), ns, ref.name) : undefined;
      return r ? rulesOf(r) : `role.rbac.authorization.k8s.io "${ref.name}" not found`;
    }
    if (ref.kind === 'ClusterRole') {
      const cr = this.store.get(grKey(RBAC, 'clusterroles'), undefined, ref.name);
      if (!cr) {
        const d = DEFAULT_CLUSTER_ROLES.find((x) => x.name === ref.name);
        return d ? d.rules : `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`;
      }
      return [...rulesOf(cr), ...this.aggregated(cr)];
    }
    return `unsupported role reference kind: "${ref.kind}"`;
  }

  /** Rules an aggregationRule pulls in from other ClusterRoles (the aggregation controller's job). */
  private aggregated(cr: KObject): PolicyRule[] {
    const sels = (cr['aggregationRule'] as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors;
    if (!Array.isArray(sels) || !sels.length) return [];
    const out: PolicyRule[] = [];
    for (const other of this.store.list(grKey(RBAC, 'clusterroles'))) {
      if (other.metadata.name === cr.metadata.name) continue;
      if (sels.some((s) => matchesSelector(asLabelSelector(s), other.metadata.labels))) out.push(...rulesOf(other));
    }
    return out;
  }
}

// ---------- evaluation ----------

interface Visit { source: string; rules: PolicyRule[] }

/** Every (binding → rules) that applies to the user in `ns`, ClusterRoleBindings first; plus lookup errors. */
export function applicableRules(policy: RbacPolicy, user: UserInfo, ns: string | undefined): { visits: Visit[]; errors: string[] } {
  const groups = effectiveGroups(user);
  const visits: Visit[] = [];
  const errors: string[] = [];
  for (const b of policy.clusterRoleBindings()) {
    const s = b.subjects.find((x) => subjectMatches(x, user, groups, ''));
    if (!s) continue;
    const rules = policy.rulesFor(b.roleRef, undefined);
    if (typeof rules === 'string') { errors.push(rules); continue; }
    visits.push({ source: `ClusterRoleBinding "${b.name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s, '')}`, rules });
  }
  if (ns) {
    for (const b of policy.roleBindings(ns)) {
      const s = b.subjects.find((x) => subjectMatches(x, user, groups, ns));
      if (!s) continue;
      const rules = policy.rulesFor(b.roleRef, ns);
      if (typeof rules === 'string') { errors.push(rules); continue; }
      visits.push({ source: `RoleBinding "${b.name}/${ns}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s, ns)}`, rules });
    }
  }
  return { visits, errors };
}

export function rbacAuthorize(policy: RbacPolicy, user: UserInfo, a: RequestAttributes): Decision {
  if (user.groups.includes(SUPERUSER_GROUP)) return { allowed: true };
  const { visits, errors } = applicableRules(policy, user, isResourceRequest(a) ? a.namespace : undefined);
  for (const v of visits) {
    if (v.rules.some((r) => ruleAllows(r, a))) return { allowed: true, reason: `RBAC: allowed by ${v.source}` };
  }
  if (!errors.length) return { allowed: false };
  return { allowed: false, reason: `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}` };
}

export function createRbacAuthorizer(cluster: Cluster): Authorizer {
  const policy = new RbacPolicy(cluster);
  return (user, attrs) => rbacAuthorize(policy, user, attrs);
}

/**
 * The text after `… is forbidden: ` for a denied request, exactly as kube-apiserver builds it
 * (responsewriters.forbiddenMessage), with the authorizer's reason appended after ": ".
 */
export function forbiddenMessage(user: UserInfo, a: RequestAttributes, reason?: string): string {
  let msg: string;
  if (!isResourceRequest(a)) {
    msg = `User "${user.username}" cannot ${a.verb} path "${a.path ?? ''}"`;
  } else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    msg = a.namespace
      ? `User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group}" in the namespace "${a.namespace}"`
      : `User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group}" at the cluster scope`;
  }
  return reason ? `${msg}: ${reason}` : msg;
}

// ---------- rules review ----------

export interface ResourceRule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }
export interface NonResourceRule { verbs: string[]; nonResourceURLs?: string[] }
export interface RulesReviewStatus { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[]; incomplete: boolean; evaluationError?: string }

/** What SelfSubjectRulesReview reports: the rules of every binding that applies, as written. */
export function rulesReview(policy: RbacPolicy, user: UserInfo, ns: string | undefined): RulesReviewStatus {
  const { visits, errors } = applicableRules(policy, user, ns);
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  for (const v of visits) {
    for (const r of v.rules) {
      if (r.nonResourceURLs?.length) {
        nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] });
      } else {
        const rr: ResourceRule = { verbs: [...r.verbs] };
        if (r.apiGroups) rr.apiGroups = [...r.apiGroups];
        if (r.resources) rr.resources = [...r.resources];
        if (r.resourceNames?.length) rr.resourceNames = [...r.resourceNames];
        resourceRules.push(rr);
      }
    }
  }
  const out: RulesReviewStatus = { resourceRules, nonResourceRules, incomplete: errors.length > 0 };
  if (errors.length) out.evaluationError = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return out;
}
