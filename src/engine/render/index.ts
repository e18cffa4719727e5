// Renders one app from the workspace exactly as its controller would: kustomize, Helm or a plain
// folder. User mistakes come back as problems for that app; nothing here throws for them.

import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { AppSpec, EngineProblem, KubeObject, RenderedObject } from '../types.js';
import { renderDirectory } from './directory.js';
import { renderHelm } from './helm.js';
import { renderKustomize } from './kustomize.js';
import { defaultNamespace, scopeLookup, type ScopeLookup } from './scope.js';
import { validateObjects } from './validate.js';
import type { RenderResult } from './types.js';

export interface RenderAppOptions {
  /** scope of kinds the built-in list and the rendered CRDs do not know (cluster discovery) */
  isNamespaced?: ScopeLookup;
  timeoutMs?: number;
  /** Flux's StrictPostBuildSubstitutions (default true, as in Flux since 2026) */
  strictSubstitution?: boolean;
}

export async function renderApp(app: AppSpec, repoRoot: string, signal: AbortSignal, opts: RenderAppOptions = {}): Promise<RenderResult> {
  try {
    return await renderOne(app, repoRoot, signal, opts);
  } catch (err) {
    // Aborts propagate; anything else (an unreadable folder…) is this app's problem, not the run's.
    if (signal.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    return { objects: [], problems: [{ severity: 'error', message: `rendering failed: ${message}`, app: app.name, ...(app.declaredIn ? { location: app.declaredIn } : {}) }] };
  }
}

async function renderOne(app: AppSpec, repoRoot: string, signal: AbortSignal, opts: RenderAppOptions): Promise<RenderResult> {
  const problem = (message: string, severity: EngineProblem['severity'] = 'error'): RenderResult => ({
    objects: [],
    problems: [{ severity, message, app: app.name, ...(app.declaredIn ? { location: app.declaredIn } : {}) }],
  });
  if (app.remote) return problem(`source is another repository (${app.remote.repoURL}): ${app.remote.reason}`, 'warning');
  const src = app.source;
  const timeout = opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {};
  const declared = app.declaredIn ? { declaredIn: app.declaredIn } : {};

  let result: RenderResult;
  if (src.type === 'helm' && !src.path) {
    const what = `${src.chart ?? 'chart'}${src.version ? ` ${src.version}` : ''}${src.repoURL ? ` from ${src.repoURL}` : ''}`;
    return problem(`chart ${what} is not available offline: only charts in this repository are rendered`);
  }
  const dir = resolve(repoRoot, src.path ?? '.');
  const rel = relative(repoRoot, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) return problem(`path ${src.path} is outside the repository`);
  if (!(await isDir(dir))) return problem(`path ${src.path} does not exist in the repository`);
  // The controllers check out the repository and refuse symlinks that leave it: so does Plumb.
  const [realDir, realRoot] = await Promise.all([realpath(dir), realpath(repoRoot).catch(() => repoRoot)]);
  const realRel = relative(realRoot, realDir);
  if (realRel.startsWith('..') || isAbsolute(realRel)) return problem(`path ${src.path} is a symlink to a folder outside the repository: it is not read`);

  if (src.type === 'kustomize') {
    result = await renderKustomize(dir, repoRoot, {
      app: app.name,
      ...declared,
      ...timeout,
      ...(src.namePrefix ? { namePrefix: src.namePrefix } : {}),
      ...(src.nameSuffix ? { nameSuffix: src.nameSuffix } : {}),
      ...(src.namespace ? { namespace: src.namespace } : {}),
      ...(src.images?.length ? { images: src.images } : {}),
      ...(src.patches?.length ? { patches: src.patches } : {}),
      ...(src.postBuild ? { postBuild: src.postBuild } : {}),
      ...(src.postBuild?.substituteStrategy === 'Always' ? { substituteAlways: true } : {}),
      ...(src.commonLabels ? { commonLabels: src.commonLabels } : {}),
      ...(src.commonAnnotations ? { commonAnnotations: src.commonAnnotations } : {}),
      ...(src.commonMetadata ? { commonMetadata: src.commonMetadata } : {}),
      ...(src.components?.length ? { components: src.components } : {}),
      ...(src.replicas?.length ? { replicas: src.replicas } : {}),
      strictSubstitution: opts.strictSubstitution ?? true,
      rootOnly: app.controller === 'argocd',
    }, signal);
  } else if (src.type === 'helm') {
    result = await renderHelm(dir, repoRoot, {
      app: app.name,
      releaseName: src.releaseName || app.name,
      ...((src.namespace || app.destination.namespace) ? { namespace: src.namespace || app.destination.namespace } : {}),
      ...(src.valueFiles ? { valueFiles: src.valueFiles } : {}),
      ...(src.skipCrds ? { includeCrds: false } : {}),
      ...(src.kubeVersion ? { kubeVersion: src.kubeVersion } : {}),
      ...(src.apiVersions?.length ? { apiVersions: src.apiVersions } : {}),
      ...(src.ignoreMissingValueFiles ? { ignoreMissingValueFiles: true } : {}),
      ...(src.valueFilesReplaceChartValues ? { valueFilesReplaceChartValues: true } : {}),
      ...(src.values !== undefined ? { values: src.values } : {}),
      ...(src.parameters ? { parameters: src.parameters } : {}),
      ...declared,
      ...timeout,
    }, signal);
  } else {
    result = await renderDirectory(dir, repoRoot, {
      app: app.name,
      ...(src.recurse ? { recurse: true } : {}),
      ...(src.include ? { include: src.include } : {}),
      ...(src.exclude ? { exclude: src.exclude } : {}),
    }, signal);
  }

  const objects = result.objects.map((o) => o.object);
  defaultNamespace(objects, app.destination.namespace, scopeLookup(objects, opts.isNamespaced));
  return { objects: result.objects, problems: [...result.problems, ...duplicates(result.objects, app.name), ...validateObjects(result.objects, app.name)] };
}

/** Two objects with one identity: the controllers apply only one of them. */
function duplicates(objects: RenderedObject[], app: string): EngineProblem[] {
  const seen = new Map<string, RenderedObject>();
  const out: EngineProblem[] = [];
  for (const o of objects) {
    const key = identity(o.object);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, o);
      continue;
    }
    const where = first.source ? ` (first at ${first.source.file}:${first.source.line})` : '';
    out.push({ severity: 'warning', message: `${o.object.kind} ${o.object.metadata?.name} is declared twice${where}: only one is applied`, app, ...(o.source ? { location: o.source } : {}) });
  }
  return out;
}

function identity(o: KubeObject): string {
  const av = o.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  return `${group}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export { renderKustomize, type KustomizeOptions, parseImageArg } from './kustomize.js';
export { renderHelm, type HelmOptions, escapeSetValue } from './helm.js';
export { renderDirectory, type DirectoryOptions } from './directory.js';
export { findHelm } from './helm-binary.js';
export { envsubst, EnvsubstError } from './envsubst.js';
export { scopeLookup, defaultNamespace, type ScopeLookup } from './scope.js';
export { validateObjects } from './validate.js';
export { sharedObjects } from './shared-objects.js';
export type { RenderResult } from './types.js';
