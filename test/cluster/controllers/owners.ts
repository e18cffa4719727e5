// An index of every stored object by uid and of dependents by owner uid, kept current from store
// events. Garbage collection and the simulator's controllers ask it instead of scanning lists,
// which keeps them cheap with 10 000 objects.
import type { KObject, OwnerReference } from '../api/types.js';
import type { Store, StoreEvent } from '../store/store.js';

/** Where an object lives in the store. */
export interface ObjectLoc { gr: string; namespace?: string; name: string; uid: string }

const locKey = (l: { gr: string; namespace?: string; name: string }) => `${l.gr}|${l.namespace ?? ''}|${l.name}`;

export class OwnerIndex {
  private readonly byUid = new Map<string, ObjectLoc>();
  /** owner uid → dependents (by location key) */
  private readonly deps = new Map<string, Map<string, ObjectLoc>>();
  private readonly unsubscribe: () => void;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(private readonly store: Store) {
    for (const gr of store.resources()) for (const o of store.list(gr)) this.add(gr, o);
    this.unsubscribe = store.subscribe((e) => this.onEvent(e));
  }

  stop(): void { this.unsubscribe(); }

  /** Listen to store events after the index has taken them into account. */
  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  locate(uid: string): ObjectLoc | undefined { return this.byUid.get(uid); }

  /** The live object with this uid, if any. */
  getByUid(uid: string): KObject | undefined {
    const l = this.byUid.get(uid);
    return l && this.store.get(l.gr, l.namespace, l.name);
  }

  /** Dependents of an owner (objects with an ownerReference to its uid). */
  dependents(ownerUid: string): ObjectLoc[] {
    const m = this.deps.get(ownerUid);
    return m ? [...m.values()] : [];
  }

  /** Live dependent objects of an owner in one resource. */
  dependentObjects(ownerUid: string, gr: string): KObject[] {
    const out: KObject[] = [];
    for (const l of this.dependents(ownerUid)) {
      if (l.gr !== gr) continue;
      const o = this.store.get(l.gr, l.namespace, l.name);
      if (o) out.push(o);
    }
    return out;
  }

  /**
   * Does the owner named by `ref` exist for a dependent in `namespace`? A namespaced owner must be
   * in the dependent's namespace; a reference whose uid matches nothing is dangling.
   */
  ownerExists(ref: OwnerReference, dependentNamespace: string | undefined): KObject | undefined {
    const o = this.getByUid(ref.uid);
    if (!o || o.metadata.name !== ref.name) return undefined;
    if (o.metadata.namespace !== undefined && o.metadata.namespace !== dependentNamespace) return undefined;
    return o;
  }

  private onEvent(e: StoreEvent): void {
    if (e.previous) this.drop(e.gr, e.previous);
    if (e.type !== 'DELETED') this.add(e.gr, e.object);
    for (const fn of this.listeners) fn(e);
  }

  private add(gr: string, o: KObject): void {
    const m = o.metadata;
    if (!m.uid || !m.name) return;
    const loc: ObjectLoc = { gr, namespace: m.namespace, name: m.name, uid: m.uid };
    this.byUid.set(m.uid, loc);
    for (const r of ownerRefs(o)) {
      let set = this.deps.get(r.uid);
      if (!set) { set = new Map(); this.deps.set(r.uid, set); }
      set.set(locKey(loc), loc);
    }
  }

  private drop(gr: string, o: KObject): void {
    const m = o.metadata;
    if (!m.uid || !m.name) return;
    const cur = this.byUid.get(m.uid);
    if (cur && cur.gr === gr && cur.name === m.name && cur.namespace === m.namespace) this.byUid.delete(m.uid);
    const key = locKey({ gr, namespace: m.namespace, name: m.name });
    for (const r of ownerRefs(o)) {
      const set = this.deps.get(r.uid);
      if (!set) continue;
      set.delete(key);
      if (!set.size) this.deps.delete(r.uid);
    }
  }
}

export function ownerRefs(o: KObject): OwnerReference[] {
  const refs = o.metadata.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter((r): r is OwnerReference => typeof r === 'object' && r !== null && typeof r.uid === 'string');
}

/** The controller reference (controller: true) of an object, if any. */
export function controllerRef(o: KObject): OwnerReference | undefined {
  return ownerRefs(o).find((r) => r.controller === true);
}
