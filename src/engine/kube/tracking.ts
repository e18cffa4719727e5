// Which GitOps app an object belongs to, from the tracking metadata each tool writes:
// Plumb's own annotation (same format as Argo CD's tracking-id), Argo CD's annotation and its
// older instance label, and Flux's kustomize-/helm-controller labels.
import type { KubeObject } from '../types.js';

/** Annotation Plumb writes on objects it applies: `<app>:<group>/<kind>:<namespace>/<name>`. */
export const PLUMB_TRACKING_ANNOTATION = 'plumb.dev/tracking-id';
export const ARGOCD_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
export const ARGOCD_INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const FLUX_KUSTOMIZE_LABELS = { name: 'kustomize.toolkit.fluxcd.io/name', namespace: 'kustomize.toolkit.fluxcd.io/namespace' } as const;
export const FLUX_HELM_LABELS = { name: 'helm.toolkit.fluxcd.io/name', namespace: 'helm.toolkit.fluxcd.io/namespace' } as const;

export interface Tracking {
  tool: 'plumb' | 'argocd' | 'flux';
  /** Argo CD / Plumb app name (Argo's `<namespace>_<name>` form kept as is); Flux Kustomization or HelmRelease name */
  app: string;
  /** Flux: the namespace of the Kustomization / HelmRelease */
  namespace?: string;
  /** which metadata said so */
  via: 'annotation' | 'label';
  /** Flux: which controller */
  controller?: 'kustomize' | 'helm';
}

/** `<app>:<group>/<kind>:<namespace>/<name>`, as Argo CD formats its tracking-id. */
export function trackingIdFor(app: string, obj: KubeObject, namespace = obj.metadata?.namespace ?? ''): string {
  const av = obj.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  return `${app}:${group}/${obj.kind ?? ''}:${namespace}/${obj.metadata?.name ?? ''}`;
}

export interface TrackingId { app: string; group: string; kind: string; namespace: string; name: string }

export function parseTrackingId(id: string): TrackingId | undefined {
  // The app name has no ':' (Kubernetes names cannot), so the first ':' ends it.
  const m = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(id.trim());
  return m ? { app: m[1]!, group: m[2]!, kind: m[3]!, namespace: m[4]!, name: m[5]! } : undefined;
}

/**
 * The app tracking an object, or undefined. An annotation whose id names a different object
 * (the object was copied, e.g. `kubectl get -o yaml | kubectl apply`) does not count, as in Argo
 * CD, and is not overridden by a label either.
 */
export function trackingOf(obj: KubeObject): Tracking | undefined {
  const ann = obj.metadata?.annotations ?? {};
  const labels = obj.metadata?.labels ?? {};
  for (const [key, tool] of [[PLUMB_TRACKING_ANNOTATION, 'plumb'], [ARGOCD_TRACKING_ANNOTATION, 'argocd']] as const) {
    const v = ann[key];
    if (!v) continue;
    const p = parseTrackingId(v);
    return p && refersTo(p, obj) ? { tool, app: p.app, via: 'annotation' } : undefined;
  }
  const fk = labels[FLUX_KUSTOMIZE_LABELS.name];
  if (fk) return { tool: 'flux', app: fk, namespace: labels[FLUX_KUSTOMIZE_LABELS.namespace], via: 'label', controller: 'kustomize' };
  const fh = labels[FLUX_HELM_LABELS.name];
  if (fh) return { tool: 'flux', app: fh, namespace: labels[FLUX_HELM_LABELS.namespace], via: 'label', controller: 'helm' };
  // Argo CD's label tracking (default before 3.0). Helm charts set this label too, so it is the weakest signal.
  const inst = labels[ARGOCD_INSTANCE_LABEL];
  if (inst) return { tool: 'argocd', app: inst, via: 'label' };
  return undefined;
}

function refersTo(p: TrackingId, obj: KubeObject): boolean {
  const av = obj.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  // Cluster-scoped objects carry no namespace; Argo still may write the app's namespace there.
  const ns = obj.metadata?.namespace ?? '';
  return p.group === group && p.kind === obj.kind && p.name === obj.metadata?.name && (p.namespace === ns || ns === '');
}
