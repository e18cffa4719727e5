// The API semantics of the test server, independent of HTTP: create, update, patch, apply and
// delete with the ordering kube-apiserver uses (spec §2.7–2.10, §3, §4). Controllers (namespace
// lifecycle, garbage collection, status simulator) call the same operations.
import {
  StatusError, alreadyExists, badRequest, conflict, forbidden, invalid, namespaceNotFound, notFound,
  unsupportedMediaType, type FieldError,
} from '../api/errors.js';
import { ResourceRegistry } from '../api/registry.js';
import { groupVersion, type KObject, type ManagedFieldsEntry, type ResourceType } from '../api/types.js';
import { Store, grKey } from '../store/store.js';
import { ServiceAllocator } from './allocator.js';
import {
  clone, generateNameSuffix, isObject, newUid, sameObjectIgnoringVolatile, timestamp,
} from './meta.js';
import * as sem from './semantics.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface WriteOptions {
  manager: string;
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  subresource?: string;
}

export interface WriteResult { object: KObject; warnings: string[]; created?: boolean }

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult { object: KObject; removed: boolean }

const PATCH_TYPES_BUILTIN = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const PATCH_TYPES_CUSTOM = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export interface ClusterOptions { now?: () => Date }

export class Cluster {
  readonly allocator = new ServiceAllocator();
  readonly now: () => Date;

  constructor(readonly store: Store, readonly registry: ResourceRegistry, opts: ClusterOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.allocator.seed(store.list(grKey('', 'services')));
    for (const crd of store.list(grKey('apiextensions.k8s.io', 'customresourcedefinitions'))) this.registerCrd(crd);
  }

  gr(t: ResourceType): string { return grKey(t.group, t.plural); }

  // ---------- reads ----------

  get(t: ResourceType, ns: string | undefined, name: string): KObject {
    const o = this.store.get(this.gr(t), t.namespaced ? ns : undefined, name);
    if (!o) throw notFound(t, name);
    return this.present(t, o);
  }

  tryGet(t: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    const o = this.store.get(this.gr(t), t.namespaced ? ns : undefined, name);
    return o && this.present(t, o);
  }

  list(t: ResourceType, ns: string | undefined): KObject[] {
    return this.store.list(this.gr(t), t.namespaced ? ns : undefined).map((o) => this.present(t, o));
  }

  /** The object as served under `t`'s version (CRDs may serve several versions of one stored object). */
  present(t: ResourceType, o: KObject): KObject {
    const gv = groupVersion(t);
    if (o.apiVersion === gv && o.kind === t.kind) return o;
    return { ...o, apiVersion: gv, kind: t.kind };
  }

  // ---------- create ----------

