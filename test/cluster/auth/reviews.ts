// The review APIs kubectl uses (answers are 201 Created, nothing is stored):
// - SelfSubjectAccessReview   `kubectl auth can-i VERB RESOURCE`
// - SubjectAccessReview       can user X …? (for the caller, if RBAC lets them create it)
// - SelfSubjectRulesReview    `kubectl auth can-i --list`
// - SelfSubjectReview         `kubectl auth whoami`
import { badRequest, invalid } from '../api/errors.js';
import type { KObject } from '../api/types.js';
import type { Cluster } from '../core/cluster.js';
import { RbacPolicy, rulesReview, SUPERUSER_GROUP } from './rbac.js';
import { decodeKubeProtobuf } from '../api/protobuf.js';
import type { Authorizer, RequestAttributes, UserInfo } from './types.js';

const AUTHZ = 'authorization.k8s.io';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function envelope(kind: string, apiVersion: string, body: Obj, status: Obj): KObject {
  const meta = isObj(body['metadata']) ? { ...body['metadata'] } : {};
  if (!('creationTimestamp' in meta)) meta['creationTimestamp'] = null;
  const out: KObject = { kind, apiVersion, metadata: meta as KObject['metadata'] };
  if (isObj(body['spec'])) out['spec'] = body['spec'];
  out['status'] = status;
  return out;
}

function requireBody(kind: string, body: unknown): Obj {
  if (!isObj(body)) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: the body must be a JSON object`);
  return body;
}

/** Request attributes from spec.resourceAttributes / spec.nonResourceAttributes (exactly one). */
function attributesOf(kind: string, spec: Obj): RequestAttributes {
  const ra = spec['resourceAttributes'];
  const na = spec['nonResourceAttributes'];
  if (isObj(ra) === isObj(na)) {
    throw invalid({ group: AUTHZ, kind }, '', [{
      type: 'FieldValueInvalid', field: 'spec.resourceAttributes', value: null,
      detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    }]);
  }
  if (isObj(ra)) {
    const a: RequestAttributes = { verb: str(ra['verb']), group: str(ra['group']), version: str(ra['version']), resource: str(ra['resource']) };
    if (str(ra['subresource'])) a.subresource = str(ra['subresource']);
    if (str(ra['namespace'])) a.namespace = str(ra['namespace']);
    if (str(ra['name'])) a.name = str(ra['name']);
    return a;
  }
  return { verb: str((na as Obj)['verb']), group: '', version: '', resource: '', path: str((na as Obj)['path']) };
}

function decisionStatus(authorize: Authorizer, user: UserInfo, attrs: RequestAttributes): Obj {
  const d = authorize(user, attrs);
  const s: Obj = { allowed: d.allowed };
  if (d.reason) s['reason'] = d.reason;
  return s;
}

export function selfSubjectAccessReview(body: unknown, user: UserInfo, authorize: Authorizer, _cluster?: Cluster): KObject {
  const b = requireBody('SelfSubjectAccessReview', body);
  const spec = isObj(b['spec']) ? b['spec'] : {};
  const attrs = attributesOf('SelfSubjectAccessReview', spec);
  return envelope('SelfSubjectAccessReview', `${AUTHZ}/v1`, { ...b, spec }, decisionStatus(authorize, user, attrs));
}

export function subjectAccessReview(body: unknown, _user: UserInfo, authorize: Authorizer, _cluster?: Cluster): KObject {
  const b = requireBody('SubjectAccessReview', body);
  const spec = isObj(b['spec']) ? b['spec'] : {};
  const groups = Array.isArray(spec['groups']) ? spec['groups'].map(String) : [];
  const username = str(spec['user']);
  if (!username && !groups.length) {
    throw invalid({ group: AUTHZ, kind: 'SubjectAccessReview' }, '', [{
      type: 'FieldValueInvalid', field: 'spec.user', value: '', detail: 'at least one of user or group must be specified',
    }]);
  }
  const attrs = attributesOf('SubjectAccessReview', spec);
  const subject: UserInfo = { username, groups };
  if (str(spec['uid'])) subject.uid = str(spec['uid']);
  return envelope('SubjectAccessReview', `${AUTHZ}/v1`, { ...b, spec }, decisionStatus(authorize, subject, attrs));
}

export function selfSubjectRulesReview(body: unknown, user: UserInfo, _authorize: Authorizer, cluster: Cluster): KObject {
  const b = requireBody('SelfSubjectRulesReview', body);
  const spec = isObj(b['spec']) ? b['spec'] : {};
  const ns = str(spec['namespace']) || undefined;
  const status = rulesReview(new RbacPolicy(cluster), user, ns);
  // The superuser group bypasses RBAC; make sure the answer says "everything" even if the
  // cluster-admin binding was removed.
  if (user.groups.includes(SUPERUSER_GROUP) && !status.resourceRules.some((r) => r.verbs.includes('*') && r.resources?.includes('*'))) {
    status.resourceRules.unshift({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    status.nonResourceRules.unshift({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  return envelope('SelfSubjectRulesReview', `${AUTHZ}/v1`, { ...b, spec }, status as unknown as Obj);
}

export function selfSubjectReview(body: unknown, user: UserInfo, _authorize?: Authorizer, _cluster?: Cluster): KObject {
  const b = isObj(body) ? body : {};
  const userInfo: Obj = { username: user.username };
  if (user.uid) userInfo['uid'] = user.uid;
  userInfo['groups'] = [...user.groups];
  const out = envelope('SelfSubjectReview', 'authentication.k8s.io/v1', b, { userInfo });
  delete out['spec'];
  return out;
}

/**
 * Dispatch by kind (the server routes every authorization.k8s.io / authentication.k8s.io create
 * here). `body` may be the raw request bytes — kubectl sends these as protobuf — or parsed JSON.
 */
export function accessReview(kind: string, rawBody: unknown, user: UserInfo, authorize: Authorizer, cluster: Cluster): KObject {
  const body = reviewBody(rawBody);
  switch (kind) {
    case 'SelfSubjectAccessReview': return selfSubjectAccessReview(body, user, authorize, cluster);
    case 'SubjectAccessReview': return subjectAccessReview(body, user, authorize, cluster);
    case 'SelfSubjectRulesReview': return selfSubjectRulesReview(body, user, authorize, cluster);
    case 'SelfSubjectReview': return selfSubjectReview(body, user, authorize, cluster);
    default: throw badRequest(`unsupported review kind ${kind}`);
  }
}

/** Review bodies arrive as JSON, or as protobuf from kubectl's typed clients (`auth can-i`, `whoami`). */
function reviewBody(body: unknown): unknown {
  if (!(body instanceof Uint8Array)) return body;
  if (body.length >= 4 && body[0] === 0x6b && body[1] === 0x38 && body[2] === 0x73 && body[3] === 0x00) return decodeKubeProtobuf(body);
  if (!body.length) return {};
  try {
    return JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
  } catch (e) {
    throw badRequest(`the object provided is unrecognized: ${(e as Error).message}`);
  }
}
