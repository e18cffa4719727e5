// Maps objects rendered by kustomize back to the files and lines that declared them, from the
// `config.kubernetes.io/origin` and `alpha.config.kubernetes.io/transformations` annotations that
// `buildMetadata: [originAnnotations, transformerAnnotations]` adds: the resource file (or the
// generator entry) gives the object's source and its fields; then every kustomization that
// transformed it, in order, overrides the fields it set (patches, images, namespace, replicas,
// labels, name prefixes).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isScalar, parse as parseYaml } from 'yaml';
import { joinKey, parseManifests, parseYamlFile, pointerToPath, readManifestFile, walkObject, type ParsedDoc } from '../manifests/index.js';
import type { KubeObject, SourceLocation } from '../types.js';
import { toRepoName, type KustFile, type KustGraph } from './kustomize-graph.js';
import { imageName, selects, type Selector } from './kustomize-targets.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

export interface Origin {
  path?: string;
  repo?: string;
  ref?: string;
  configuredIn?: string;
  configuredBy?: { apiVersion?: string; kind?: string; name?: string };
}

/** Removes the build annotations from `obj` (unless the user asked for them) and returns them. */
export function takeBuildAnnotations(obj: KubeObject, keep: { origin: boolean; transformations: boolean }): { origin?: Origin; transformations: Origin[] } {
  const ann = obj.metadata?.annotations;
  if (!ann) return { transformations: [] };
  const origin = readYaml<Origin>(ann[ORIGIN_ANNOTATION]);
  const transformations = readYaml<Origin[]>(ann[TRANSFORMATIONS_ANNOTATION]) ?? [];
  if (!keep.origin) delete ann[ORIGIN_ANNOTATION];
  if (!keep.transformations) delete ann[TRANSFORMATIONS_ANNOTATION];
  if (Object.keys(ann).length === 0) delete obj.metadata!.annotations;
  return { ...(origin ? { origin } : {}), transformations: Array.isArray(transformations) ? transformations : [] };
}

function readYaml<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return parseYaml(text) as T;
  } catch {
    return undefined;
  }
}

export interface Mapped {
  source?: SourceLocation;
  fieldSources?: Record<string, SourceLocation>;
}

interface PatchDocs {
  /** strategic-merge patch documents */
  smp: ParsedDoc[];
  /** JSON 6902 operations: op, path, line, and the located fields of its value */
  ops: Array<{ op: string; path: string; loc: SourceLocation; value: Map<string, SourceLocation> }>;
}

export class SourceMapper {
  private readonly files = new Map<string, Promise<ParsedDoc[]>>();
  private readonly patchCache = new Map<string, Promise<PatchDocs>>();

  constructor(
    private readonly graph: KustGraph,
    private readonly repoRoot: string,
    private readonly wrapperDir: string,
    private readonly signal: AbortSignal,
    /** where options that Plumb adds in the wrapper (Flux namePrefix, patches…) are declared */
    private readonly declaredIn: SourceLocation | undefined,
  ) {
    for (const [abs, docs] of graph.manifests) this.files.set(abs, Promise.resolve(docs));
  }

  async map(obj: KubeObject, origin: Origin | undefined, transformations: Origin[]): Promise<Mapped> {
    const fs: Record<string, SourceLocation> = {};
    let source: SourceLocation | undefined;
    let originalName = obj.metadata?.name ?? '';

    if (origin?.path && !origin.repo) {
      const abs = resolve(this.wrapperDir, origin.path);
      const doc = pickDoc(await this.docsOf(abs), obj);
      if (doc) {
        source = doc.source;
        originalName = doc.object.metadata?.name ?? originalName;
        for (const [p, loc] of doc.fields) fs[p] = loc;
      }
    } else if (origin?.configuredIn && !origin.repo) {
      const k = this.kustomization(origin.configuredIn);
      const gen = k && generatorOf(origin.configuredBy?.kind);
      if (k && gen) {
        const found = generatorEntry(k, gen, obj.metadata?.name ?? '');
        if (found) {
          source = k.lineOf(`${gen}[${found.index}]`);
          originalName = found.name;
        } else source = { file: k.file, line: 1 };
      }
    }

    const names = [obj.metadata?.name ?? '', originalName];
    const seen = new Set<string>();
    for (const t of transformations) {
      if (!t.configuredIn || seen.has(t.configuredIn)) continue;
      seen.add(t.configuredIn);
      const k = this.kustomization(t.configuredIn);
      if (k) await this.applyKustomization(k, obj, names, fs, origin);
      else if (this.declaredIn && resolve(this.wrapperDir, t.configuredIn).startsWith(this.wrapperDir)) this.applyWrapper(transformations, t.configuredIn, obj, fs);
    }
    const result: Mapped = {};
    if (source) result.source = source;
    if (Object.keys(fs).length) result.fieldSources = fs;
    return result;
  }

