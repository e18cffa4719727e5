// Polling waits used while a sync runs: an object's health settles, a hook finishes, a deleted
// object is gone. Polling (not watches) keeps the executor independent of the live cache.
import { assessHealth } from '../health/index.js';
import type { KubeClient, ObjectTarget } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import type { Health, KubeObject, ObjectRef } from '../types.js';

export const POLL_MS = 200;

export class WaitTimeout extends Error {}
export class WaitCancelled extends Error {}
/** Reading an object while waiting failed: carries which object, so the report can name it. */
export class WaitReadError extends Error {
  constructor(readonly target: ObjectTarget, cause: unknown) { super(cause instanceof Error ? cause.message : String(cause)); }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new WaitCancelled('cancelled'));
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(new WaitCancelled('cancelled')); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const targetOf = (o: KubeObject | ObjectRef): ObjectTarget => {
  if ('apiVersion' in o || 'metadata' in o) {
    const obj = o as KubeObject;
    const av = obj.apiVersion ?? '';
    const [group, version] = av.includes('/') ? av.split('/') as [string, string] : ['', av];
    return { group, version, kind: obj.kind ?? '', namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '' };
  }
  const r = o as ObjectRef;
  return { group: r.group, kind: r.kind, namespace: r.namespace, name: r.name };
};

async function getOrUndefined(client: KubeClient, t: ObjectTarget, signal: AbortSignal): Promise<KubeObject | undefined> {
  try {
    return await client.get(t, { signal });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    if (signal.aborted) throw new WaitCancelled('cancelled');
    throw new WaitReadError(t, e);
  }
}

/** Polls until no object is Progressing; returns the first Degraded one (with its health) if any. */
export async function waitSettled(client: KubeClient, targets: ObjectTarget[], timeoutMs: number, signal: AbortSignal):
  Promise<{ degraded?: { target: ObjectTarget; health: Health } }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let progressing: ObjectTarget | undefined;
    for (const t of targets) {
      const live = await getOrUndefined(client, t, signal);
      // Not there yet (e.g. a cache lag on a real server) counts as still progressing.
      const h = live ? assessHealth(live) : { status: 'Progressing' as const };
      if (h?.status === 'Degraded') return { degraded: { target: t, health: h } };
      if (h?.status === 'Progressing' && !progressing) progressing = t;
    }
    if (!progressing) return {};
    if (Date.now() >= deadline) throw new WaitTimeout(`${progressing.kind} ${progressing.namespace ? `${progressing.namespace}/` : ''}${progressing.name} still progressing after ${Math.round(timeoutMs / 1000)}s`);
    await sleep(POLL_MS, signal);
  }
}

/** A hook Job/Pod's outcome; other kinds are done when they are not Progressing. */
export function hookOutcome(o: KubeObject): 'running' | 'succeeded' | 'failed' {
  const status = (o.status ?? {}) as { conditions?: Array<{ type?: string; status?: string }>; phase?: string };
  if (o.kind === 'Job') {
    const c = status.conditions ?? [];
    if (c.some((x) => x.type === 'Failed' && x.status === 'True')) return 'failed';
    if (c.some((x) => x.type === 'Complete' && x.status === 'True')) return 'succeeded';
    return 'running';
  }
  if (o.kind === 'Pod') return status.phase === 'Succeeded' ? 'succeeded' : status.phase === 'Failed' ? 'failed' : 'running';
  const h = assessHealth(o)?.status;
  return h === 'Degraded' ? 'failed' : h === 'Progressing' ? 'running' : 'succeeded';
}

export async function waitHook(client: KubeClient, t: ObjectTarget, timeoutMs: number, signal: AbortSignal): Promise<'succeeded' | 'failed'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = await getOrUndefined(client, t, signal);
    if (!live) return 'failed';
    const r = hookOutcome(live);
    if (r !== 'running') return r;
    if (Date.now() >= deadline) throw new WaitTimeout(`hook ${t.kind} ${t.name} did not finish within ${Math.round(timeoutMs / 1000)}s`);
    await sleep(POLL_MS, signal);
  }
}

export async function waitGone(client: KubeClient, t: ObjectTarget, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await getOrUndefined(client, t, signal)) {
    if (Date.now() >= deadline) throw new WaitTimeout(`${t.kind} ${t.name} still exists ${Math.round(timeoutMs / 1000)}s after its deletion`);
    await sleep(POLL_MS, signal);
  }
}
