// One Argo CD `ApplicationSource` → AppSourceEntry, the way the repo-server decides the tool:
// explicit helm / kustomize / directory / plugin field first, otherwise what the folder holds
// (a kustomization file, then Chart.yaml, else plain YAML). `.argocd-source.yaml` and
// `.argocd-source-<app>.yaml` in the folder override the tool parameters, as Argo CD merges them.

import { parse as parseYaml } from 'yaml';
import type { AppSource, AppSourceEntry } from '../types.js';
import { isRelativeRepoPath, redactUrl, report, type DiscoveryContext, type Locate } from './context.js';
import { joinRel, KUSTOMIZATION_FILES, normRel, relativeTo } from './paths.js';
import { arr, bool, compact, isObj, obj, scalarString, str, strList, strMap, type Obj } from './values.js';
import type { FieldPath } from './yaml-docs.js';

/** A `ref` source of a multi-source app, for `$ref/...` value files. */
export interface RefSource { repoURL: string; local: boolean }

export interface ArgoSourceInput {
  src: Obj;
  /** where `src` sits in the declaring document */
  at: FieldPath;
  locate: Locate;
  appName: string;
  destinationNamespace?: string;
  refs: Map<string, RefSource>;
}

const TOOL_KEYS = ['helm', 'kustomize', 'directory', 'plugin'] as const;

export async function argoSource(input: ArgoSourceInput, ctx: DiscoveryContext): Promise<AppSourceEntry> {
  const { at, locate, appName } = input;
  let src = input.src;
  const repoURL = str(src['repoURL']) ?? '';
  const chart = str(src['chart']);
  const fail = (message: string, field: FieldPath = [], severity: 'error' | 'warning' = 'error'): void =>
    report(ctx, severity, message, locate([...at, ...field]), appName);

  if (!repoURL) {
    fail('source has no repoURL');
    return { source: { type: 'directory', path: str(src['path']) ?? '.' }, remote: { repoURL: '', reason: 'the source has no repoURL' } };
  }
  if (chart) {
    const source = helmSource(src, { chart, repoURL, version: str(src['targetRevision']) }, input, ctx, undefined);
    const version = source.version ? ` ${source.version}` : '';
    return { source, remote: { repoURL: redactUrl(repoURL), reason: `Helm chart "${chart}"${version} from a chart repository: chart is not available offline` } };
  }

  const rawPath = scalarString(src['path']) ?? '.';
  const path = normRel(rawPath);
  const local = ctx.isThisRepo(repoURL) || isRelativeRepoPath(repoURL);
  if (!local) {
    return { source: sourceOfType(explicitType(src) ?? 'directory', src, path ?? rawPath, input, ctx, false), remote: { repoURL: redactUrl(repoURL), reason: 'the source is another Git repository' } };
  }
  if (path === undefined) {
    fail(`path "${rawPath}" must be relative to the repository root and stay inside it`, ['path']);
    return { source: { type: 'directory', path: rawPath }, remote: { repoURL: redactUrl(repoURL), reason: `path "${rawPath}" is outside the repository` } };
  }
  const exists = await ctx.scan.dirExists(path);
  if (!exists) {
    if (ctx.scan.files.has(path)) fail(`path "${path}" is a file; Argo CD needs a folder`, ['path']);
    else fail(`path "${path}" does not exist in this repository`, ['path']);
  } else {
    src = await withOverrides(src, path, input, ctx);
  }
  const explicit = explicitType(src, (types) => fail(`several source types are set (${types.join(', ')}); Argo CD refuses this`));
  if (explicit === 'plugin') {
    const name = str(obj(src['plugin'])?.['name']);
    return {
      source: { type: 'directory', path },
      remote: { repoURL: redactUrl(repoURL), reason: `rendered by the config management plugin${name ? ` "${name}"` : ''}, which Plumb cannot run` },
    };
  }
  const type = explicit ?? detectType(path, ctx);
  return { source: sourceOfType(type, src, path, input, ctx, true) };
}

type ToolType = (typeof TOOL_KEYS)[number];

function explicitType(src: Obj, onMany?: (types: string[]) => void): ToolType | undefined {
  const set = TOOL_KEYS.filter((k) => isObj(src[k]));
  if (set.length > 1) onMany?.([...set]);
  return set[0];
}

function detectType(path: string, ctx: DiscoveryContext): 'kustomize' | 'helm' | 'directory' {
  const f = (name: string): string => (path === '.' ? name : `${path}/${name}`);
  if (KUSTOMIZATION_FILES.some((k) => ctx.scan.files.has(f(k)))) return 'kustomize';
  if (ctx.scan.files.has(f('Chart.yaml'))) return 'helm';
  return 'directory';
}

function sourceOfType(type: ToolType, src: Obj, path: string, input: ArgoSourceInput, ctx: DiscoveryContext, local: boolean): AppSource {
  if (type === 'helm') return helmSource(src, { path }, input, ctx, local ? path : undefined);
  if (type === 'kustomize') return kustomizeSource(src, path, input, ctx, local);
  const d = obj(src['directory']) ?? {};
  const jsonnet = obj(d['jsonnet']);
  if (jsonnet && (arr(jsonnet['tlas'])?.length || arr(jsonnet['extVars'])?.length || arr(jsonnet['libs'])?.length)) {
    report(ctx, 'warning', 'jsonnet parameters are not applied: Plumb renders YAML and JSON files only', input.locate([...input.at, 'directory', 'jsonnet']), input.appName);
  }
  return compact({ type: 'directory' as const, path, recurse: bool(d['recurse']), include: str(d['include']), exclude: str(d['exclude']) });
}

