// Everything that runs "in the background" of the test server: bootstrap objects, namespace
// lifecycle, garbage collection, CRD cleanup (always on) and the status simulator (switchable).
import type { Cluster } from '../core/cluster.js';
import { startBootstrap } from './bootstrap.js';
import { startCrdCleanup } from './crd-cleanup.js';
import { startGarbageCollector } from './gc.js';
import { startNamespaceController } from './namespace.js';
import { OwnerIndex } from './owners.js';
import { Scheduler } from './scheduler.js';
import { createSimulator, type SimTiming } from './simulator.js';

export interface ControllerOptions {
  /** run the status simulator (spec §3.11) */
  simulate: boolean;
  /** create the optional bootstrap objects (kubernetes Service, default SA, kube-root-ca.crt, …) */
  bootstrap: boolean;
  /** PEM of the cluster CA, published as kube-root-ca.crt in every namespace */
  caPem: string;
  /** simulator delays; tests may shorten them */
  timing?: Partial<SimTiming>;
}

export interface Controllers {
  stop(): void;
  setSimulate(on: boolean): void;
  readonly simulating: boolean;
}

export function startControllers(cluster: Cluster, opts: ControllerOptions): Controllers {
  const sched = new Scheduler();
  const owners = new OwnerIndex(cluster.store);
  const stops: Array<() => void> = [];
  stops.push(startBootstrap(cluster, { bootstrap: opts.bootstrap, caPem: opts.caPem }, sched));
  stops.push(startNamespaceController(cluster, owners, sched));
  stops.push(startGarbageCollector(cluster, owners, sched));
  stops.push(startCrdCleanup(cluster, owners, sched));
  const sim = createSimulator(cluster, owners, sched, opts.simulate, opts.timing);
  stops.push(() => sim.stop());
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      for (const s of stops.reverse()) s();
      sched.stop();
      owners.stop();
    },
    setSimulate(on: boolean) { if (!stopped) sim.setEnabled(on); },
    get simulating() { return sim.enabled; },
  };
}

export type { SimTiming } from './simulator.js';
