// Shared by the Flux discoverers: the source objects declared in the repository, names,
// dependencies and drift ignore rules. Flux apps are named `<namespace>/<name>`: objects of the
// same name live in several namespaces (one per tenant), and `flux get ks -A` shows both columns.

import type { IgnoreDifference } from '../types.js';
import type { ConfigObjects } from './config-objects.js';
import { isRelativeRepoPath, kustomizeNamespaceOf, report, type DiscoveryContext, type Locate } from './context.js';
import { arr, compact, isObj, obj, str, strList, type Obj } from './values.js';
import type { FieldPath, YamlDoc } from './yaml-docs.js';

export const FLUX_NAMESPACE = 'flux-system';

const KS_API = 'kustomize.toolkit.fluxcd.io/';
const HR_API = 'helm.toolkit.fluxcd.io/';
const SOURCE_API = 'source.toolkit.fluxcd.io/';

export const isFluxKustomization = (v: unknown): boolean => isObj(v) && String(v['apiVersion']).startsWith(KS_API) && v['kind'] === 'Kustomization';
export const isHelmRelease = (v: unknown): boolean => isObj(v) && String(v['apiVersion']).startsWith(HR_API) && v['kind'] === 'HelmRelease';
export const isFluxSource = (v: unknown): boolean => isObj(v) && String(v['apiVersion']).startsWith(SOURCE_API);

export const fluxAppName = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Flux sources declared in the repository, by `Kind/namespace/name`. */
export class FluxSources {
  private readonly byKey = new Map<string, { value: Obj; doc: YamlDoc }>();
  constructor(docs: YamlDoc[], ctx: DiscoveryContext) {
    for (const doc of docs) {
      if (!isFluxSource(doc.value)) continue;
      const value = doc.value as Obj;
      const meta = obj(value['metadata']);
      const name = str(meta?.['name']);
      if (!name) continue;
      const ns = str(meta?.['namespace']) ?? kustomizeNamespaceOf(doc, ctx.scan) ?? FLUX_NAMESPACE;
      this.byKey.set(`${String(value['kind'])}/${ns}/${name}`, { value, doc });
    }
  }
  get(kind: string, namespace: string, name: string): Obj | undefined {
    return this.byKey.get(`${kind}/${namespace}/${name}`)?.value;
  }
}

export interface FluxEnv {
  ctx: DiscoveryContext;
  sources: FluxSources;
  configs: ConfigObjects;
}

export interface Head { name: string; ns: string; app: string; spec: Obj; locate: Locate; fail(severity: 'error' | 'warning', message: string, at: FieldPath): void }

export function head(doc: YamlDoc, kind: string, ctx: DiscoveryContext): Head | undefined {
  const value = doc.value as Obj;
  const meta = obj(value['metadata']) ?? {};
  const name = str(meta['name']);
  if (!name) {
    report(ctx, 'error', `${kind} has no metadata.name`, doc.locate(['metadata']));
    return undefined;
  }
  const ns = str(meta['namespace']) ?? kustomizeNamespaceOf(doc, ctx.scan) ?? FLUX_NAMESPACE;
  const app = fluxAppName(ns, name);
  const fail = (severity: 'error' | 'warning', message: string, at: FieldPath): void => report(ctx, severity, message, doc.locate(at), app);
  const spec = obj(value['spec']);
  if (!spec) {
    fail('error', `${kind} has no spec`, []);
    return undefined;
  }
  return { name, ns, app, spec, locate: doc.locate, fail };
}

/** Where a Git source points: this repository, or a remote one. */
export function gitSource(kind: string, name: string, namespace: string, at: FieldPath, h: Head, env: FluxEnv): { local: boolean; url: string } {
  const src = env.sources.get(kind, namespace, name);
  if (kind === 'GitRepository') {
    if (!src) {
      // `flux bootstrap` declares its GitRepository (usually flux-system) in the repository it bootstraps
      h.fail('warning', `GitRepository ${namespace}/${name} is not declared in this repository; assuming it is this repository`, at);
      return { local: true, url: '' };
    }
    const url = str(obj(src['spec'])?.['url']) ?? '';
    return { local: env.ctx.isThisRepo(url) || isRelativeRepoPath(url), url };
  }
  return { local: false, url: str(obj(src?.['spec'])?.['url']) ?? '' };
}

export function dependsOn(spec: Obj, ns: string): string[] | undefined {
  const list = arr(spec['dependsOn'])
    ?.map((d) => obj(d))
    .filter((d): d is Obj => !!d && typeof d['name'] === 'string')
    .map((d) => fluxAppName(str(d['namespace']) ?? ns, d['name'] as string));
  return list?.length ? list : undefined;
}

/**
 * Flux drift ignore rules (`{paths, target}`) as IgnoreDifference. Flux matches target fields as
 * regular expressions; plain names translate exactly, `.*` becomes `*`, anything else is reported.
 */
export function fluxIgnoreRules(v: unknown, at: FieldPath, h: Head): IgnoreDifference[] {
  const out: IgnoreDifference[] = [];
  for (const [i, r] of (arr(v) ?? []).entries()) {
    const rule = obj(r);
    const paths = strList(rule?.['paths']);
    if (!rule || !paths?.length) {
      h.fail('error', 'ignore rules need paths (JSON pointers)', [...at, i]);
      continue;
    }
    const t = obj(rule['target']) ?? {};
    if (t['labelSelector'] !== undefined || t['annotationSelector'] !== undefined) {
      h.fail('warning', 'ignore rules with labelSelector or annotationSelector are not applied by Plumb yet', [...at, i, 'target']);
      continue;
    }
    const plain = (x: unknown, wildcard: boolean): string | undefined | null => {
      const s = str(x);
      if (s === undefined) return wildcard ? '*' : undefined;
      if (s === '.*' || s === '^.*$') return wildcard ? '*' : undefined;
      const m = /^\^?([A-Za-z0-9._-]*)\$?$/.exec(s);
      return m ? m[1]!.replace(/\\\./g, '.') : null;
    };
    const group = plain(t['group'], true);
    const kind = plain(t['kind'], true);
    const name = plain(t['name'], false);
    const namespace = plain(t['namespace'], false);
    if (group === null || kind === null || name === null || namespace === null) {
      h.fail('warning', 'ignore rule targets with regular expressions are not applied by Plumb yet (use plain names)', [...at, i, 'target']);
      continue;
    }
    out.push(compact({ group: group ?? '*', kind: kind ?? '*', name: name ?? undefined, namespace: namespace ?? undefined, jsonPointers: paths }));
  }
  return out;
}
