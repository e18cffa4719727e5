// ApplicationSet generators evaluated against the working tree: list, git (directories with
// `exclude`, files), and matrix / merge over those. Generators that need a cluster or an
// external service (clusters, scmProvider, pullRequest, clusterDecisionResource, plugin) are
// reported per ApplicationSet and produce nothing.

import { parse as parseYaml } from 'yaml';
import type { SourceLocation } from '../types.js';
import { renderDeep, sanitizeName, TemplateError, type Params, type TemplateOptions } from './appset-template.js';
import { isRelativeRepoPath, redactUrl, type DiscoveryContext } from './context.js';
import { gitPathspecMatcher, goPathMatcher } from './glob.js';
import { baseOf, dirOf } from './paths.js';
import { arr, bool, isObj, obj, str, strMap, type Obj } from './values.js';
import type { FieldPath, YamlDoc } from './yaml-docs.js';

export interface GenResult {
  params: Params;
  /** the generator's own `template`, merged over the ApplicationSet's */
  template?: Obj;
  /** where this parameter set comes from (list element, directory entry, config file) */
  location: SourceLocation;
}

export interface GenEnv {
  doc: YamlDoc;
  ctx: DiscoveryContext;
  opts: TemplateOptions;
  /** a problem about this ApplicationSet */
  warn(message: string, at: FieldPath, severity?: 'error' | 'warning'): void;
}

const OFFLINE_ONLY = ['list', 'git', 'matrix', 'merge'];

export async function generate(gen: Obj, at: FieldPath, env: GenEnv, depth = 0): Promise<GenResult[]> {
  const kinds = Object.keys(gen).filter((k) => k !== 'selector' && k !== 'values' && gen[k] !== null && gen[k] !== undefined);
  const kind = kinds[0];
  if (!kind) {
    env.warn('generator is empty', at);
    return [];
  }
  if (kinds.length > 1) env.warn(`a generator entry has several types (${kinds.join(', ')}); only ${kind} is read`, at, 'warning');
  if (!OFFLINE_ONLY.includes(kind)) {
    env.warn(`the ${kind} generator needs the cluster or an external service, so its apps are not listed offline`, [...at, kind], 'warning');
    return [];
  }
  const spec = obj(gen[kind]) ?? {};
  let results: GenResult[];
  switch (kind) {
    case 'list':
      results = listGenerator(spec, [...at, kind], env);
      break;
    case 'git':
      results = await gitGenerator(spec, [...at, kind], env);
      break;
    default:
      if (depth >= 2) {
        env.warn(`${kind} generators nested this deep are not supported by Argo CD`, [...at, kind]);
        return [];
      }
      results = kind === 'matrix' ? await matrixGenerator(spec, [...at, kind], env, depth) : await mergeGenerator(spec, [...at, kind], env, depth);
  }
  const template = obj(spec['template']);
  if (template) results = results.map((r) => ({ ...r, template: r.template ? deepMergeTemplates(template, r.template) : template }));
  const selector = obj(gen['selector']);
  return selector ? results.filter((r) => matchesSelector(flatten(r.params), selector)) : results;
}

function listGenerator(spec: Obj, at: FieldPath, env: GenEnv): GenResult[] {
  const out: GenResult[] = [];
  arr(spec['elements'])?.forEach((el, i) => {
    const o = obj(el);
    const loc = env.doc.locate([...at, 'elements', i]);
    if (!o) return env.warn(`list element ${i} must be a map`, [...at, 'elements', i]);
    if (env.opts.goTemplate) return out.push({ params: o, location: loc });
    const params: Params = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'values' && isObj(v)) {
        for (const [vk, vv] of Object.entries(v)) params[`values.${vk}`] = String(vv);
      } else if (typeof v === 'string') params[k] = v;
      else return env.warn(`list element ${i}: "${k}" must be a string unless goTemplate is true`, [...at, 'elements', i, k]);
    }
    out.push({ params, location: loc });
  });
  const yamlText = str(spec['elementsYaml']);
  if (yamlText) {
    try {
      const list = parseYaml(yamlText) as unknown;
      (arr(list) ?? []).forEach((el) => {
        if (isObj(el)) out.push({ params: el, location: env.doc.locate([...at, 'elementsYaml']) });
      });
    } catch (e) {
      env.warn(`elementsYaml is not valid YAML: ${(e as Error).message.split('\n')[0]}`, [...at, 'elementsYaml']);
    }
  }
  return out;
}