  create(t: ResourceType, ns: string | undefined, body: unknown, opts: WriteOptions): WriteResult {
    const obj = this.decodeBody(t, ns, body);
    if (!obj.metadata.name) {
      if (obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + generateNameSuffix();
      else throw invalid(t, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
    }
    if (this.store.get(this.gr(t), obj.metadata.namespace, obj.metadata.name)) throw alreadyExists(t, obj.metadata.name);
    return this.persistNew(t, obj, opts, (created) => sem.recordUpdate({
      t, before: undefined, after: created, manager: opts.manager, subresource: opts.subresource, now: timestamp(this.now()),
    }));
  }

  /**
   * The create pipeline shared by POST and create-through-apply: namespace checks, server-owned
   * fields, defaults and validation, then ownership (`ownership` sees the object after defaulting).
   */
  private persistNew(t: ResourceType, obj: KObject, opts: WriteOptions, ownership: (obj: KObject) => ManagedFieldsEntry[]): WriteResult {
    const warnings: string[] = [];
    this.checkNamespaceForCreate(t, obj);
    for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink'] as const) delete obj.metadata[k];
    if (t.subresources.includes('status') && opts.subresource !== 'status') delete obj['status'];
    obj.metadata.uid = newUid();
    obj.metadata.creationTimestamp = timestamp(this.now());
    const requestedManaged = obj.metadata.managedFields;
    delete obj.metadata.managedFields;
    this.normalize(t, obj, undefined, opts, warnings);
    if (t.generation !== 'none') obj.metadata.generation = 1;
    if (requestedManaged !== undefined) obj.metadata.managedFields = requestedManaged;
    obj.metadata.managedFields = ownership(obj);
    if (!obj.metadata.managedFields.length) delete obj.metadata.managedFields;
    if (opts.dryRun) return { object: this.present(t, obj), warnings, created: true };
    const stored = this.store.create(this.gr(t), obj);
    this.afterWrite(t, undefined, stored);
    return { object: this.present(t, stored), warnings, created: true };
  }

  // ---------- update (PUT) ----------

  update(t: ResourceType, ns: string | undefined, name: string, body: unknown, opts: WriteOptions): WriteResult {
    const old = this.mustGet(t, ns, name);
    const next = this.decodeBody(t, ns, body);
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    next.metadata.name = name;
    return this.commitUpdate(t, old, next, opts);
  }

  // ---------- patch ----------

  patch(t: ResourceType, ns: string | undefined, name: string, patchBody: unknown, type: PatchType,
    opts: WriteOptions & { force?: boolean }): WriteResult {
    if (type === 'strategic' && t.custom) throw unsupportedMediaType(PATCH_TYPES_CUSTOM);
    if (opts.force !== undefined && type !== 'apply') {
      throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
        { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' }] });
    }
    if (type === 'apply') return this.apply(t, ns, name, patchBody, opts);
    const old = this.mustGet(t, ns, name);
    const base = opts.subresource === 'scale' ? sem.toScale(t, old) : old;
    const before = JSON.parse(JSON.stringify(base)) as unknown;
    let patched: unknown;
    if (type === 'json') patched = sem.applyJsonPatch(before, patchBody);
    else if (type === 'merge') patched = sem.applyMergePatch(before, patchBody);
    else patched = sem.applyStrategicMergePatch(before, patchBody, sem.schemaFor(this, t));
    if (!isObject(patched) || !isObject(patched['metadata'])) throw badRequest('the patch produced an object without metadata');
    const next = patched as KObject;
    if (opts.subresource === 'scale') return this.writeScale(t, old, next, opts);
    // A resourceVersion inside the patch is an optimistic-lock precondition (kubectl's SSA migration relies on it).
    if (next.metadata.resourceVersion !== undefined && next.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    return this.commitUpdate(t, old, next, opts);
  }

  private apply(t: ResourceType, ns: string | undefined, name: string, body: unknown, opts: WriteOptions & { force?: boolean }): WriteResult {
    if (!opts.manager) {
      throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] });
    }
    if (!isObject(body)) throw badRequest('error decoding apply patch: the body must be an object');
    const cfg = clone(body) as KObject;
    if (!cfg.apiVersion || !cfg.kind) throw badRequest('apiVersion and kind must be set in an apply patch');
    if (cfg.apiVersion !== groupVersion(t) || cfg.kind !== t.kind) {
      throw badRequest(`the API version in the data (${cfg.apiVersion}) does not match the expected API version (${groupVersion(t)})`);
    }
    if (!isObject(cfg.metadata)) cfg.metadata = {};
    if (cfg.metadata.name !== undefined && cfg.metadata.name !== name) {
      throw badRequest(`the name of the object (${cfg.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (cfg.metadata.managedFields !== undefined && cfg.metadata.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
    cfg.metadata.name = name;
    if (t.namespaced) {
      if (cfg.metadata.namespace !== undefined && cfg.metadata.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      cfg.metadata.namespace = ns;
    }
    const live = this.store.get(this.gr(t), t.namespaced ? ns : undefined, name);
    if (live && cfg.metadata.resourceVersion !== undefined && cfg.metadata.resourceVersion !== live.metadata.resourceVersion) throw conflict(t, name);
    if (live && cfg.metadata.uid !== undefined && cfg.metadata.uid !== live.metadata.uid) throw conflict(t, name);
    const { object } = sem.serverSideApply({
      t, cluster: this, live: live && this.present(t, live), config: cfg, manager: opts.manager, force: opts.force === true,
      subresource: opts.subresource, now: timestamp(this.now()),
    });
    if (!live) {
      // Create through apply: the POST pipeline, with ownership from the applied configuration.
      const applied = object.metadata.managedFields ?? [];
      return this.persistNew(t, object, opts, () => applied);
    }
    return this.commitUpdate(t, this.present(t, live), object, { ...opts, fromApply: true });
  }

  // ---------- the shared update pipeline ----------

  private commitUpdate(t: ResourceType, old: KObject, next: KObject,
    opts: WriteOptions & { fromApply?: boolean }): WriteResult {
    const name = old.metadata.name!;
    const warnings: string[] = [];
    if (next.metadata.resourceVersion !== undefined && next.metadata.resourceVersion !== '' &&
      next.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    if (next.metadata.uid !== undefined && next.metadata.uid !== '' && next.metadata.uid !== old.metadata.uid) throw conflict(t, name);
    next.apiVersion = groupVersion(t);
    next.kind = t.kind;
    // Server-owned metadata always comes from the stored object.
    for (const k of ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'resourceVersion'] as const) {
      if (old.metadata[k] === undefined) delete next.metadata[k];
      else (next.metadata as Record<string, unknown>)[k] = old.metadata[k];
    }
    if (!t.namespaced) delete next.metadata.namespace;
    const requestedManaged = next.metadata.managedFields;
    if (t.subresources.includes('status')) {
      if (opts.subresource === 'status') {
        // /status writes change status, and annotations (the deployment controller sets its revision
        // annotation this way); spec and labels stay as stored, like upstream's status strategies.
        const status = next['status'];
        const keep = clone(old);
        if (status === undefined) delete keep['status']; else keep['status'] = status;
        if (next.metadata.annotations === undefined) delete keep.metadata.annotations;
        else keep.metadata.annotations = next.metadata.annotations;
        keep.metadata.managedFields = next.metadata.managedFields;
        next = keep;
      } else if (old['status'] === undefined) delete next['status'];
      else next['status'] = clone(old['status']);
    }
    if (old.metadata.deletionTimestamp) {
      const added = (next.metadata.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length) {
        throw invalid(t, name, [{ type: 'FieldValueForbidden', field: 'metadata.finalizers', detail: `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}` }]);
      }
    }
    this.normalize(t, next, old, opts, warnings);
    if (t.generation !== 'none' && opts.subresource !== 'status') next.metadata.generation = sem.nextGeneration(t, old, next);
    if (!opts.fromApply) {
      // Client-written managedFields (kubectl's SSA migration) are taken verbatim by recordUpdate;
      // omitted ones keep the stored entries.
      next.metadata.managedFields = requestedManaged;
      next.metadata.managedFields = sem.recordUpdate({
        t, before: old, after: next, manager: opts.manager, subresource: opts.subresource, now: timestamp(this.now()),
      });
    }
    if (!next.metadata.managedFields?.length) delete next.metadata.managedFields;
    if (sameObjectIgnoringVolatile(old, next)) return { object: old, warnings };
    if (opts.dryRun) return { object: this.present(t, next), warnings };
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && !this.namespaceFinalizersPending(t, next)) {
      const removed = this.store.remove(this.gr(t), next.metadata.namespace, name)!;
      this.afterDelete(t, removed);
      return { object: this.present(t, removed), warnings };
    }
    const stored = this.store.update(this.gr(t), next);
    this.afterWrite(t, old, stored);
    return { object: this.present(t, stored), warnings };
  }

  /** Defaulting, schema handling, allocation and validation shared by create and update. */
  private normalize(t: ResourceType, obj: KObject, old: KObject | undefined, opts: WriteOptions, warnings: string[]): void {
    const schema = sem.schemaFor(this, t);
    if (t.custom) {
      const { unknown } = sem.pruneCustom(obj, schema);
      this.reportUnknown(t, unknown, opts, warnings);
      sem.defaultCustom(obj, schema);
      const errs = sem.validateCustom(obj, schema);
      if (errs.length) throw invalid(t, obj.metadata.name ?? '', errs);
    } else {
      const typeError = sem.typeError(obj, schema);
      if (typeError) throw badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${typeError}`);
      if (opts.fieldValidation !== 'Ignore') this.reportUnknown(t, sem.unknownFields(obj, schema), opts, warnings);
    }
    sem.applyDefaults(t, obj, { isCreate: !old, uid: obj.metadata.uid, now: timestamp(this.now()) });
    const errs: FieldError[] = sem.validate(t, obj, old);
    if (t.group === '' && t.plural === 'services' && !errs.length) errs.push(...this.allocator.allocate(obj, old, !opts.dryRun));
    if (errs.length) throw invalid(t, obj.metadata.name ?? '', errs);
  }

