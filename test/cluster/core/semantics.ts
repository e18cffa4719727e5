// One seam between the server core and the per-topic modules (schemas, defaults, validation,
// patches, server-side apply, tables, selectors, protobuf), so cluster.ts reads as the pipeline.
import type { FieldError } from '../api/errors.js';
import { decodeKubeProtobuf, isProtobufContentType } from '../api/protobuf.js';
import { fieldValue, parseFieldSelectorForKind, parseLabelSelector } from '../api/selectors.js';
import { toTable as renderTable } from '../api/tables.js';
import type { KObject, ManagedFieldsEntry, ResourceType } from '../api/types.js';
import { groupVersion } from '../api/types.js';
import { applyDefaults as kindDefaults } from '../kinds/defaults.js';
import { nextGeneration as kindGeneration } from '../kinds/generation.js';
import { validateObject } from '../kinds/validate.js';
import { applyJsonPatch as jsonPatch } from '../patch/json-patch.js';
import { applyMergePatch as mergePatch } from '../patch/merge-patch.js';
import { applyStrategicMergePatch as smp } from '../patch/strategic-merge.js';
import { applySchemaDefaults, pruneUnknownFields, validateAgainstSchema } from '../schema/crd.js';
import { openApiDocument, openApiIndex as renderIndex, type OpenApiKind } from '../schema/openapi.js';
import { createSchemaRegistry } from '../schema/registry.js';
import type { SchemaNode } from '../schema/types.js';
import { ANY } from '../schema/types.js';
import { findTypeError } from '../schema/typecheck.js';
import { findUnknownFields } from '../schema/unknown-fields.js';
import { serverSideApply as ssaApply } from '../ssa/apply.js';
import { recordUpdate as ssaRecordUpdate } from '../ssa/update-ownership.js';
import type { Cluster } from './cluster.js';

export { toScale, withReplicas } from './scale.js';

export const VERSION_INFO = {
  major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean', buildDate: '2025-04-22T16:02:27Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
};

// ---------- schemas ----------

const schemas = createSchemaRegistry();

export function schemaFor(_cluster: Cluster, t: ResourceType): SchemaNode {
  return schemas.forKind(t.group, t.version, t.kind) ?? ANY;
}

export function registerCrdSchema(crd: KObject): void { schemas.registerCrd(crd); }
export function unregisterCrdSchema(name: string): void { schemas.unregisterCrd(name); }

export function pruneCustom(obj: KObject, schema: SchemaNode): { unknown: string[] } {
  const r = pruneUnknownFields(obj, schema);
  if (r.object !== obj) {
    for (const k of Object.keys(obj)) delete (obj as Record<string, unknown>)[k];
    Object.assign(obj, r.object);
  }
  return { unknown: r.unknown };
}

export function defaultCustom(obj: KObject, schema: SchemaNode): void { applySchemaDefaults(obj, schema); }
export function validateCustom(obj: KObject, schema: SchemaNode): FieldError[] { return validateAgainstSchema(obj, schema); }
export function typeError(obj: KObject, schema: SchemaNode): string | undefined { return findTypeError(obj, schema); }
export function unknownFields(obj: KObject, schema: SchemaNode): string[] { return findUnknownFields(obj, schema); }

// ---------- per-kind rules ----------

export function applyDefaults(t: ResourceType, obj: KObject, ctx: { isCreate: boolean; uid?: string; now: string }): void {
  if (t.custom) return;
  kindDefaults({ group: t.group, version: t.version, kind: t.kind }, obj, ctx);
}

export function validate(t: ResourceType, obj: KObject, old: KObject | undefined): FieldError[] {
  return validateObject(t, obj, old);
}

export function nextGeneration(t: ResourceType, old: KObject, next: KObject): number {
  return kindGeneration(t, old, next);
}

// ---------- managed fields ----------

