// POST, PUT, PATCH and DELETE: body decoding and query parameters around the Cluster operations.
import type { ServerResponse } from 'node:http';
import { StatusError, badRequest, unsupportedMediaType } from '../api/errors.js';
import type { KObject, ResourceType } from '../api/types.js';
import { Cluster, type DeleteOptions, type PatchType } from '../core/cluster.js';
import { isObject, managerFrom } from '../core/meta.js';
import * as sem from '../core/semantics.js';
import { parseJson, parseYaml } from './body.js';
import { sendJson } from './respond.js';
import { dryRunParam, fieldManagerParam, fieldValidationParam, forceParam } from './params.js';

export interface WriteContext {
  cluster: Cluster;
  t: ResourceType;
  namespace?: string;
  query: URLSearchParams;
  contentType: string;
  userAgent?: string;
  body: Buffer;
  accept?: string;
}

const mediaType = (ct: string) => ct.split(';')[0]!.trim().toLowerCase();

function decodeJson(ctx: WriteContext): unknown {
  const ct = mediaType(ctx.contentType);
  if (sem.isProtobuf(ct)) return sem.decodeProtobuf(ctx.body);
  if (ct && ct !== 'application/json' && ct !== 'application/yaml' && ct !== '*/*') {
    throw unsupportedMediaType(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  }
  const text = ctx.body.toString('utf8');
  return ct === 'application/yaml' ? parseYaml(text, 'the object provided is unrecognized') : parseJson(text);
}

function manager(ctx: WriteContext): string {
  return managerFrom(fieldManagerParam(ctx.query), ctx.userAgent);
}

export function handleCreate(ctx: WriteContext, res: ServerResponse): void {
  const body = decodeJson(ctx);
  const r = ctx.cluster.create(ctx.t, ctx.namespace, body, {
    manager: manager(ctx), dryRun: dryRunParam(ctx.query), fieldValidation: fieldValidationParam(ctx.query),
  });
  sendJson(res, 201, r.object, 'application/json', r.warnings);
}

export function handleUpdate(ctx: WriteContext, res: ServerResponse, name: string, subresource?: string): void {
  const body = decodeJson(ctx);
  const opts = { manager: manager(ctx), dryRun: dryRunParam(ctx.query), fieldValidation: fieldValidationParam(ctx.query), subresource };
  const r = subresource === 'scale'
    ? ctx.cluster.updateScale(ctx.t, ctx.namespace, name, body, opts)
    : ctx.cluster.update(ctx.t, ctx.namespace, name, body, opts);
  sendJson(res, 200, r.object, 'application/json', r.warnings);
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function handlePatch(ctx: WriteContext, res: ServerResponse, name: string, subresource?: string): void {
  const type = PATCH_TYPES[mediaType(ctx.contentType)];
  if (!type || (type === 'strategic' && ctx.t.custom)) throw unsupportedMediaType(Cluster.patchTypes(ctx.t));
  const text = ctx.body.toString('utf8');
  const patch = type === 'apply' ? parseYaml(text, 'error decoding YAML') : parseJson(text, 'error decoding patch');
  const fieldManager = fieldManagerParam(ctx.query);
  const r = ctx.cluster.patch(ctx.t, ctx.namespace, name, patch, type, {
    manager: type === 'apply' ? fieldManager ?? '' : managerFrom(fieldManager, ctx.userAgent),
    dryRun: dryRunParam(ctx.query), fieldValidation: fieldValidationParam(ctx.query), subresource, force: forceParam(ctx.query),
  });
  sendJson(res, r.created ? 201 : 200, r.object, 'application/json', r.warnings);
}

function deleteOptions(ctx: WriteContext): DeleteOptions {
  let body: Record<string, unknown> = {};
  if (ctx.body.length) {
    const parsed = decodeJson(ctx);
    if (!isObject(parsed)) throw badRequest('DeleteOptions must be an object');
    body = parsed;
  }
  const q = ctx.query;
  const policy = q.get('propagationPolicy') ?? (body['propagationPolicy'] as string | undefined)
    ?? (q.get('orphanDependents') === 'true' || body['orphanDependents'] === true ? 'Orphan' : undefined);
  if (policy !== undefined && policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
    throw new StatusError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"`, {});
  }
  const bodyDry = Array.isArray(body['dryRun']) && (body['dryRun'] as unknown[]).includes('All');
  const pre = isObject(body['preconditions']) ? body['preconditions'] as { uid?: string; resourceVersion?: string } : undefined;
  return { dryRun: dryRunParam(q) || bodyDry, propagationPolicy: policy as DeleteOptions['propagationPolicy'], preconditions: pre };
}

export function handleDelete(ctx: WriteContext, res: ServerResponse, name: string): void {
  const opts = deleteOptions(ctx);
  const r = ctx.cluster.delete(ctx.t, ctx.namespace, name, opts);
  if (r.removed && !ctx.t.returnDeletedObject) {
    const o = r.object;
    return sendJson(res, 200, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
      details: { name, group: ctx.t.group, kind: ctx.t.plural, uid: o.metadata.uid },
    });
  }
  sendJson(res, 200, r.object);
}

export function handleDeleteCollection(ctx: WriteContext, res: ServerResponse): void {
  const opts = deleteOptions(ctx);
  const ls = ctx.query.get('labelSelector');
  const fs = ctx.query.get('fieldSelector');
  const labelOk = ls ? sem.labelMatcher(ls) : undefined;
  const fieldOk = fs ? sem.fieldMatcher(ctx.t, fs) : undefined;
  const deleted: KObject[] = [];
  for (const o of ctx.cluster.list(ctx.t, ctx.namespace)) {
    if (labelOk && !labelOk(o.metadata.labels ?? {})) continue;
    if (fieldOk && !fieldOk(o)) continue;
    deleted.push(ctx.cluster.delete(ctx.t, o.metadata.namespace, o.metadata.name!, opts).object);
  }
  sendJson(res, 200, { kind: `${ctx.t.kind}List`, apiVersion: ctx.t.group ? `${ctx.t.group}/${ctx.t.version}` : ctx.t.version,
    metadata: { resourceVersion: String(ctx.cluster.store.resourceVersion) }, items: deleted });
}