  private reportUnknown(t: ResourceType, unknown: string[], opts: WriteOptions, warnings: string[]): void {
    if (!unknown.length) return;
    const v = opts.fieldValidation ?? 'Warn';
    if (v === 'Strict') {
      throw badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
    }
    if (v === 'Warn') for (const u of unknown) warnings.push(`unknown field "${u}"`);
  }

  // ---------- scale ----------

  getScale(t: ResourceType, ns: string | undefined, name: string): KObject {
    return sem.toScale(t, this.mustGet(t, ns, name));
  }

  updateScale(t: ResourceType, ns: string | undefined, name: string, body: unknown, opts: WriteOptions): WriteResult {
    const old = this.mustGet(t, ns, name);
    if (!isObject(body) || !isObject(body['metadata'])) throw badRequest('the body must be a Scale object');
    return this.writeScale(t, old, body as KObject, opts);
  }

  private writeScale(t: ResourceType, old: KObject, scale: KObject, opts: WriteOptions): WriteResult {
    if (scale.metadata.resourceVersion !== undefined && scale.metadata.resourceVersion !== '' && scale.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(t, old.metadata.name!);
    }
    const replicas = (scale['spec'] as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
      throw invalid({ group: 'autoscaling', kind: 'Scale' }, old.metadata.name!, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
    }
    const next = sem.withReplicas(t, clone(old), replicas);
    const res = this.commitUpdate(t, old, next, { ...opts, subresource: 'scale' });
    return { ...res, object: sem.toScale(t, res.object) };
  }

  // ---------- delete ----------

  delete(t: ResourceType, ns: string | undefined, name: string, opts: DeleteOptions): DeleteResult {
    const old = this.mustGet(t, ns, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== old.metadata.uid) {
      throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${t.group ? `${t.plural}.${t.group}` : t.plural} "${name}": Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${old.metadata.uid}`,
        { name, group: t.group, kind: t.plural });
    }
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    if (t.group === '' && t.plural === 'namespaces' && PROTECTED_NAMESPACES.has(name)) {
      throw forbidden(t, name, 'this namespace may not be deleted');
    }
    if (old.metadata.deletionTimestamp) return { object: old, removed: false };
    const policy = opts.propagationPolicy ?? 'Background';
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const isNamespace = t.group === '' && t.plural === 'namespaces';
    const isCrd = t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions';
    if (isCrd && !finalizers.includes('customresourcecleanup.apiextensions.k8s.io')) finalizers.push('customresourcecleanup.apiextensions.k8s.io');
    if (finalizers.length || isNamespace) {
      const next = clone(old);
      next.metadata.deletionTimestamp = timestamp(this.now());
      next.metadata.deletionGracePeriodSeconds = 0;
      if (finalizers.length) next.metadata.finalizers = finalizers;
      if (isNamespace) next['status'] = { ...(isObject(next['status']) ? next['status'] : {}), phase: 'Terminating' };
      if (opts.dryRun) return { object: next, removed: false };
      const stored = this.store.update(this.gr(t), next);
      this.afterWrite(t, old, stored);
      return { object: this.present(t, stored), removed: false };
    }
    if (opts.dryRun) return { object: old, removed: true };
    const removed = this.store.remove(this.gr(t), old.metadata.namespace, name)!;
    this.afterDelete(t, removed);
    return { object: this.present(t, removed), removed: true };
  }

  /** Remove a finalizer on behalf of a controller (namespace lifecycle, GC, CRD cleanup). */
  removeFinalizer(t: ResourceType, o: KObject, finalizer: string): void {
    const cur = this.store.get(this.gr(t), o.metadata.namespace, o.metadata.name!);
    if (!cur || !(cur.metadata.finalizers ?? []).includes(finalizer)) return;
    const next = clone(cur);
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== finalizer);
    if (!next.metadata.finalizers.length) delete next.metadata.finalizers;
    this.commitUpdate(t, this.present(t, cur), next, { manager: controllerManager(finalizer) });
  }

  // ---------- hooks ----------

  private writeListeners = new Set<(t: ResourceType, old: KObject | undefined, cur: KObject) => void>();
  private deleteListeners = new Set<(t: ResourceType, last: KObject) => void>();

  onWrite(fn: (t: ResourceType, old: KObject | undefined, cur: KObject) => void): () => void {
    this.writeListeners.add(fn);
    return () => this.writeListeners.delete(fn);
  }

  onDelete(fn: (t: ResourceType, last: KObject) => void): () => void {
    this.deleteListeners.add(fn);
    return () => this.deleteListeners.delete(fn);
  }

  private afterWrite(t: ResourceType, old: KObject | undefined, cur: KObject): void {
    if (t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions' && !cur.metadata.deletionTimestamp) this.registerCrd(cur);
    for (const fn of this.writeListeners) fn(t, old, cur);
  }

  private afterDelete(t: ResourceType, last: KObject): void {
    if (t.group === '' && t.plural === 'services') this.allocator.release(last);
    if (t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions') {
      this.registry.setCrd(undefined, last.metadata.name!);
      sem.unregisterCrdSchema(last.metadata.name!);
    }
    for (const fn of this.deleteListeners) fn(t, last);
  }

  private registerCrd(crd: KObject): void {
    sem.registerCrdSchema(crd);
    this.registry.setCrd(crd, crd.metadata.name!);
  }

  // ---------- helpers ----------

  private mustGet(t: ResourceType, ns: string | undefined, name: string): KObject {
    const o = this.store.get(this.gr(t), t.namespaced ? ns : undefined, name);
    if (!o) throw notFound(t, name);
    return this.present(t, o);
  }

  private namespaceFinalizersPending(t: ResourceType, o: KObject): boolean {
    if (!(t.group === '' && t.plural === 'namespaces')) return false;
    const fins = (o['spec'] as { finalizers?: string[] } | undefined)?.finalizers;
    return !!fins?.length;
  }

  private checkNamespaceForCreate(t: ResourceType, obj: KObject): void {
    if (!t.namespaced) return;
    const ns = obj.metadata.namespace!;
    const nsObj = this.store.get(grKey('', 'namespaces'), undefined, ns);
    if (!nsObj) throw namespaceNotFound(ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw forbidden(t, obj.metadata.name || undefined, `unable to create new content in namespace ${ns} because it is being terminated`,
        [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }]);
    }
  }

  /** Decode a write body: kind/apiVersion checked or filled from the URL, namespace reconciled. */
  private decodeBody(t: ResourceType, ns: string | undefined, body: unknown): KObject {
    if (!isObject(body)) throw badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: the body must be a JSON object`);
    const obj = clone(body) as KObject;
    const gv = groupVersion(t);
    if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (obj.kind !== undefined && obj.kind !== t.kind) {
      throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${t.kind})`);
    }
    obj.apiVersion = gv;
    obj.kind = t.kind;
    if (obj.metadata !== undefined && obj.metadata !== null && !isObject(obj.metadata)) {
      const typeError = sem.typeError(obj, sem.schemaFor(this, t));
      throw badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${typeError ?? 'metadata must be an object'}`);
    }
    if (!isObject(obj.metadata)) obj.metadata = {};
    if (t.namespaced) {
      if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns ?? obj.metadata.namespace;
      if (!obj.metadata.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    } else {
      delete obj.metadata.namespace;
    }
    return obj;
  }

  /** Patch media types accepted for a resource. */
  static patchTypes(t: ResourceType): string[] { return t.custom ? PATCH_TYPES_CUSTOM : PATCH_TYPES_BUILTIN; }
}

function controllerManager(finalizer: string): string {
  if (finalizer === 'kubernetes') return 'kube-controller-manager';
  if (finalizer.includes('apiextensions')) return 'kube-apiserver';
  return 'kube-controller-manager';
}
