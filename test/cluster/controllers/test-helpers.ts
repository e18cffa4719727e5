// Shared by the controller unit tests: a Cluster with controllers running on short delays, and
// polling helpers (the controllers' timers are unref'd, so tests must keep the loop alive).
import type { KObject, ResourceType } from '../api/types.js';
import { ResourceRegistry } from '../api/registry.js';
import { Cluster } from '../core/cluster.js';
import { Store } from '../store/store.js';
import { startControllers, type Controllers, type ControllerOptions } from './index.js';

export const FAST = { controllerMs: 1, scheduleMs: 1, podStartMs: 5, jobRunMs: 5, endpointsMs: 1, events: true };

export interface Harness {
  cluster: Cluster;
  controllers: Controllers;
  t(group: string, plural: string): ResourceType;
  create(group: string, plural: string, ns: string | undefined, body: KObject, manager?: string): KObject;
  get(group: string, plural: string, ns: string | undefined, name: string): KObject | undefined;
  list(group: string, plural: string, ns?: string): KObject[];
  stop(): void;
}

export function harness(opts: Partial<ControllerOptions> = {}): Harness {
  const cluster = new Cluster(new Store(), new ResourceRegistry());
  const controllers = startControllers(cluster, { simulate: true, bootstrap: true, caPem: 'PEM', timing: FAST, ...opts });
  const t = (group: string, plural: string) => {
    const r = cluster.registry.findGroupResource(group, plural);
    if (!r) throw new Error(`no type ${plural}.${group}`);
    return r;
  };
  return {
    cluster, controllers, t,
    create: (g, p, ns, body, manager = 'test') => cluster.create(t(g, p), ns, body, { manager }).object,
    get: (g, p, ns, name) => cluster.tryGet(t(g, p), ns, name),
    list: (g, p, ns) => cluster.list(t(g, p), ns),
    stop: () => controllers.stop(),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll until `fn` returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(fn: () => T | undefined | false | null, what: string, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function dig(o: unknown, ...path: Array<string | number>): unknown {
  let cur: unknown = o;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export function deployment(name: string, replicas: number, image = 'nginx:1.25', extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } }, ...extra,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

export interface TestCondition { type: string; status?: string; reason?: string; message?: string }

export function condition(o: KObject | undefined, type: string): TestCondition | undefined {
  const c = dig(o, 'status', 'conditions');
  return Array.isArray(c) ? (c as TestCondition[]).find((x) => x.type === type) : undefined;
}
