// The OpenAPI v3 documents kubectl reads (spec §2.3): the `/openapi/v3` index and one document per
// group/version. kubectl --validate=strict needs every PATCH operation of a kind to carry that kind's
// x-kubernetes-group-version-kind and a `fieldValidation` parameter; kubectl explain needs the
// component schemas (with x-kubernetes-group-version-kind) and the object paths.
import { createHash } from 'node:crypto';
import type { JsonObject } from '../api/types.js';
import type { ResourceType } from '../api/types.js';
import type { SchemaNode } from './types.js';
import { SchemaRenderer, REF_PREFIX } from './openapi-schema.js';
import { builtinSchema } from './builtin.js';
import { groupPackage } from './builtin-names.js';
import { customResourceDefinitionName } from './crd.js';

export interface OpenApiKind { resource: ResourceType; schema: SchemaNode }

export interface OpenApiIndex { paths: Record<string, { serverRelativeURL: string }> }

const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** `apps/v1` | `apis/apps/v1` | `v1` | `api/v1` → `{ key: 'apis/apps/v1', group, version }`. */
export function parseGroupVersion(gv: string): { key: string; group: string; version: string } {
  const s = gv.replace(/^\/+/, '');
  let rest = s;
  if (s.startsWith('apis/')) rest = s.slice(5);
  else if (s.startsWith('api/')) rest = s.slice(4);
  const slash = rest.indexOf('/');
  const group = slash < 0 ? '' : rest.slice(0, slash);
  const version = slash < 0 ? rest : rest.slice(slash + 1);
  return { key: group ? `apis/${group}/${version}` : `api/${version}`, group, version };
}

// Identity of schema nodes: a re-registered CRD gets new nodes, hence a new hash.
const nodeIds = new WeakMap<SchemaNode, number>();
let nextId = 1;
function nodeId(n: SchemaNode): number {
  let id = nodeIds.get(n);
  if (id === undefined) { id = nextId++; nodeIds.set(n, id); }
  return id;
}

/** The hash kubectl sees in `serverRelativeURL`; it changes whenever the document would change. */
export function openApiHash(gv: string, kinds: readonly OpenApiKind[]): string {
  const { key } = parseGroupVersion(gv);
  const parts = kinds.map((k) => [JSON.stringify(k.resource), nodeId(k.schema)]);
  return createHash('sha256').update(JSON.stringify([key, parts])).digest('hex').toUpperCase();
}

const lastHash = new Map<string, string>();

/**
 * GET /openapi/v3. Pass `kindsOf` to hash from the current kinds (cheap: no document is built);
 * without it the hash of the last document built for that group/version is used.
 */
