// Renders a kustomize app with `kubectl kustomize`, as Argo CD and Flux do, through a temporary
// wrapper kustomization (the user's files are never touched) that references the app folder,
// turns on origin and transformer annotations, and carries the controller's own options
// (Flux targetNamespace, namePrefix/nameSuffix, images, patches). The annotations are then
// removed from the objects and become RenderedObject.source / fieldSources. Flux's postBuild
// substitution runs last, per object, as kustomize-controller does.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { joinKey, parseManifests, walkObject } from '../manifests/index.js';
import type { EngineProblem, KubeObject, RenderedObject, SourceLocation } from '../types.js';
import { envsubst, EnvsubstError, VAR_NAME } from './envsubst.js';
import { reduceKustomizeError } from './kustomize-errors.js';
import { findKustomizationFile, fluxGeneratedResources, toRepoName, walkKustomizations } from './kustomize-graph.js';
import { ORIGIN_ANNOTATION, SourceMapper, takeBuildAnnotations, TRANSFORMATIONS_ANNOTATION } from './kustomize-sources.js';
import { runTool } from './run.js';
import type { RenderResult } from './types.js';

export interface KustomizeImage { name: string; newName?: string; newTag?: string; digest?: string }

export interface KustomizeOptions {
  namePrefix?: string;
  nameSuffix?: string;
  /** Flux targetNamespace / Argo kustomize.namespace */
  namespace?: string;
  /** Argo `kustomize edit set image` strings (`[name=]newName[:tag][@digest]`) or Flux image objects */
  images?: Array<string | KustomizeImage>;
  /** Flux inline patches: `{patch, target?}` */
  patches?: unknown[];
  /** Argo CD kustomize options, added to the build */
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  /** components (paths relative to the app folder) and replica overrides, as both tools add them */
  components?: string[];
  replicas?: Array<{ name: string; count: number }>;
  /** Flux `commonMetadata`: labels and annotations set on every object after the build */
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  postBuild?: { substitute?: Record<string, string> };
  /** Flux's StrictPostBuildSubstitutions feature gate (on by default since 2026) */
  strictSubstitution?: boolean;
  /** Flux `substituteStrategy: Always`: substitute defaults even without variables */
  substituteAlways?: boolean;
  /** where the app (and so the options above) is declared */
  declaredIn?: SourceLocation;
  app?: string;
  timeoutMs?: number;
  /** the kubectl binary (default: kubectl on PATH) */
  kubectl?: string;
  /** warn about files outside a kustomization's folder, which Argo CD's default build refuses */
  rootOnly?: boolean;
}

const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';

/** kustomize names files by absolute path: show them relative to the repository, never the temp wrapper's. */
function withoutPaths(message: string, repoRoot: string, wrapper: string): string {
  const strip = (s: string, prefix: string) => s.split(`${prefix}${sep}`).join('').split(prefix).join('.');
  return strip(strip(message, wrapper), repoRoot);
}

