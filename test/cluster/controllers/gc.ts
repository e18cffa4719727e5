// Garbage collection by ownerReferences (spec §2.10), after kube-controller-manager's collector:
// - Background: once every owner of a dependent is gone, the dependent is deleted;
// - Foreground: an owner with the `foregroundDeletion` finalizer has its dependents deleted (in
//   foreground too) and loses the finalizer once no dependent with blockOwnerDeletion remains;
// - Orphan: an owner with the `orphan` finalizer has its ownerReferences stripped from the
//   dependents, then loses the finalizer.
// A dependent that still has a live owner only loses the references to owners that are gone.
import type { KObject, OwnerReference } from '../api/types.js';
import type { Cluster } from '../core/cluster.js';
import type { StoreEvent } from '../store/store.js';
import { ownerRefs, type ObjectLoc, type OwnerIndex } from './owners.js';
import type { Scheduler } from './scheduler.js';
import { isTerminating, tryDelete, typeOfGr, writeObject } from './util.js';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';
/** how long a dependent whose owner was never found waits before it is collected */
const DANGLING_GRACE_MS = 100;
const RESYNC_MS = 1000;

export function startGarbageCollector(cluster: Cluster, owners: OwnerIndex, sched: Scheduler): () => void {
  const gc = new GarbageCollector(cluster, owners, sched);
  const off = owners.subscribe((e) => gc.onEvent(e));
  gc.resync();
  gc.scanDangling();
  const timer = setInterval(() => gc.resync(), RESYNC_MS);
  timer.unref();
  return () => { off(); clearInterval(timer); };
}

export class GarbageCollector {
  /** owners seen terminating with the foreground or orphan finalizer, for the periodic re-check */
  private readonly waitingOwners = new Set<string>();

  constructor(private readonly cluster: Cluster, private readonly owners: OwnerIndex, private readonly sched: Scheduler) {
    for (const gr of cluster.store.resources()) {
      for (const o of cluster.store.list(gr)) if (needsOwnerProcessing(o)) this.waitingOwners.add(o.metadata.uid!);
    }
  }

  onEvent(e: StoreEvent): void {
    const o = e.object;
    const uid = o.metadata.uid;
    if (!uid) return;
    if (e.type === 'DELETED') {
      this.waitingOwners.delete(uid);
      // Its dependents may now be orphans of a vanished owner.
      for (const d of this.owners.dependents(uid)) this.enqueueDependent(d, 0);
      // It may have been the last blocking dependent of an owner deleted in foreground.
      for (const r of ownerRefs(o)) this.enqueueOwner(r.uid, 0);
      return;
    }
    if (needsOwnerProcessing(o)) {
      this.waitingOwners.add(uid);
      this.enqueueOwner(uid, 0);
    } else {
      this.waitingOwners.delete(uid);
    }
    // References that disappeared from a dependent can unblock a foreground owner.
    const before = new Set(e.previous ? ownerRefs(e.previous).map((r) => r.uid) : []);
    const now = ownerRefs(o);
    for (const u of before) if (!now.some((r) => r.uid === u)) this.enqueueOwner(u, 0);
    // A new or changed reference to an owner that does not exist (or is going away in foreground).
    if (now.length && !isTerminating(o) && now.some((r) => this.refState(r, o.metadata.namespace) !== 'solid')) {
      this.enqueueDependent({ gr: e.gr, namespace: o.metadata.namespace, name: o.metadata.name!, uid }, DANGLING_GRACE_MS);
    }
  }

  /** Re-examine owners waiting on dependents (a safety net; events normally drive everything). */
  resync(): void {
    for (const uid of this.waitingOwners) this.enqueueOwner(uid, 0);
  }

  /** At start (e.g. over a kept --state): dependents whose owners vanished while we were down. */
  scanDangling(): void {
    for (const gr of this.cluster.store.resources()) {
      for (const o of this.cluster.store.list(gr)) {
        const refs = ownerRefs(o);
        if (!refs.length || isTerminating(o)) continue;
        if (refs.some((r) => this.refState(r, o.metadata.namespace) !== 'solid')) {
          this.enqueueDependent({ gr, namespace: o.metadata.namespace, name: o.metadata.name!, uid: o.metadata.uid! }, DANGLING_GRACE_MS);
        }
      }
    }
  }

  private enqueueDependent(d: ObjectLoc, delay: number): void {
    this.sched.schedule(`gc:dep:${d.uid}`, delay, () => this.attemptToDelete(d));
  }