export function recordUpdate(a: { t: ResourceType; before: KObject | undefined; after: KObject; manager: string; subresource?: string; now: string }): ManagedFieldsEntry[] {
  return ssaRecordUpdate({
    before: a.before, after: a.after, manager: a.manager, apiVersion: groupVersion(a.t), subresource: a.subresource,
    schema: schemas.forKind(a.t.group, a.t.version, a.t.kind) ?? ANY, now: a.now, statusPolicy: statusPolicy(a.t, a.subresource),
  });
}

function statusPolicy(t: ResourceType, subresource: string | undefined): 'all' | 'exclude-status' | 'only-status' {
  if (!t.subresources.includes('status')) return 'all';
  return subresource === 'status' ? 'only-status' : 'exclude-status';
}

export function serverSideApply(a: { t: ResourceType; cluster: Cluster; live: KObject | undefined; config: KObject; manager: string; force: boolean; subresource?: string; now: string }): { object: KObject } {
  return ssaApply({
    live: a.live, config: a.config, manager: a.manager, force: a.force, schema: schemas.forKind(a.t.group, a.t.version, a.t.kind) ?? ANY,
    apiVersion: groupVersion(a.t), now: a.now, subresource: a.subresource, statusPolicy: statusPolicy(a.t, a.subresource),
  });
}

// ---------- patches ----------

export const applyJsonPatch = (doc: unknown, ops: unknown): unknown => jsonPatch(doc as never, ops);
export const applyMergePatch = (doc: unknown, patch: unknown): unknown => mergePatch(doc as never, patch as never);
export const applyStrategicMergePatch = (doc: unknown, patch: unknown, schema: SchemaNode): unknown => smp(doc as never, patch as never, schema);

// ---------- selectors, tables, protobuf ----------

export function labelMatcher(s: string): (labels: Record<string, string>) => boolean {
  const m = parseLabelSelector(s);
  return (labels) => m(labels);
}

export function fieldMatcher(t: ResourceType, s: string): (o: KObject) => boolean {
  const m = parseFieldSelectorForKind(s, t.kind);
  return (o) => m((f) => fieldValue(t.kind, o, f) ?? '');
}

export function toTable(cluster: Cluster, t: ResourceType, objs: KObject[], opts: { now: Date; resourceVersion: string; continueToken?: string; noHeaders?: boolean }): unknown {
  return renderTable(t, objs, { ...opts, crdColumns: t.custom ? printerColumns(cluster, t) : undefined });
}

type PrinterColumn = { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string };

/** additionalPrinterColumns of the served CRD version (spec §2.5). */
function printerColumns(cluster: Cluster, t: ResourceType): PrinterColumn[] | undefined {
  const crd = cluster.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, `${t.plural}.${t.group}`);
  const versions = (crd?.['spec'] as { versions?: Array<{ name: string; additionalPrinterColumns?: PrinterColumn[] }> } | undefined)?.versions;
  return versions?.find((v) => v.name === t.version)?.additionalPrinterColumns;
}

export const isProtobuf = (ct: string): boolean => isProtobufContentType(ct);
export const decodeProtobuf = (b: Buffer): KObject => decodeKubeProtobuf(b);

// ---------- OpenAPI ----------

export function openApiIndex(cluster: Cluster): unknown {
  const gvs = new Set<string>();
  for (const t of cluster.registry.all()) gvs.add(groupVersion(t));
  return renderIndex([...gvs], (gv) => kindsOf(cluster, gv));
}

function kindsOf(cluster: Cluster, gv: string): OpenApiKind[] {
  const [group, version] = gv.includes('/') ? gv.split('/') as [string, string] : ['', gv];
  return cluster.registry.forGroupVersion(group, version)
    .map((resource) => ({ resource, schema: schemas.forKind(resource.group, resource.version, resource.kind) ?? ANY }));
}

export function openApiDoc(cluster: Cluster, group: string, version: string): unknown {
  const gv = group ? `${group}/${version}` : version;
  const kinds = kindsOf(cluster, gv);
  if (!kinds.length) return undefined;
  return openApiDocument(gv, kinds);
}