export function openApiIndex(groupVersions: readonly string[], kindsOf?: (gv: string) => readonly OpenApiKind[]): OpenApiIndex {
  const paths: OpenApiIndex['paths'] = {};
  for (const gv of groupVersions) {
    const { key } = parseGroupVersion(gv);
    const hash = kindsOf ? openApiHash(gv, kindsOf(gv)) : lastHash.get(key) ?? openApiHash(gv, []);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}

const docCache = new Map<string, { hash: string; doc: JsonObject }>();

/** GET /openapi/v3/{api/v1|apis/g/v}: cached per group/version until its kinds or schemas change. */
export function openApiDocument(gv: string, kinds: readonly OpenApiKind[]): JsonObject {
  const { key, group, version } = parseGroupVersion(gv);
  const hash = openApiHash(gv, kinds);
  const hit = docCache.get(key);
  if (hit && hit.hash === hash) return hit.doc;
  const doc = buildDocument(key, group, version, kinds);
  docCache.set(key, { hash, doc });
  lastHash.set(key, hash);
  return doc;
}

function buildDocument(key: string, group: string, version: string, kinds: readonly OpenApiKind[]): JsonObject {
  const r = new SchemaRenderer();
  const paths: JsonObject = {};
  const ctx: Ctx = { r, prefix: `/${key}`, opPrefix: opPrefix(group, version) };
  const sorted = [...kinds].sort((a, b) => a.resource.plural.localeCompare(b.resource.plural));
  for (const k of sorted) addKind(ctx, paths, k);
  for (const name of [STATUS, DELETE_OPTIONS]) {
    const n = metaNode(name);
    if (n) r.ref(n);
  }
  r.schemas[PATCH] = { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' };
  const schemas: JsonObject = {};
  for (const name of Object.keys(r.schemas).sort()) schemas[name] = r.schemas[name]!;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
  };
}

function metaNode(name: string): SchemaNode | undefined {
  if (name === STATUS) return builtinSchema('', 'v1', 'Status');
  if (name === DELETE_OPTIONS) return builtinSchema('', 'v1', 'DeleteOptions');
  return undefined;
}

interface Ctx { r: SchemaRenderer; prefix: string; opPrefix: string }

/** `readAppsV1NamespacedDeployment`: operation ids spell the group in camel case (core: `CoreV1`). */
function opPrefix(group: string, version: string): string {
  const g = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
  const camel = g.split(/[.-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return camel + version.charAt(0).toUpperCase() + version.slice(1);
}

const q = (name: string, type: string, description: string): JsonObject =>
  ({ name, in: 'query', description, schema: { type, uniqueItems: true } });

const P = {
  dryRun: q('dryRun', 'string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: q('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.'),
  fieldValidation: q('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.'),
  force: q('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.'),
  gracePeriodSeconds: q('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted.'),
  propagationPolicy: q('propagationPolicy', 'string', "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
  orphanDependents: q('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy.'),
  pretty: q('pretty', 'string', "If 'true', then the output is pretty printed."),
  allowWatchBookmarks: q('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  continue: q('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  fieldSelector: q('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  labelSelector: q('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: q('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  resourceVersion: q('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  resourceVersionMatch: q('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  sendInitialEvents: q('sendInitialEvents', 'boolean', 'sendInitialEvents=true may be set together with watch=true.'),
  timeoutSeconds: q('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  watch: q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
};
const pathParam = (name: string, description: string): JsonObject =>
  ({ name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } });
const LIST_PARAMS = [P.allowWatchBookmarks, P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion,
  P.resourceVersionMatch, P.sendInitialEvents, P.timeoutSeconds, P.watch];

const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/**
 * kubectl explain finds a kind's schema by its x-kubernetes-group-version-kind, so a kind whose schema
 * is unnamed (ANY, a bare node) still gets a named definition carrying its GVK.
 */
function namedKind(k: OpenApiKind): OpenApiKind {
  const { resource: res, schema } = k;
  if (schema.name && schema.gvk) return k;
  const name = schema.name ?? (res.custom
    ? customResourceDefinitionName(res.group, res.version, res.kind)
    : `io.k8s.api.${groupPackage(res.group)}.${res.version}.${res.kind}`);
  return { resource: res, schema: { ...schema, name, gvk: { group: res.group, version: res.version, kind: res.kind } } };
}

function addKind(ctx: Ctx, paths: JsonObject, kind: OpenApiKind): void {
  const k = namedKind(kind);
  const res = k.resource;
  const verbs = new Set(res.verbs.length ? res.verbs : STANDARD_VERBS);
  const gvk = { group: res.group, kind: res.kind, version: res.version };
  const objRef = ctx.r.ref(k.schema);
  const listRef = listSchema(ctx.r, k);
  const ns = res.namespaced ? 'Namespaced' : '';
  const kindOp = `${ctx.opPrefix}${ns}${res.kind}`;
  const base = res.namespaced ? `${ctx.prefix}/namespaces/{namespace}/${res.plural}` : `${ctx.prefix}/${res.plural}`;
  const scopeParams = res.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const nameParam = pathParam('name', `name of the ${res.kind}`);
  const json = (schema: JsonObject): JsonObject => ({ 'application/json': { schema }, 'application/yaml': { schema } });
  const ok = (schema: JsonObject, codes: string[] = ['200']): JsonObject => {
    const out: JsonObject = {};
    for (const c of codes) out[c] = { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: json(schema) };
    out['401'] = { description: 'Unauthorized' };
    return out;
  };
  const op = (action: string, id: string, extra: JsonObject, g = gvk): JsonObject =>
    ({ tags: [ctx.opPrefix.charAt(0).toLowerCase() + ctx.opPrefix.slice(1)], operationId: id, ...extra, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': { ...g } });
  const body = (schema: JsonObject): JsonObject => ({ content: { '*/*': { schema } }, required: true });
  const patchBody: JsonObject = {
    content: Object.fromEntries(
      ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json',
        ...(res.custom ? [] : ['application/strategic-merge-patch+json'])]
        .map((t) => [t, { schema: { $ref: REF_PREFIX + PATCH } }]),
    ),
    required: true,
  };
  const statusRef: JsonObject = { $ref: REF_PREFIX + STATUS };
  const deleteBody: JsonObject = { content: { '*/*': { schema: { $ref: REF_PREFIX + DELETE_OPTIONS } } } };
  const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
  const patchParams = [P.dryRun, P.fieldManager, P.fieldValidation, P.force];

  // Collection: list, create, deletecollection.
  const coll: JsonObject = {};
  if (verbs.has('list')) coll.get = op('list', `list${kindOp}`, { description: `list or watch objects of kind ${res.kind}`, parameters: LIST_PARAMS, responses: ok(listRef) });
  if (verbs.has('create')) coll.post = op('post', `create${kindOp}`, { description: `create a ${res.kind}`, parameters: writeParams, requestBody: body(objRef), responses: ok(objRef, ['200', '201', '202']) });
  if (verbs.has('deletecollection')) {
    coll.delete = op('deletecollection', `delete${ctx.opPrefix}Collection${ns}${res.kind}`, {
      description: `delete collection of ${res.kind}`,
      parameters: [...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'), P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy],
      requestBody: deleteBody, responses: ok(statusRef),
    });
  }
  if (Object.keys(coll).length) paths[base] = { ...coll, parameters: [...scopeParams, P.pretty] };
  if (res.namespaced && verbs.has('list')) {
    paths[`${ctx.prefix}/${res.plural}`] = {
      get: op('list', `list${ctx.opPrefix}${res.kind}ForAllNamespaces`, { description: `list or watch objects of kind ${res.kind}`, responses: ok(listRef) }),
      parameters: [...LIST_PARAMS, P.pretty],
    };
  }

  // Object: get, replace, delete, patch.
  const item: JsonObject = {};
  if (verbs.has('get')) item.get = op('get', `read${kindOp}`, { description: `read the specified ${res.kind}`, responses: ok(objRef) });
  if (verbs.has('update')) item.put = op('put', `replace${kindOp}`, { description: `replace the specified ${res.kind}`, parameters: writeParams, requestBody: body(objRef), responses: ok(objRef, ['200', '201']) });
  if (verbs.has('delete')) {
    item.delete = op('delete', `delete${kindOp}`, {
      description: `delete a ${res.kind}`, parameters: [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy],
      requestBody: deleteBody, responses: ok(res.returnDeletedObject ? objRef : statusRef, ['200', '202']),
    });
  }
  if (verbs.has('patch')) item.patch = op('patch', `patch${kindOp}`, { description: `partially update the specified ${res.kind}`, parameters: patchParams, requestBody: patchBody, responses: ok(objRef, ['200', '201']) });
  if (Object.keys(item).length) paths[`${base}/{name}`] = { ...item, parameters: [nameParam, ...scopeParams, P.pretty] };

  // Subresources: the same read/replace/patch trio.
  for (const sub of res.subresources) {
    const scale = sub === 'scale';
    const subRef = scale ? scaleRef(ctx.r) : objRef;
    const g = scale ? { group: 'autoscaling', kind: 'Scale', version: 'v1' } : gvk;
    const suffix = scale ? 'Scale' : 'Status';
    paths[`${base}/{name}/${sub}`] = {
      get: op('get', `read${kindOp}${suffix}`, { description: `read ${sub} of the specified ${res.kind}`, responses: ok(subRef) }, g),
      put: op('put', `replace${kindOp}${suffix}`, { description: `replace ${sub} of the specified ${res.kind}`, parameters: writeParams, requestBody: body(subRef), responses: ok(subRef, ['200', '201']) }, g),
      patch: op('patch', `patch${kindOp}${suffix}`, { description: `partially update ${sub} of the specified ${res.kind}`, parameters: patchParams, requestBody: patchBody, responses: ok(subRef, ['200', '201']) }, g),
      parameters: [nameParam, ...scopeParams, P.pretty],
    };
  }
}

function scaleRef(r: SchemaRenderer): JsonObject {
  const scale = builtinSchema('autoscaling', 'v1', 'Scale');
  return scale ? r.ref(scale) : { type: 'object' };
}

/** `<Kind>List` definition (items of the kind, ListMeta), registered beside the kind. */
function listSchema(r: SchemaRenderer, k: OpenApiKind): JsonObject {
  const { resource: res, schema } = k;
  const name = `${schema.name ?? `${res.group || 'core'}.${res.version}.${res.kind}`}List`;
  if (!r.schemas[name]) {
    const listMeta = r.ref(listMetaNode());
    r.schemas[name] = {
      description: `${res.kind}List is a list of ${res.kind} objects.`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
        items: { type: 'array', description: `List of ${res.plural}.`, items: r.ref(schema) },
        kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
        metadata: listMeta,
      },
      'x-kubernetes-group-version-kind': [{ group: res.group, kind: `${res.kind}List`, version: res.version }],
    };
  }
  return { $ref: REF_PREFIX + name };
}

function listMetaNode(): SchemaNode {
  // ListMeta is reachable from Status (Status.metadata), which builtinSchema builds on demand.
  const status = builtinSchema('', 'v1', 'Status')!;
  return status.properties?.metadata ?? { name: LIST_META, type: 'object' };
}