  private enqueueOwner(uid: string, delay: number): void {
    this.sched.schedule(`gc:owner:${uid}`, delay, () => this.processOwner(uid));
  }

  private refState(r: OwnerReference, ns: string | undefined): 'solid' | 'dangling' | 'waiting' {
    const owner = this.owners.ownerExists(r, ns);
    if (!owner) return 'dangling';
    if (isTerminating(owner) && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) return 'waiting';
    return 'solid';
  }

  /** Decide the fate of one dependent from the state of its owners. */
  attemptToDelete(d: ObjectLoc): void {
    const o = this.cluster.store.get(d.gr, d.namespace, d.name);
    if (!o || o.metadata.uid !== d.uid) return;
    const t = typeOfGr(this.cluster, d.gr);
    if (!t) return;
    const refs = ownerRefs(o);
    if (!refs.length) return;
    const states = refs.map((r) => ({ r, s: this.refState(r, o.metadata.namespace) }));
    const solid = states.filter((x) => x.s === 'solid');
    const gone = states.filter((x) => x.s !== 'solid');
    if (!gone.length) return;
    if (solid.length) {
      // Keep the object for its live owners; forget the others.
      const drop = new Set(gone.map((x) => x.r.uid));
      writeObject(this.cluster, t, o, (b) => setOwnerRefs(b, ownerRefs(b).filter((r) => !drop.has(r.uid))));
      return;
    }
    if (isTerminating(o)) return;
    const waiting = states.some((x) => x.s === 'waiting');
    tryDelete(this.cluster, t, o, waiting ? 'Foreground' : policyFromFinalizers(o));
  }

  /** An owner being deleted in foreground or orphan mode. */
  processOwner(uid: string): void {
    const owner = this.owners.getByUid(uid);
    if (!owner || !isTerminating(owner)) return;
    const loc = this.owners.locate(uid)!;
    const t = typeOfGr(this.cluster, loc.gr);
    if (!t) return;
    const fins = owner.metadata.finalizers ?? [];
    const dependents = this.liveDependents(uid);
    if (fins.includes(ORPHAN)) {
      for (const dep of dependents) {
        const dt = typeOfGr(this.cluster, dep.gr);
        if (dt) writeObject(this.cluster, dt, dep.obj, (b) => setOwnerRefs(b, ownerRefs(b).filter((r) => r.uid !== uid)));
      }
      this.cluster.removeFinalizer(t, owner, ORPHAN);
      return;
    }
    if (fins.includes(FOREGROUND)) {
      let blocking = 0;
      for (const dep of dependents) {
        const ref = ownerRefs(dep.obj).find((r) => r.uid === uid);
        if (!isTerminating(dep.obj)) {
          const dt = typeOfGr(this.cluster, dep.gr);
          // A dependent with other live owners only drops this reference.
          if (dt) this.attemptToDelete({ gr: dep.gr, namespace: dep.obj.metadata.namespace, name: dep.obj.metadata.name!, uid: dep.obj.metadata.uid! });
        }
        const still = this.cluster.store.get(dep.gr, dep.obj.metadata.namespace, dep.obj.metadata.name!);
        if (still && still.metadata.uid === dep.obj.metadata.uid && ownerRefs(still).some((r) => r.uid === uid) && ref?.blockOwnerDeletion) blocking++;
      }
      if (!blocking) this.cluster.removeFinalizer(t, owner, FOREGROUND);
    }
  }

  private liveDependents(uid: string): Array<{ gr: string; obj: KObject }> {
    const out: Array<{ gr: string; obj: KObject }> = [];
    for (const l of this.owners.dependents(uid)) {
      const obj = this.cluster.store.get(l.gr, l.namespace, l.name);
      if (obj) out.push({ gr: l.gr, obj });
    }
    return out;
  }
}

/** An emptied list is dropped, as Go's omitempty does. */
function setOwnerRefs(o: KObject, refs: OwnerReference[]): void {
  if (refs.length) o.metadata.ownerReferences = refs;
  else delete o.metadata.ownerReferences;
}

function needsOwnerProcessing(o: KObject): boolean {
  const fins = o.metadata.finalizers ?? [];
  return isTerminating(o) && (fins.includes(FOREGROUND) || fins.includes(ORPHAN));
}

/** A dependent deleted by the collector keeps the cascade its own finalizers ask for. */
function policyFromFinalizers(o: KObject): 'Background' | 'Foreground' | 'Orphan' {
  const f = o.metadata.finalizers ?? [];
  if (f.includes(ORPHAN)) return 'Orphan';
  if (f.includes(FOREGROUND)) return 'Foreground';
  return 'Background';
}
