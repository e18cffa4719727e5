// App-level health, as Argo CD's app controller aggregates it (controller/health.go
// setApplicationHealth): the worst resource health, where hooks, resources annotated
// ignore-healthcheck, the app's own Application and Missing resources do not count (OutOfSync
// already reports what is missing), a Missing/Unknown child Application does not count either,
// and an app whose resources are all missing is Missing.
import { refKey, refOf, type Health, type HealthStatus, type KubeObject, type ObjectRef } from '../types.js';
import { isHook, isSkipHook } from './hook.js';
import { assessHealth } from './assess.js';
import { isWorse } from './order.js';
import { health } from './read.js';

export const IGNORE_HEALTHCHECK = 'argocd.argoproj.io/ignore-healthcheck';
const MAX_CAUSES_SHOWN = 3;

/**
 * The aggregate of per-resource healths (undefined = a live object without health check;
 * Missing = absent from the cluster). Missing never worsens the result, but all-Missing is
 * Missing; an empty list is Healthy.
 */
export function aggregateHealth(items: Array<Health | undefined>): Health {
  let status: HealthStatus = 'Healthy';
  for (const h of items) if (h && h.status !== 'Missing' && isWorse(status, h.status)) status = h.status;
  const anyLive = items.some((h) => h?.status !== 'Missing');
  if (items.length && !anyLive && isWorse(status, 'Missing')) status = 'Missing';
  return health(status);
}

export interface ResourceHealthInput {
  /** the object as the cluster returns it; absent when it is missing */
  live?: KubeObject;
  /** the object rendered from Git, absent for extraneous objects */
  target?: KubeObject;
  /** the health of `live` when already computed (default: assessHealth(live)) */
  health?: Health;
}

export interface AppHealth extends Health {
  /** the resources with the resulting status (none when Healthy or all Missing) */
  causes: ObjectRef[];
}

/**
 * Argo CD's app health over an app's resources. `self` is the app's own Application object
 * (an app that manages itself), which never counts. The message names up to 3 causes, as
 * Argo CD words it: "Caused by apps/Deployment:shop/web and 2 more".
 */
export function appHealth(resources: ResourceHealthInput[], opts: { self?: ObjectRef } = {}): AppHealth {
  let status: HealthStatus = 'Healthy';
  let causes: ObjectRef[] = [];
  let anyResource = false;
  let anyLive = false;
  const self = opts.self ? refKey(opts.self) : undefined;
  for (const r of resources) {
    if (r.target && isSkipHook(r.target)) continue;
    if (r.live && isHook(r.live)) continue;
    anyResource = true;
    if (!r.live) continue; // Missing: counted only by the all-missing rule below
    anyLive = true;
    if (r.live.metadata?.annotations?.[IGNORE_HEALTHCHECK] === 'true') continue;
    const ref = refOf(r.live);
    if (self !== undefined && refKey(ref) === self) continue;
    const h = r.health ?? assessHealth(r.live);
    if (!h) continue;
    if (ref.group === 'argoproj.io' && ref.kind === 'Application' && (h.status === 'Missing' || h.status === 'Unknown')) continue;
    if (isWorse(status, h.status)) {
      status = h.status;
      causes = [ref];
    } else if (status === h.status && status !== 'Healthy') {
      causes.push(ref);
    }
  }
  if (anyResource && !anyLive && isWorse(status, 'Missing')) {
    status = 'Missing';
    causes = [];
  }
  return { ...health(status, causesMessage(causes)), causes };
}

function causesMessage(causes: ObjectRef[]): string {
  if (!causes.length) return '';
  const shown = causes.slice(0, MAX_CAUSES_SHOWN).map((c) => {
    const gk = c.group ? `${c.group}/${c.kind}` : c.kind;
    return `${gk}:${c.namespace ? `${c.namespace}/${c.name}` : c.name}`;
  });
  const more = causes.length > MAX_CAUSES_SHOWN ? ` and ${causes.length - MAX_CAUSES_SHOWN} more` : '';
  return `Caused by ${shown.join(', ')}${more}`;
}