async function gitGenerator(spec: Obj, at: FieldPath, env: GenEnv): Promise<GenResult[]> {
  const repoURL = str(spec['repoURL']) ?? '';
  if (!env.ctx.isThisRepo(repoURL) && !isRelativeRepoPath(repoURL)) {
    env.warn(`the git generator reads ${redactUrl(repoURL) || 'no repoURL'}, which is not this repository, so its apps are not listed`, [...at, 'repoURL'], 'warning');
    return [];
  }
  const prefix = str(spec['pathParamPrefix']);
  const values = strMap(spec['values']);
  const dirsSpec = arr(spec['directories']);
  const filesSpec = arr(spec['files']);
  let results: GenResult[] = [];
  if (dirsSpec && dirsSpec.length > 0) {
    const items = dirsSpec.map((d, j) => ({ j, o: obj(d) ?? {} })).filter(({ o }) => typeof o['path'] === 'string');
    const matchers = items.map(({ j, o }) => ({ j, exclude: bool(o['exclude']) === true, match: goPathMatcher(o['path'] as string) }));
    const all = [...env.ctx.scan.dirs].sort(walkOrder);
    for (const dir of all) {
      const inc = matchers.find((m) => !m.exclude && m.match(dir));
      if (!inc || matchers.some((m) => m.exclude && m.match(dir))) continue;
      results.push({ params: dirParams(dir, prefix, env.opts.goTemplate), location: env.doc.locate([...at, 'directories', inc.j]) });
    }
    // Argo CD then generates no app at all, silently: usually a path that moved or a typo.
    if (!results.length && items.length) env.warn(`the git generator's directories match no folder of this repository, so it generates no apps`, [...at, 'directories'], 'warning');
  } else if (filesSpec && filesSpec.length > 0) {
    const include: Array<(p: string) => boolean> = [];
    const exclude: Array<(p: string) => boolean> = [];
    for (const f of filesSpec) {
      const o = obj(f);
      const p = str(o?.['path']);
      if (p) (bool(o?.['exclude']) ? exclude : include).push(gitPathspecMatcher(p));
    }
    const files = [...env.ctx.scan.files].filter((f) => include.some((m) => m(f)) && !exclude.some((m) => m(f))).sort();
    for (const file of files) {
      const text = await env.ctx.scan.readText(file);
      if (text === undefined) continue;
      let content: unknown;
      try {
        content = parseYaml(text);
      } catch (e) {
        env.ctx.problems.push({ severity: 'error', message: `git file generator: cannot parse ${file}: ${(e as Error).message.split('\n')[0]}`, location: { file, line: 1 } });
        continue;
      }
      const objects = Array.isArray(content) ? content.filter(isObj) : isObj(content) ? [content] : content == null ? [{}] : [];
      for (const o of objects) results.push({ params: fileParams(o, file, prefix, env.opts.goTemplate), location: { file, line: 1 } });
    }
    if (!files.length && include.length) env.warn(`the git generator's files match no file of this repository, so it generates no apps`, [...at, 'files'], 'warning');
  } else {
    env.warn('the git generator needs directories or files', at);
  }
  if (values) results = results.map((r) => ({ ...r, params: withValues(r.params, values, env) }));
  return results;
}

function dirParams(dir: string, prefix: string | undefined, go: boolean): Params {
  const base = baseOf(dir);
  if (go) {
    const p = { path: dir, basename: base, basenameNormalized: sanitizeName(base), segments: dir.split('/') };
    return prefix ? { [prefix]: { path: p } } : { path: p };
  }
  const key = prefix ? `${prefix}.path` : 'path';
  const params: Params = { [key]: dir, [`${key}.basename`]: base, [`${key}.basenameNormalized`]: sanitizeName(base) };
  dir.split('/').forEach((s, i) => { if (s) params[`${key}[${i}]`] = s; });
  return params;
}

function fileParams(content: Obj, file: string, prefix: string | undefined, go: boolean): Params {
  const dir = dirOf(file);
  const base = baseOf(dir === '.' ? '.' : dir);
  const filename = baseOf(file);
  if (go) {
    const p = { path: dir, basename: base, filename, basenameNormalized: sanitizeName(base), filenameNormalized: sanitizeName(filename), segments: dir.split('/') };
    return { ...content, ...(prefix ? { [prefix]: { path: p } } : { path: p }) };
  }
  const params: Params = { ...flatten(content) };
  const key = prefix ? `${prefix}.path` : 'path';
  Object.assign(params, { [key]: dir, [`${key}.basename`]: base, [`${key}.filename`]: filename, [`${key}.basenameNormalized`]: sanitizeName(base), [`${key}.filenameNormalized`]: sanitizeName(filename) });
  dir.split('/').forEach((s, i) => { if (s) params[`${key}[${i}]`] = s; });
  return params;
}

/** Generator `values`, themselves templated with the generator's parameters. */
function withValues(params: Params, values: Record<string, string>, env: GenEnv): Params {
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) rendered[k] = String(renderDeep(v, params, env.opts));
  if (env.opts.goTemplate) return { ...params, values: rendered };
  const out = { ...params };
  for (const [k, v] of Object.entries(rendered)) out[`values.${k}`] = v;
  return out;
}