  private kustomization(configuredIn: string): KustFile | undefined {
    return this.graph.kustomizations.get(resolve(this.wrapperDir, configuredIn));
  }

  private docsOf(abs: string): Promise<ParsedDoc[]> {
    let p = this.files.get(abs);
    if (!p) {
      p = readManifestFile(abs, toRepoName(this.repoRoot, abs), this.signal).then((r) => r.docs);
      this.files.set(abs, p);
    }
    return p;
  }

  /** Fields set by Plumb's wrapper (the app's own options) are declared where the app is. */
  private applyWrapper(transformations: Origin[], configuredIn: string, obj: KubeObject, fs: Record<string, SourceLocation>): void {
    const at = this.declaredIn!;
    for (const t of transformations) {
      if (t.configuredIn !== configuredIn) continue;
      const kind = t.configuredBy?.kind;
      if (kind === 'NamespaceTransformer') fs['metadata.namespace'] = at;
      else if (kind === 'PrefixSuffixTransformer' || kind === 'PrefixTransformer' || kind === 'SuffixTransformer') fs['metadata.name'] = at;
      else if (kind === 'ImageTagTransformer') for (const c of containers(obj)) fs[`${c.path}.image`] = at;
    }
  }

  private async applyKustomization(k: KustFile, obj: KubeObject, names: string[], fs: Record<string, SourceLocation>, origin: Origin | undefined): Promise<void> {
    const v = k.value;
    if (typeof v.namespace === 'string' && obj.metadata?.namespace === v.namespace) fs['metadata.namespace'] = k.lineOf('namespace');
    if (typeof v.namePrefix === 'string' || typeof v.nameSuffix === 'string') fs['metadata.name'] = k.lineOf(typeof v.namePrefix === 'string' ? 'namePrefix' : 'nameSuffix');
    labelSources(k, obj, fs);
    // images: containers whose image the entry renamed or retagged
    if (Array.isArray(v.images)) {
      v.images.forEach((img, i) => {
        if (!img || typeof img !== 'object') return;
        const e = img as { name?: string; newName?: string };
        for (const c of containers(obj)) {
          const n = imageName(c.image);
          if (n === e.name || (e.newName !== undefined && n === e.newName)) fs[`${c.path}.image`] = k.lineOf(`images[${i}]`);
        }
      });
    }
    if (Array.isArray(v.replicas)) {
      v.replicas.forEach((r, i) => {
        if (r && typeof r === 'object' && names.includes(String((r as { name?: unknown }).name))) fs['spec.replicas'] = k.lineOf(`replicas[${i}]`);
      });
    }
    // a generated object merged by an overlay's generator entry of the same name
    const gen = origin?.configuredIn ? generatorOf(origin.configuredBy?.kind) : undefined;
    if (gen && Array.isArray(v[gen])) {
      const found = generatorEntry(k, gen, obj.metadata?.name ?? '');
      if (found) for (const [p, loc] of generatorFields(k, gen, found.index)) fs[p] = loc;
    }
    await this.applyPatches(k, obj, names, fs);
  }

  private async applyPatches(k: KustFile, obj: KubeObject, names: string[], fs: Record<string, SourceLocation>): Promise<void> {
    const entries: Array<{ key: string; target?: Selector; path?: string; inline?: string; field: string }> = [];
    for (const field of ['patches', 'patchesJson6902']) {
      const list = k.value[field];
      if (!Array.isArray(list)) continue;
      list.forEach((p, i) => {
        if (!p || typeof p !== 'object') return;
        const e = p as { path?: unknown; patch?: unknown; target?: Selector };
        entries.push({
          key: `${field}[${i}]`,
          field: `${field}[${i}]${typeof e.path === 'string' ? '.path' : '.patch'}`,
          ...(e.target ? { target: e.target } : {}),
          ...(typeof e.path === 'string' ? { path: e.path } : {}),
          ...(typeof e.patch === 'string' ? { inline: e.patch } : {}),
        });
      });
    }
    const sm = k.value.patchesStrategicMerge;
    if (Array.isArray(sm)) sm.forEach((p, i) => {
      if (typeof p !== 'string') return;
      const inline = p.includes('\n');
      entries.push({ key: `patchesStrategicMerge[${i}]`, field: `patchesStrategicMerge[${i}]`, ...(inline ? { inline: p } : { path: p.trim() }) });
    });
    for (const e of entries) {
      const docs = await this.patchDocs(k, e);
      for (const d of docs.smp) {
        const matches = e.target ? selects(e.target, obj, names) : d.object.kind === obj.kind && names.includes(d.object.metadata?.name ?? '');
        if (!matches) continue;
        // A patch sets its leaves; the maps and keyed items leading to them keep their base line.
        const inner = innerPaths(d.fields);
        for (const [p, loc] of d.fields) {
          if (IDENTITY.has(p) || p.includes('$')) continue;
          if (inner.has(p)) fs[p] ??= loc;
          else fs[p] = loc;
        }
      }
      if (docs.ops.length && e.target && selects(e.target, obj, names)) {
        for (const op of docs.ops) {
          if (op.op === 'remove' || op.op === 'test') continue;
          const path = pointerToPath(obj, { apiVersion: obj.apiVersion ?? '', kind: obj.kind ?? '' }, op.path);
          if (path === undefined) continue;
          fs[path] = op.loc;
          for (const [sub, loc] of op.value) if (!/\[\d+\]/.test(sub)) fs[sub === '' ? path : `${path}.${sub}`] = loc;
        }
      }
    }
  }

