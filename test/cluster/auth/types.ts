// Who is calling and what they ask to do — the inputs of authorization (RBAC).

export interface UserInfo { username: string; groups: string[]; uid?: string }

export interface RequestAttributes {
  verb: string;                 // get list watch create update patch delete deletecollection
  group: string;
  version: string;
  resource: string;             // plural
  subresource?: string;
  namespace?: string;
  name?: string;
  /** for non-resource URLs such as /version or /openapi/v3 */
  path?: string;
}

export interface Decision { allowed: boolean; reason?: string }

export type Authorizer = (user: UserInfo, attrs: RequestAttributes) => Decision;

/** The default users: an admin (system:masters bypasses RBAC) and a restricted user judged by RBAC. */
export interface Users {
  adminToken: string;
  restrictedToken: string;
  /** token → user; more users can be added by tests */
  byToken: Map<string, UserInfo>;
}