function kustomizeSource(src: Obj, path: string, input: ArgoSourceInput, ctx: DiscoveryContext, local: boolean): AppSource {
  const k = obj(src['kustomize']) ?? {};
  const components = strList(k['components'])?.map((c) => (local ? joinRel(path, c) ?? c : c));
  components?.forEach((c, i) => {
    if (local && !ctx.scan.dirs.has(c) && !bool(k['ignoreMissingComponents'])) {
      report(ctx, 'error', `kustomize component "${c}" does not exist in this repository`, input.locate([...input.at, 'kustomize', 'components', i]), input.appName);
    }
  });
  const replicas = arr(k['replicas'])
    ?.map((r) => obj(r))
    .filter((r): r is Obj => !!r && typeof r['name'] === 'string')
    .map((r) => ({ name: r['name'] as string, count: Number(r['count']) }))
    .filter((r) => Number.isFinite(r.count));
  return compact({
    type: 'kustomize' as const,
    path,
    namePrefix: str(k['namePrefix']),
    nameSuffix: str(k['nameSuffix']),
    images: strList(k['images']),
    namespace: str(k['namespace']),
    patches: arr(k['patches']),
    commonLabels: strMap(k['commonLabels']),
    commonAnnotations: strMap(k['commonAnnotations']),
    components,
    replicas: replicas?.length ? replicas : undefined,
  });
}

function helmSource(src: Obj, base: { path?: string; chart?: string; repoURL?: string; version?: string }, input: ArgoSourceInput, ctx: DiscoveryContext, localPath: string | undefined): AppSource & { type: 'helm' } {
  const h = obj(src['helm']) ?? {};
  const at = [...input.at, 'helm'];
  const warn = (severity: 'error' | 'warning', message: string, field: FieldPath): void =>
    report(ctx, severity, message, input.locate([...at, ...field]), input.appName);
  const ignoreMissing = bool(h['ignoreMissingValueFiles']);
  const valueFiles = strList(h['valueFiles'])?.map((vf, i) => {
    if (/^https?:\/\//.test(vf)) return vf;
    const ref = /^\$([^/]+)\/(.*)$/.exec(vf);
    if (ref) {
      const r = input.refs.get(ref[1]!);
      if (!r) {
        warn('error', `values file "${vf}" names the source ref "${ref[1]}", which no source declares`, ['valueFiles', i]);
        return vf;
      }
      if (!r.local) return vf;
      const p = normRel(ref[2]!);
      if (p && !ctx.scan.files.has(p) && !ignoreMissing) warn('error', `values file "${p}" does not exist in this repository`, ['valueFiles', i]);
      // a chart of this repository reads it relative to itself; a remote chart keeps the ref
      return p && localPath !== undefined ? relativeTo(localPath, p) : vf;
    }
    if (localPath === undefined) return vf;
    const p = joinRel(localPath, vf);
    if (!p) {
      warn('error', `values file "${vf}" is outside the repository`, ['valueFiles', i]);
      return vf;
    }
    if (!ctx.scan.files.has(p) && !ignoreMissing) warn('error', `values file "${p}" does not exist in this repository`, ['valueFiles', i]);
    return relativeTo(localPath, p);
  });
  let values: unknown = obj(h['valuesObject']);
  if (values === undefined && typeof h['values'] === 'string' && h['values'].trim() !== '') {
    try {
      values = parseYaml(h['values']);
    } catch (e) {
      warn('error', `helm.values is not valid YAML: ${(e as Error).message.split('\n')[0]}`, ['values']);
    }
  }
  const parameters = arr(h['parameters'])
    ?.map((p) => obj(p))
    .filter((p): p is Obj => !!p && typeof p['name'] === 'string')
    .map((p) => compact({ name: p['name'] as string, value: scalarString(p['value']) ?? '', forceString: bool(p['forceString']) }));
  if (arr(h['fileParameters'])?.length) warn('warning', 'helm.fileParameters (--set-file) are not applied offline', ['fileParameters']);
  return compact({
    type: 'helm' as const,
    ...base,
    releaseName: str(h['releaseName']) ?? input.appName,
    valueFiles,
    values,
    parameters: parameters?.length ? parameters : undefined,
    namespace: str(h['namespace']) ?? input.destinationNamespace,
    skipCrds: bool(h['skipCrds']),
    kubeVersion: str(h['kubeVersion']),
    apiVersions: strList(h['apiVersions']),
    ignoreMissingValueFiles: ignoreMissing,
  });
}

/** Applies `.argocd-source.yaml` then `.argocd-source-<app>.yaml` (JSON merge patch) to the tool fields. */
async function withOverrides(src: Obj, path: string, input: ArgoSourceInput, ctx: DiscoveryContext): Promise<Obj> {
  let merged = src;
  for (const name of ['.argocd-source.yaml', `.argocd-source-${input.appName}.yaml`]) {
    const file = path === '.' ? name : `${path}/${name}`;
    if (!ctx.scan.files.has(file)) continue;
    const text = await ctx.scan.readText(file);
    if (text === undefined) continue;
    let patch: unknown;
    try {
      patch = parseYaml(text);
    } catch (e) {
      report(ctx, 'error', `invalid YAML: ${(e as Error).message.split('\n')[0]}`, { file, line: 1 }, input.appName);
      continue;
    }
    if (!isObj(patch)) continue;
    merged = mergePatch(merged, patch) as Obj;
  }
  // only the tool parameters may be overridden, as in Argo CD
  return { ...merged, repoURL: src['repoURL'], path: src['path'], chart: src['chart'], targetRevision: src['targetRevision'] };
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