  private patchDocs(k: KustFile, e: { key: string; path?: string; inline?: string; field: string }): Promise<PatchDocs> {
    const id = `${k.abs}#${e.key}`;
    let p = this.patchCache.get(id);
    if (!p) {
      p = this.loadPatch(k, e);
      this.patchCache.set(id, p);
    }
    return p;
  }

  private async loadPatch(k: KustFile, e: { path?: string; inline?: string; field: string }): Promise<PatchDocs> {
    if (e.path !== undefined) {
      const abs = resolve(k.dir, e.path);
      const file = toRepoName(this.repoRoot, abs);
      let text: string;
      try {
        text = await readFile(abs, 'utf8');
      } catch {
        return { smp: [], ops: [] };
      }
      return patchFromText(text, file, 0);
    }
    if (e.inline !== undefined) {
      // Inline patch: a block scalar's line n is the kustomization's line (indicator line + n).
      const node = k.yaml.doc?.getIn(e.field.replace(/\[(\d+)\]/g, '.$1').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), true);
      const at = k.lineOf(e.field);
      if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range) {
        const startLine = k.yaml.lines.linePos(node.range[0]).line;
        return patchFromText(e.inline, k.file, startLine);
      }
      const flat = patchFromText(e.inline, k.file, 0);
      for (const d of flat.smp) for (const key of d.fields.keys()) (d.fields as Map<string, SourceLocation>).set(key, at);
      for (const op of flat.ops) {
        op.loc = at;
        for (const key of op.value.keys()) op.value.set(key, at);
      }
      return flat;
    }
    return { smp: [], ops: [] };
  }
}