/** `dir` is the absolute path of the app folder; file names in results are relative to `repoRoot`. */
export async function renderKustomize(dir: string, repoRoot: string, opts: KustomizeOptions, signal: AbortSignal): Promise<RenderResult> {
  const problems: EngineProblem[] = [];
  const withApp = (p: EngineProblem): EngineProblem => (opts.app ? { ...p, app: opts.app } : p);
  const folder = toRepoName(repoRoot, dir) || '.';

  const top = await findKustomizationFile(dir);
  const entries = top ? [dir] : await fluxGeneratedResources(dir).catch(() => undefined);
  if (!entries) return { objects: [], problems: [withApp({ severity: 'error', message: `folder ${folder} does not exist`, location: { file: folder, line: 1 } })] };
  const walkOpts = { rootOnly: opts.rootOnly === true };
  const graph = top ? await walkKustomizations(dir, repoRoot, signal, walkOpts) : await walkKustomizations({ entries, from: folder }, repoRoot, signal, walkOpts);
  if (graph.blocking.length) return { objects: [], problems: [...graph.blocking, ...graph.problems].map(withApp) };
  // A resource file Plumb cannot read (a YAML error, a bomb, a huge or non-UTF-8 file) fails
  // kustomize too: report it precisely and spare the build the time and memory.
  const precise = graph.problems.filter((p) => p.severity === 'error');
  if (precise.length) return { objects: [], problems: precise.map(withApp) };
  const topFile = top ? toRepoName(repoRoot, top) : folder;
  const userMetadata = top ? buildMetadataOf(graph.kustomizations.get(top)?.value) : new Set<string>();

  const wrapper = await mkdtemp(join(tmpdir(), 'plumb-kustomize-'));
  let stdout: string;
  try {
    const rel = (abs: string) => relative(wrapper, abs).split(sep).join('/');
    const components = (opts.components ?? []).map((c) => rel(resolve(dir, c)));
    await writeFile(join(wrapper, 'kustomization.yaml'), stringify(wrapperKustomization(entries.map(rel), components, opts)));
    const res = await runTool(opts.kubectl ?? 'kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', wrapper], signal, { cwd: wrapper, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
    signal.throwIfAborted();
    if (res.spawnError) return { objects: [], problems: [withApp({ severity: 'error', message: `kubectl is not available (${res.spawnError.code ?? res.spawnError.message}): install kubectl to render kustomize apps`, location: { file: topFile, line: 1 } })] };
    if (res.stopped === 'timeout') return { objects: [], problems: [withApp({ severity: 'error', message: `kustomize build of ${topFile} timed out`, location: { file: topFile, line: 1 } })] };
    if (res.tooLarge) return { objects: [], problems: [withApp({ severity: 'error', message: `kustomize build of ${topFile} produced more output than Plumb reads (256 MiB)`, location: { file: topFile, line: 1 } })] };
    if (res.code !== 0) {
      // kustomize's message, reduced to its cause (YAML errors in resource files were reported above)
      const reason = withoutPaths(reduceKustomizeError(res.stderr), repoRoot, wrapper);
      const at = (await patchLocation(graph, reason, repoRoot)) ?? { file: topFile, line: 1 };
      return { objects: [], problems: [withApp({ severity: 'error', message: `kustomize build of ${topFile} failed: ${reason}`, location: at })] };
    }
    stdout = res.stdout;
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
  problems.push(...graph.problems);

  const mapper = new SourceMapper(graph, repoRoot, wrapper, signal, opts.declaredIn);
  const vars = opts.postBuild?.substitute ?? {};
  const substitute = opts.postBuild !== undefined && (Object.keys(vars).length > 0 || opts.substituteAlways === true);
  if (substitute) {
    const bad = Object.keys(vars).find((v) => !VAR_NAME.test(v));
    if (bad) {
      const p: EngineProblem = { severity: 'error', message: `postBuild variable name '${bad}' is invalid: it must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$`, ...(opts.declaredIn ? { location: opts.declaredIn } : {}) };
      return { objects: [], problems: [...problems, p].map(withApp) };
    }
  }
  const cleanVars = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v).replace(/\n/g, '')]));
  const unsetWarned = new Set<string>();

  const objects: RenderedObject[] = [];
  for (const text of splitDocuments(stdout)) {
    const parsed = parseManifests(text, `${topFile} (kustomize output)`, { locate: false });
    const doc = parsed.docs[0];
    if (!doc) continue;
    let object = doc.object;
    const { origin, transformations } = takeBuildAnnotations(structuredClone(object), { origin: true, transformations: true });
    const mapped = await mapper.map(object, origin, transformations);
    if (substitute && !substitutionDisabled(object)) {
      try {
        const out = envsubst(text, cleanVars, opts.strictSubstitution ?? true);
        for (const v of out.unset) {
          if (unsetWarned.has(v)) continue;
          unsetWarned.add(v);
          problems.push({ severity: 'warning', message: `postBuild variable ${v} is not set: Flux substitutes an empty string`, ...locationOfVar(object, v, mapped.fieldSources, mapped.source) });
        }
        const again = parseManifests(out.text, `${topFile} (kustomize output)`, { locate: false });
        if (again.docs[0]) object = again.docs[0].object;
        else {
          problems.push({ severity: 'error', message: `postBuild substitution of ${describe(object)} produced invalid YAML`, ...(mapped.source ? { location: mapped.source } : {}) });
          continue;
        }
      } catch (err) {
        if (!(err instanceof EnvsubstError)) throw err;
        const v = /"([^"]+)"/.exec(err.message)?.[1];
        problems.push({ severity: 'error', message: `postBuild substitution failed for ${describe(object)}: ${err.message}`, ...locationOfVar(object, v, mapped.fieldSources, mapped.source) });
        continue;
      }
    }
    takeBuildAnnotations(object, { origin: userMetadata.has('originAnnotations'), transformations: userMetadata.has('transformerAnnotations') });
    if (opts.commonMetadata) setCommonMetadata(object, mapped, opts.commonMetadata, opts.declaredIn);
    objects.push({ object, ...mapped });
  }
  return { objects, problems: problems.map(withApp) };
}

