// Reads the kustomizations an app builds on (its own, its bases and components) before running
// kustomize: to name the file and line of a missing or remote resource, to report YAML errors
// in resource files precisely, and to know each kustomization's patches, images and generators
// when mapping rendered fields back to the lines that set them.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decodeManifestBytes, parseYamlFile, readManifestFile, type ParsedDoc, type YamlFile } from '../manifests/index.js';
import type { EngineProblem, SourceLocation } from '../types.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface KustFile {
  /** repository-relative name */
  file: string;
  abs: string;
  dir: string;
  value: Record<string, unknown>;
  yaml: YamlFile;
  lineOf(path: string): SourceLocation;
}

export interface KustGraph {
  /** by absolute path of the kustomization file */
  kustomizations: Map<string, KustFile>;
  /** parsed resource files, by absolute path */
  manifests: Map<string, ParsedDoc[]>;
  problems: EngineProblem[];
  /** errors that make the build impossible offline (remote bases), reported instead of running kustomize */
  blocking: EngineProblem[];
}

export const toRepoName = (repoRoot: string, abs: string): string => relative(repoRoot, abs).split(sep).join('/');

export async function findKustomizationFile(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const p = join(dir, name);
    try {
      if ((await stat(p)).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Looks like a remote kustomize target (git URL, GitHub shorthand, http). */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^git@/.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || /[?&]ref=/.test(ref);
}

/**
 * Walks from a folder with a kustomization file, or from a generated list of entries (Flux's
 * kustomization for a folder without one: `from` names that folder in messages).
 */
export async function walkKustomizations(root: string | { entries: string[]; from: string }, repoRoot: string, signal: AbortSignal, opts: { rootOnly?: boolean } = {}): Promise<KustGraph> {
  const graph: KustGraph = { kustomizations: new Map(), manifests: new Map(), problems: [], blocking: [] };
  const repoReal = await realpath(repoRoot).catch(() => repoRoot);
  // the kustomization files being loaded, outermost first: a file met again here is a cycle
  const stack: string[] = [];

  const loadKustomization = async (kfile: string, at?: SourceLocation): Promise<void> => {
    const open = stack.indexOf(kfile);
    if (open >= 0) {
      const chain = [...stack.slice(open), kfile].map((f) => toRepoName(repoRoot, f)).join(' → ');
      graph.blocking.push({ severity: 'error', message: `kustomization cycle: ${chain}`, ...(at ? { location: at } : {}) });
      return;
    }
    if (graph.kustomizations.has(kfile)) return;
    signal.throwIfAborted();
    const name = toRepoName(repoRoot, kfile);
    if (await outside(kfile, name, stack.length ? toRepoName(repoRoot, stack[stack.length - 1]!) : name, at ?? { file: name, line: 1 })) return;
    stack.push(kfile);
    try {
      await loadOne(kfile);
    } finally {
      stack.pop();
    }
  };

  const loadOne = async (kfile: string): Promise<void> => {
    const file = toRepoName(repoRoot, kfile);
    const decoded = decodeManifestBytes(await readFile(kfile), file);
    if (decoded.problem) {
      graph.problems.push(decoded.problem);
      return;
    }
    const yaml = parseYamlFile(decoded.text, file);
    const value = (yaml.value && typeof yaml.value === 'object' && !Array.isArray(yaml.value) ? yaml.value : {}) as Record<string, unknown>;
    const k: KustFile = { file, abs: kfile, dir: resolve(kfile, '..'), value, yaml, lineOf: (p) => yaml.fields.get(p) ?? { file, line: 1 } };
    graph.kustomizations.set(kfile, k);
    graph.problems.push(...yaml.problems);
    if (yaml.value === undefined) return;
    for (const field of ['resources', 'bases', 'components']) {
      const list = value[field];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const ref = list[i];
        if (typeof ref !== 'string') continue;
        const at = k.lineOf(`${field}[${i}]`);
        if (isRemoteRef(ref)) {
          graph.blocking.push({ severity: 'error', message: `${file} uses the remote ${field === 'components' ? 'component' : 'resource'} ${ref}: it is not available offline`, location: at });
          continue;
        }
        const abs = resolve(k.dir, ref);
        if (await outside(abs, ref, file, at)) continue;
        await follow(abs, ref, field, file, at);
        if (opts.rootOnly) await checkRootOnly(abs, ref, k.dir, file, at, false);
      }
    }
    // files kustomize reads itself (generators, CRD schemas, replacement sources…): checked
    // only for leaving the repository; kustomize reports the ones that do not exist
    for (const p of otherFilePaths(value)) await outside(resolve(k.dir, p.path), p.path, file, k.lineOf(p.field));
    for (const p of patchPaths(value)) {
      const abs = resolve(k.dir, p.path);
      if (await outside(abs, p.path, file, k.lineOf(p.field))) continue;
      if (!(await exists(abs))) graph.blocking.push({ severity: 'error', message: `patch file ${p.path} listed in ${file} does not exist`, location: k.lineOf(p.field) });
      else if (opts.rootOnly) await checkRootOnly(abs, p.path, k.dir, file, k.lineOf(p.field), true);
    }
  };

  // Argo CD builds with kustomize's default LoadRestrictionsRootOnly: files (not bases) outside
  // a kustomization's folder are refused there, while Flux (and this render) allow them.
  const checkRootOnly = async (abs: string, ref: string, dir: string, from: string, at: SourceLocation, isPatch: boolean): Promise<void> => {
    const rel = relative(dir, abs);
    if (!rel.startsWith('..')) return;
    if (!isPatch && (await stat(abs).then((i) => i.isDirectory(), () => true))) return;
    graph.problems.push({ severity: 'warning', message: `${ref} listed in ${from} is outside that kustomization's folder: Argo CD's default kustomize build (LoadRestrictionsRootOnly) refuses it`, location: at });
  };

  // Argo CD and Flux build inside the repository checkout and refuse paths that leave it,
  // also through a symlink: such a file is never read here either.
  const outside = async (abs: string, ref: string, from: string, at: SourceLocation): Promise<boolean> => {
    const leaves = (p: string, base: string) => {
      const rel = relative(base, p);
      return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
    };
    let why: string | undefined;
    if (leaves(abs, repoRoot)) why = 'is outside the repository';
    else {
      const real = await realpath(abs).catch(() => undefined);
      if (real && leaves(real, repoReal)) why = 'is a symlink to a path outside the repository';
    }
    if (!why) return false;
    graph.blocking.push({ severity: 'error', message: `${ref} listed in ${from} ${why}: it is not read`, location: at });
    return true;
  };

  const follow = async (abs: string, ref: string, field: string, from: string, at: SourceLocation): Promise<void> => {
    let info;
    try {
      info = await stat(abs);
    } catch {
      graph.blocking.push({ severity: 'error', message: `${field === 'components' ? 'component' : 'resource'} ${ref} listed in ${from} does not exist`, location: at });
      return;
    }
    if (info.isDirectory()) {
      const kfile = await findKustomizationFile(abs);
      if (!kfile) {
        graph.blocking.push({ severity: 'error', message: `${ref} listed in ${from} is a folder without a kustomization.yaml`, location: at });
        return;
      }
      await loadKustomization(kfile, at);
      return;
    }
    if (graph.manifests.has(abs)) return;
    const parsed = await readManifestFile(abs, toRepoName(repoRoot, abs), signal);
    graph.manifests.set(abs, parsed.docs);
    // Warnings (a document without a name…) become kustomize's own error; errors are precise here.
    graph.problems.push(...parsed.problems.filter((p) => p.severity === 'error'));
  };

  if (typeof root === 'string') {
    const top = await findKustomizationFile(root);
    if (top) await loadKustomization(top);
  } else {
    for (const entry of root.entries) {
      const at = { file: root.from, line: 1 };
      if (!(await outside(entry, toRepoName(repoRoot, entry), root.from, at))) await follow(entry, toRepoName(repoRoot, entry), 'resources', root.from, at);
    }
  }
  return graph;
}

/** Local patch files of a kustomization, with the field path that names each. */
export function patchPaths(k: Record<string, unknown>): Array<{ path: string; field: string }> {
  const out: Array<{ path: string; field: string }> = [];
  for (const field of ['patches', 'patchesJson6902']) {
    const list = k[field];
    if (Array.isArray(list)) list.forEach((p, i) => {
      if (p && typeof p === 'object' && typeof (p as { path?: unknown }).path === 'string') out.push({ path: (p as { path: string }).path, field: `${field}[${i}].path` });
    });
  }
  const sm = k.patchesStrategicMerge;
  if (Array.isArray(sm)) sm.forEach((p, i) => {
    if (typeof p === 'string' && !p.includes('\n') && /\.ya?ml$|\.json$/.test(p.trim())) out.push({ path: p.trim(), field: `patchesStrategicMerge[${i}]` });
  });
  return out;
}

/** Other local files a kustomization names: generator sources, crds, configurations, openapi, replacements, plugin configs. */
export function otherFilePaths(k: Record<string, unknown>): Array<{ path: string; field: string }> {
  const out: Array<{ path: string; field: string }> = [];
  const add = (v: unknown, field: string) => {
    if (typeof v === 'string' && v && !v.includes('\n') && !isRemoteRef(v)) out.push({ path: v, field });
  };
  for (const gen of ['configMapGenerator', 'secretGenerator']) {
    const list = k[gen];
    if (!Array.isArray(list)) continue;
    list.forEach((g, i) => {
      if (!g || typeof g !== 'object') return;
      const rec = g as Record<string, unknown>;
      const files = rec['files'];
      if (Array.isArray(files)) files.forEach((f, j) => add(typeof f === 'string' ? f.slice(f.indexOf('=') + 1) : f, `${gen}[${i}].files[${j}]`));
      const envs = rec['envs'];
      if (Array.isArray(envs)) envs.forEach((f, j) => add(f, `${gen}[${i}].envs[${j}]`));
      add(rec['env'], `${gen}[${i}].env`);
    });
  }
  for (const field of ['crds', 'configurations', 'transformers', 'generators', 'validators']) {
    const list = k[field];
    if (Array.isArray(list)) list.forEach((f, i) => add(f, `${field}[${i}]`));
  }
  const openapi = k['openapi'];
  if (openapi && typeof openapi === 'object') add((openapi as Record<string, unknown>)['path'], 'openapi.path');
  const repl = k['replacements'];
  if (Array.isArray(repl)) repl.forEach((r, i) => { if (r && typeof r === 'object') add((r as Record<string, unknown>)['path'], `replacements[${i}].path`); });
  return out;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * What Flux's kustomize-controller puts in the kustomization it generates for a folder without
 * one: every .yaml/.yml file below it, and sub-folders that have their own kustomization (not
 * descended into), in lexical order.
 */
export async function fluxGeneratedResources(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = join(folder, e.name);
      if (e.isDirectory()) {
        if (e.name === '.git') continue;
        if (await findKustomizationFile(abs)) out.push(abs);
        else await visit(abs);
      } else if (/\.ya?ml$/.test(e.name)) out.push(abs);
    }
  };
  await visit(dir);
  return out;
}