async function matrixGenerator(spec: Obj, at: FieldPath, env: GenEnv, depth: number): Promise<GenResult[]> {
  const gens = arr(spec['generators']) ?? [];
  if (gens.length !== 2) {
    env.warn(`a matrix generator needs exactly 2 child generators, found ${gens.length}`, at);
    return [];
  }
  const first = await generate(obj(gens[0]) ?? {}, [...at, 'generators', 0], env, depth + 1);
  const out: GenResult[] = [];
  for (const a of first) {
    // the second generator may use the first one's parameters (e.g. a path from a git file)
    let second: Obj;
    try {
      second = renderDeep(obj(gens[1]) ?? {}, a.params, { ...env.opts, missingKeyError: false }) as Obj;
    } catch (e) {
      if (e instanceof TemplateError) {
        env.warn(e.message, [...at, 'generators', 1]);
        continue;
      }
      throw e;
    }
    for (const b of await generate(second, [...at, 'generators', 1], env, depth + 1)) {
      const params = combine(a.params, b.params, env.opts.goTemplate);
      if (!params) {
        env.warn('the matrix generators produce the same parameter with different values', at);
        return out;
      }
      out.push({ params, location: b.location, template: a.template && b.template ? deepMergeTemplates(a.template, b.template) : (b.template ?? a.template) });
    }
  }
  return out;
}

async function mergeGenerator(spec: Obj, at: FieldPath, env: GenEnv, depth: number): Promise<GenResult[]> {
  const gens = arr(spec['generators']) ?? [];
  const keys = (arr(spec['mergeKeys']) ?? []).filter((k): k is string => typeof k === 'string');
  if (gens.length < 2 || keys.length === 0) {
    env.warn('a merge generator needs at least 2 child generators and mergeKeys', at);
    return [];
  }
  const base = await generate(obj(gens[0]) ?? {}, [...at, 'generators', 0], env, depth + 1);
  let merged = base.map((r) => ({ ...r }));
  for (let i = 1; i < gens.length; i++) {
    const others = await generate(obj(gens[i]) ?? {}, [...at, 'generators', i], env, depth + 1);
    const byKey = new Map<string, GenResult>();
    for (const o of others) byKey.set(mergeKeyOf(o.params, keys, env.opts.goTemplate), o);
    merged = merged.map((r) => {
      const o = byKey.get(mergeKeyOf(r.params, keys, env.opts.goTemplate));
      return o ? { ...r, params: deepMergeParams(r.params, o.params) } : r;
    });
  }
  return merged;
}

function mergeKeyOf(params: Params, keys: string[], go: boolean): string {
  return JSON.stringify(keys.map((k) => (go ? k.split('.').reduce<unknown>((v, s) => (isObj(v) ? v[s] : undefined), params) : params[k])));
}

function combine(a: Params, b: Params, go: boolean): Params | undefined {
  if (go) return deepMergeParams(a, b);
  for (const [k, v] of Object.entries(b)) if (k in a && a[k] !== v) return undefined;
  return { ...a, ...b };
}

function deepMergeParams(a: Params, b: Params): Params {
  const out: Params = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(out[k]) ? deepMergeParams(out[k] as Params, v) : v;
  return out;
}

/** A generator's template over the ApplicationSet's: non-empty generator values win (mergo WithOverride). */
export function deepMergeTemplates(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = isObj(v) && isObj(out[k]) ? deepMergeTemplates(out[k] as Obj, v) : v;
  }
  return out;
}

/** Flattens nested parameters to dotted keys with Go's `%v` formatting. */
export function flatten(o: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (isObj(o) || Array.isArray(o)) {
    const entries: Array<[string, unknown]> = Array.isArray(o) ? o.map((v, i) => [String(i), v]) : Object.entries(o);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = o === null || o === undefined ? '<nil>' : String(o);
  }
  return out;
}

function matchesSelector(labels: Record<string, string>, sel: Obj): boolean {
  for (const [k, v] of Object.entries(obj(sel['matchLabels']) ?? {})) if (labels[k] !== String(v)) return false;
  for (const e of arr(sel['matchExpressions']) ?? []) {
    const x = obj(e) ?? {};
    const key = String(x['key']);
    const vals = (arr(x['values']) ?? []).map(String);
    const has = key in labels;
    switch (x['operator']) {
      case 'In': if (!has || !vals.includes(labels[key]!)) return false; break;
      case 'NotIn': if (has && vals.includes(labels[key]!)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Depth-first, name-sorted order, as `filepath.WalkDir` visits folders. */
function walkOrder(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] !== sb[i]) return sa[i]! < sb[i]! ? -1 : 1;
  }
  return sa.length - sb.length;
}