/** Paths that lead to other paths (maps, list items) and the merge-key fields of keyed items. */
function innerPaths(fields: ReadonlyMap<string, SourceLocation>): Set<string> {
  const inner = new Set<string>();
  for (const p of fields.keys()) {
    const m = /^(.*)\[([^\]"]+)\]\.([A-Za-z0-9_-]+)$/.exec(p);
    if (m && m[2]!.split(',').some((kv) => kv.startsWith(`${m[3]}=`))) inner.add(p);
    for (let i = p.length - 1; i > 0; i--) if (p[i] === '.' || p[i] === '[') inner.add(p.slice(0, i));
  }
  return inner;
}

const IDENTITY = new Set(['', 'apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.namespace']);

function patchFromText(text: string, file: string, lineOffset: number): PatchDocs {
  const shift = (loc: SourceLocation): SourceLocation => (lineOffset ? { file, line: loc.line + lineOffset } : loc);
  const y = parseYamlFile(text, file);
  if (Array.isArray(y.value)) {
    const ops = (y.value as Array<Record<string, unknown>>).flatMap((op, i) => {
      if (!op || typeof op !== 'object' || typeof op.path !== 'string' || typeof op.op !== 'string') return [];
      const value = new Map<string, SourceLocation>();
      const prefix = `[${i}].value`;
      for (const [p, loc] of y.fields) {
        if (p === prefix) value.set('', shift(loc));
        else if (p.startsWith(`${prefix}.`)) value.set(p.slice(prefix.length + 1), shift(loc));
      }
      return [{ op: op.op, path: op.path, loc: shift(y.fields.get(`[${i}]`) ?? { file, line: 1 }), value }];
    });
    return { smp: [], ops };
  }
  const parsed = parseManifests(text, file);
  if (!lineOffset) return { smp: parsed.docs, ops: [] };
  const smp = parsed.docs.map((d) => {
    const fields = new Map<string, SourceLocation>();
    for (const [p, loc] of d.fields) fields.set(p, shift(loc));
    return { ...d, fields, source: shift(d.source) };
  });
  return { smp, ops: [] };
}

type Generator = 'configMapGenerator' | 'secretGenerator';

function generatorOf(kind: string | undefined): Generator | undefined {
  return kind === 'ConfigMapGenerator' ? 'configMapGenerator' : kind === 'SecretGenerator' ? 'secretGenerator' : undefined;
}

/** The generator entry whose name the rendered name carries (name, or name plus a hash suffix). */
function generatorEntry(k: KustFile, gen: Generator, rendered: string): { index: number; name: string } | undefined {
  const list = k.value[gen];
  if (!Array.isArray(list)) return undefined;
  let best: { index: number; name: string } | undefined;
  list.forEach((e, index) => {
    const name = e && typeof e === 'object' ? (e as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !rendered.includes(name)) return;
    if (!best || name.length > best.name.length) best = { index, name };
  });
  return best;
}

/** `literals: [K=V]` and `files: [[K=]path]` entries → `data.K`. */
function generatorFields(k: KustFile, gen: Generator, index: number): Array<[string, SourceLocation]> {
  const e = (k.value[gen] as Array<Record<string, unknown>>)[index]!;
  const out: Array<[string, SourceLocation]> = [];
  const lits = e.literals;
  if (Array.isArray(lits)) lits.forEach((l, j) => {
    if (typeof l === 'string' && l.includes('=')) out.push([joinKey('data', l.slice(0, l.indexOf('='))), k.lineOf(`${gen}[${index}].literals[${j}]`)]);
  });
  const files = e.files;
  if (Array.isArray(files)) files.forEach((f, j) => {
    if (typeof f !== 'string') return;
    const key = f.includes('=') ? f.slice(0, f.indexOf('=')) : f.slice(f.lastIndexOf('/') + 1);
    out.push([joinKey('data', key), k.lineOf(`${gen}[${index}].files[${j}]`)]);
  });
  return out;
}

function labelSources(k: KustFile, obj: KubeObject, fs: Record<string, SourceLocation>): void {
  const labels = obj.metadata?.labels ?? {};
  const common = k.value.commonLabels;
  if (common && typeof common === 'object') {
    for (const key of Object.keys(common)) if (key in labels) fs[joinKey('metadata.labels', key)] = k.lineOf(joinKey('commonLabels', key));
  }
  const list = k.value.labels;
  if (Array.isArray(list)) list.forEach((entry, i) => {
    const pairs = entry && typeof entry === 'object' ? (entry as { pairs?: unknown }).pairs : undefined;
    if (!pairs || typeof pairs !== 'object') return;
    for (const key of Object.keys(pairs)) if (key in labels) fs[joinKey('metadata.labels', key)] = k.lineOf(joinKey(`labels[${i}].pairs`, key));
  });
  const ann = k.value.commonAnnotations;
  const objAnn = obj.metadata?.annotations ?? {};
  if (ann && typeof ann === 'object') {
    for (const key of Object.keys(ann)) if (key in objAnn) fs[joinKey('metadata.annotations', key)] = k.lineOf(joinKey('commonAnnotations', key));
  }
}

/** Every container (and init container) of the object, with its path and image. */
function containers(obj: KubeObject): Array<{ path: string; image: string }> {
  const out: Array<{ path: string; image: string }> = [];
  walkObject(obj, { apiVersion: obj.apiVersion ?? '', kind: obj.kind ?? '' }, (path, value, fields) => {
    const last = fields[fields.length - 1];
    if ((last === 'containers' || last === 'initContainers') && value && typeof value === 'object' && !Array.isArray(value)) {
      const image = (value as { image?: unknown }).image;
      if (typeof image === 'string') out.push({ path, image });
    }
  });
  return out;
}

function pickDoc(docs: ParsedDoc[], obj: KubeObject): ParsedDoc | undefined {
  const name = obj.metadata?.name ?? '';
  const sameKind = docs.filter((d) => d.object.kind === obj.kind);
  return (
    sameKind.find((d) => d.object.metadata?.name === name) ??
    sameKind.filter((d) => name.includes(d.object.metadata?.name ?? '\u0000')).sort((a, b) => (b.object.metadata?.name?.length ?? 0) - (a.object.metadata?.name?.length ?? 0))[0] ??
    sameKind[0] ??
    docs[0]
  );
}