function wrapperKustomization(resources: string[], components: string[], opts: KustomizeOptions): Record<string, unknown> {
  const k: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    buildMetadata: ['originAnnotations', 'transformerAnnotations'],
  };
  if (opts.namespace) k.namespace = opts.namespace;
  if (opts.namePrefix) k.namePrefix = opts.namePrefix;
  if (opts.nameSuffix) k.nameSuffix = opts.nameSuffix;
  if (opts.images?.length) k.images = opts.images.map((i) => (typeof i === 'string' ? parseImageArg(i) : i));
  if (opts.patches?.length) k.patches = opts.patches;
  if (opts.commonLabels && Object.keys(opts.commonLabels).length) k.commonLabels = opts.commonLabels;
  if (opts.commonAnnotations && Object.keys(opts.commonAnnotations).length) k.commonAnnotations = opts.commonAnnotations;
  if (components.length) k.components = components;
  if (opts.replicas?.length) k.replicas = opts.replicas;
  return k;
}

/** `kustomize edit set image` syntax: `[name=]newName[:newTag][@digest]`. */
export function parseImageArg(arg: string): KustomizeImage {
  let name: string | undefined;
  let rest = arg;
  const eq = arg.indexOf('=');
  if (eq >= 0) {
    name = arg.slice(0, eq);
    rest = arg.slice(eq + 1);
  }
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const img: KustomizeImage = { name: name ?? rest };
  if (name !== undefined && rest !== name) img.newName = rest;
  if (tag !== undefined) img.newTag = tag;
  if (digest !== undefined) img.digest = digest;
  return img;
}

function buildMetadataOf(k: Record<string, unknown> | undefined): Set<string> {
  const list = k?.buildMetadata;
  return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
}

/** kubectl kustomize separates objects with `---` lines. */
function splitDocuments(text: string): string[] {
  return text.split(/^---[ \t]*$/m).filter((t) => t.trim() !== '');
}

function substitutionDisabled(o: KubeObject): boolean {
  return o.metadata?.labels?.[SUBSTITUTE_KEY] === 'disabled' || o.metadata?.annotations?.[SUBSTITUTE_KEY] === 'disabled';
}

function describe(o: KubeObject): string {
  return `${o.kind ?? '?'} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`;
}

/** The declaring line of the first field whose value uses `${v…`. */
function locationOfVar(o: KubeObject, v: string | undefined, fields: Record<string, SourceLocation> | undefined, source: SourceLocation | undefined): { location?: SourceLocation } {
  if (v && fields) {
    let found: SourceLocation | undefined;
    const clean: KubeObject = structuredClone(o);
    if (clean.metadata?.annotations) {
      delete clean.metadata.annotations[ORIGIN_ANNOTATION];
      delete clean.metadata.annotations[TRANSFORMATIONS_ANNOTATION];
    }
    walkObject(clean, { apiVersion: o.apiVersion ?? '', kind: o.kind ?? '' }, (path, value) => {
      if (!found && typeof value === 'string' && value.includes(`\${${v}`)) found = fields[path];
    });
    if (found) return { location: found };
  }
  return source ? { location: source } : {};
}

/** For "a patch targets Kind name…": the patches entry that declares that target. */
async function patchLocation(graph: Awaited<ReturnType<typeof walkKustomizations>>, reason: string, repoRoot: string): Promise<SourceLocation | undefined> {
  const m = /^a patch targets (\S+) ([^\s,]+)/.exec(reason);
  if (!m) return undefined;
  const [, kind, name] = m;
  for (const k of graph.kustomizations.values()) {
    for (const field of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
      const list = k.value[field];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const e = list[i] as { path?: unknown; patch?: unknown; target?: { kind?: string; name?: string } } | string;
        const at = k.lineOf(`${field}[${i}]`);
        if (typeof e === 'object' && e?.target?.kind === kind && e.target.name === name) return at;
        const path = typeof e === 'string' ? (e.includes('\n') ? undefined : e) : typeof e?.path === 'string' ? e.path : undefined;
        const text = typeof e === 'string' && e.includes('\n') ? e : typeof e === 'object' && typeof e?.patch === 'string' ? e.patch : path ? await readFile(resolve(k.dir, path), 'utf8').catch(() => '') : '';
        const docs = parseManifests(text, toRepoName(repoRoot, k.abs)).docs;
        if (docs.some((d) => d.object.kind === kind && d.object.metadata?.name === name)) return at;
      }
    }
  }
  return undefined;
}

/** Flux `commonMetadata` (ssautil.SetCommonMetadata): labels and annotations on every object, overriding. */
function setCommonMetadata(o: KubeObject, mapped: { fieldSources?: Record<string, SourceLocation> }, meta: NonNullable<KustomizeOptions['commonMetadata']>, at: SourceLocation | undefined): void {
  o.metadata ??= {};
  for (const [field, values] of [['labels', meta.labels], ['annotations', meta.annotations]] as const) {
    if (!values || !Object.keys(values).length) continue;
    o.metadata[field] = { ...(o.metadata[field] ?? {}), ...values };
    if (at) for (const k of Object.keys(values)) (mapped.fieldSources ??= {})[joinKey(`metadata.${field}`, k)] = at;
  }
}
