// Normalisation before comparing (drift-contract rule 2): no status, no server-set metadata, no
// last-applied annotation, no GitOps tracking metadata that Git does not declare; Secret
// stringData folded into base64 data, as the API server stores it. Inputs are never mutated.
import {
  ARGOCD_TRACKING_ANNOTATION, FLUX_HELM_LABELS, FLUX_KUSTOMIZE_LABELS, PLUMB_TRACKING_ANNOTATION,
} from '../kube/tracking.js';
import type { KubeObject } from '../types.js';
import { clone, isObj, pruneEmpty, type Json, type JsonObject } from './json.js';

// Server-set metadata (rule 2), plus name and namespace: they are the identity the caller paired
// the objects by (a namespace on a cluster-scoped object in Git is cleared, as Argo CD does).
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'name', 'namespace'];

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Tracking annotations written by GitOps tools (not compared unless Git declares them). */
// plumb.dev/revision and plumb.dev/break-glass: what `plumb sync` / break-glass record on applied objects (sync/execute.ts, cli/break-glass.ts).
export const TRACKING_ANNOTATIONS: readonly string[] = [ARGOCD_TRACKING_ANNOTATION, PLUMB_TRACKING_ANNOTATION, 'plumb.dev/revision', 'plumb.dev/break-glass'];
/** Tracking labels written by GitOps tools (not compared unless Git declares them). */
export const TRACKING_LABELS: readonly string[] = [
  FLUX_KUSTOMIZE_LABELS.name, FLUX_KUSTOMIZE_LABELS.namespace, FLUX_HELM_LABELS.name, FLUX_HELM_LABELS.namespace,
];

/** base64 of the UTF-8 bytes, as the API server converts stringData. */
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A Secret with `stringData` merged into `data` (stringData wins on a clash); other objects unchanged. */
export function secretStringDataToData<T extends JsonObject>(obj: T): T {
  const sd = obj['stringData'];
  if (!isObj(sd)) return obj;
  const out = { ...obj } as JsonObject;
  const data: JsonObject = isObj(out['data']) ? { ...(out['data'] as JsonObject) } : {};
  for (const [k, v] of Object.entries(sd)) data[k] = typeof v === 'string' ? b64(v) : v;
  out['data'] = data;
  delete out['stringData'];
  return out as T;
}

export interface NormalizeOptions {
  /** labels and annotations Git declares: tracking metadata among them is kept */
  declaredLabels?: ReadonlySet<string>;
  declaredAnnotations?: ReadonlySet<string>;
}

/**
 * A comparable copy of an object: identity fields (apiVersion, kind) and everything of rule 2
 * removed, nulls and empty maps/lists pruned.
 */
export function normalizeForCompare(obj: KubeObject, opts: NormalizeOptions = {}): JsonObject {
  // Strip the big server-side parts (status, managedFields, last-applied) before copying.
  const top: JsonObject = {};
  for (const [k, v] of Object.entries(obj as unknown as JsonObject)) if (k !== 'status' && k !== 'apiVersion' && k !== 'kind') top[k] = v;
  const meta0 = obj.metadata;
  if (isObj(meta0)) {
    const meta: JsonObject = {};
    for (const [k, v] of Object.entries(meta0 as JsonObject)) if (!SERVER_METADATA.includes(k)) meta[k] = v;
    if (isObj(meta['annotations'])) {
      const ann: JsonObject = { ...(meta['annotations'] as JsonObject) };
      delete ann[LAST_APPLIED];
      for (const k of TRACKING_ANNOTATIONS) if (!opts.declaredAnnotations?.has(k)) delete ann[k];
      meta['annotations'] = ann;
    }
    if (isObj(meta['labels'])) {
      const labels: JsonObject = { ...(meta['labels'] as JsonObject) };
      for (const k of TRACKING_LABELS) if (!opts.declaredLabels?.has(k)) delete labels[k];
      meta['labels'] = labels;
    }
    top['metadata'] = meta;
  }
  let o = clone(top);
  if (obj.kind === 'Secret') {
    o = secretStringDataToData(o);
    // A nil value and "" are the same Secret data (argo-cd#943).
    if (isObj(o['data'])) for (const [k, v] of Object.entries(o['data'])) if (v === null) (o['data'] as JsonObject)[k] = '';
  }
  return (pruneEmpty(o) ?? {}) as JsonObject;
}

/** The desired object as an apply sends it: no status, Secret stringData as data (shallow copy). */
export function prepareDesired(desired: KubeObject): KubeObject {
  const o: JsonObject = { ...(desired as unknown as JsonObject) };
  delete o['status'];
  return (desired.kind === 'Secret' ? secretStringDataToData(o) : o) as unknown as KubeObject;
}

export type { Json };
