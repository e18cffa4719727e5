// Maps fields of objects rendered by `helm template` back to the values-file keys they come from,
// so that drift on `spec.replicas` points at `replicaCount:` in values-prod.yaml rather than at
// the template. Helm leaves no origin annotations: the templates are read for lines of the forms
//   key: {{ .Values.a.b | quote }}              (a scalar from a values key)
//   key:\n  {{- toYaml .Values.a | nindent N }}  (a block from a values key)
//   {{- with .Values.a }} … {{- toYaml . … }}   (the same through `with`)
// and a rendered field is attributed when its key matches and its value equals the merged value.
// The location is the highest-precedence place that sets the key (the last values file, or the
// app's inline values / parameters). Fields that no values key explains keep the template line.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { joinKey, parseManifests, parseYamlFile, walkObject } from '../manifests/index.js';
import type { RenderedObject, SourceLocation } from '../types.js';
import { toRepoName } from './kustomize-graph.js';

export interface HelmValuesInput {
  chartDir: string;
  repoRoot: string;
  /** absolute values files, lowest precedence first (the chart's values.yaml first unless replaced) */
  valueFiles: string[];
  /** where the app is declared: inline values and parameters live there */
  declaredIn?: SourceLocation;
  inlineValues?: unknown;
  parameters?: Array<{ name: string; value: string }>;
}

interface TemplateRef { key: string; values: string[]; block: boolean }

type Layer = { value: unknown; fields: ReadonlyMap<string, SourceLocation> };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds values-file locations to the objects' fieldSources (in place). Best effort: never throws for user files. */
export async function mapHelmValues(objects: RenderedObject[], input: HelmValuesInput): Promise<void> {
  const layers: Layer[] = [];
  for (const abs of input.valueFiles) {
    const text = await readFile(abs, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const parsed = parseYamlFile(text, toRepoName(input.repoRoot, abs));
    if (isObj(parsed.value)) layers.push({ value: parsed.value, fields: parsed.fields });
  }
  const inline = inlineLayer(input);
  if (inline) layers.push(inline);
  const params = await parameterLayer(input);
  if (params) layers.push(params);
  if (!layers.length) return;

  const helperRefs = await helperTemplateRefs(join(input.chartDir, 'templates'));
  const byTemplate = new Map<string, TemplateRef[]>();
  for (const o of objects) {
    const file = o.source?.file;
    if (!file || byTemplate.has(file)) continue;
    const text = await readFile(join(input.repoRoot, file), 'utf8').catch(() => '');
    byTemplate.set(file, templateRefs(text));
  }
  for (const o of objects) {
    const refs = [...(byTemplate.get(o.source?.file ?? '') ?? []), ...helperRefs];
    if (refs.length) attribute(o, refs, layers);
  }
}

/** Inline values of the app (an object or YAML text): their keys are declared where the app is. */
function inlineLayer(input: HelmValuesInput): Layer | undefined {
  const at = input.declaredIn;
  let v = input.inlineValues;
  if (!at || v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') v = parseYamlFile(v, at.file).value;
  if (!isObj(v)) return undefined;
  const fields = new Map<string, SourceLocation>();
  walkObject(v, { apiVersion: '', kind: '' }, (path) => fields.set(path, at));
  return { value: v, fields };
}

/** `--set` parameters (Argo CD `helm.parameters`): located at their entry in the Application. */
async function parameterLayer(input: HelmValuesInput): Promise<Layer | undefined> {
  const at = input.declaredIn;
  if (!at || !input.parameters?.length) return undefined;
  const value: Record<string, unknown> = {};
  const fields = new Map<string, SourceLocation>();
  const declared = await parameterLines(input.repoRoot, at);
  input.parameters.forEach((p, i) => {
    const keys = p.name.split('.');
    if (keys.some((k) => !/^[A-Za-z0-9_-]+$/.test(k))) return; // list or escaped forms: not mapped
    let cur = value;
    keys.slice(0, -1).forEach((k) => { cur = isObj(cur[k]) ? cur[k] as Record<string, unknown> : (cur[k] = {}) as Record<string, unknown>; });
    cur[keys[keys.length - 1]!] = p.value;
    fields.set(keys.reduce((acc, k) => joinKey(acc, k), ''), declared.get(i) ?? at);
  });
  return { value, fields };
}

async function parameterLines(repoRoot: string, at: SourceLocation): Promise<Map<number, SourceLocation>> {
  const out = new Map<number, SourceLocation>();
  const text = await readFile(join(repoRoot, at.file), 'utf8').catch(() => undefined);
  if (text === undefined) return out;
  const doc = parseManifests(text, at.file).docs.find((d) => d.source.line === at.line) ?? undefined;
  for (const [path, loc] of doc?.fields ?? []) {
    const m = /\.helm\.parameters\[(\d+)\]\.value$/.exec(path);
    if (m) out.set(Number(m[1]), loc);
  }
  return out;
}

async function helperTemplateRefs(dir: string): Promise<TemplateRef[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const refs: TemplateRef[] = [];
  for (const n of names.filter((n) => n.endsWith('.tpl'))) refs.push(...templateRefs(await readFile(join(dir, n), 'utf8').catch(() => '')));
  return refs;
}

const VALUES_REF = /\.Values((?:\.[A-Za-z0-9_]+)+)/g;
const KEY_LINE = /^\s*(?:-\s+)?("[^"]+"|'[^']+'|[A-Za-z0-9_./-]+):(?:\s+(.*))?$/;

/** The `.Values` references of a template with the key they fill. */
export function templateRefs(text: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  // Block actions: `with .Values.x` rebinds `.`; other blocks only need popping at `end`.
  const blocks: Array<string[] | undefined> = [];
  let lastKey: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const actionOnly = /^\{\{.*\}\}$/.test(trimmed);
    const withMatch = /\{\{-?\s*with\s+\.Values((?:\.[A-Za-z0-9_]+)+)\s*-?\}\}/.exec(line);
    if (withMatch) { blocks.push(withMatch[1]!.slice(1).split('.')); continue; }
    if (/\{\{-?\s*(if|range|define|block)\b/.test(line)) blocks.push(undefined);
    if (/\{\{-?\s*end\s*-?\}\}/.test(line)) blocks.pop();
    const keyMatch = actionOnly ? undefined : KEY_LINE.exec(line);
    const key = keyMatch ? unquote(keyMatch[1]!) : undefined;
    const rest = keyMatch?.[2] ?? '';
    if (/toYaml\s+\.\s*[|}]/.test(line)) {
      const scope = [...blocks].reverse().find((b) => b !== undefined);
      const k = key && rest.includes('{{') ? key : lastKey;
      // no key of its own: the block is merged into the enclosing map (pod annotations)
      if (scope) refs.push({ key: k ?? '*', values: scope, block: true });
    }
    for (const m of line.matchAll(VALUES_REF)) {
      const values = m[1]!.slice(1).split('.');
      const block = new RegExp(`toYaml\\s+\\.Values\\.${values.join('\\.')}\\b`).test(line);
      if (block) { const k = key && rest.includes('{{') ? key : lastKey; if (k) refs.push({ key: k, values, block: true }); }
      else if (key && rest.includes('{{')) refs.push({ key, values, block: false });
    }
    if (key && !rest.trim()) lastKey = key;
    else if (!actionOnly && trimmed) lastKey = undefined;
  }
  return refs;
}

function unquote(k: string): string {
  return (k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'")) ? k.slice(1, -1) : k;
}

function attribute(o: RenderedObject, refs: TemplateRef[], layers: Layer[]): void {
  const fs = (o.fieldSources ??= {});
  const kind = { apiVersion: o.object.apiVersion ?? '', kind: o.object.kind ?? '' };
  walkObject(o.object, kind, (path, value, fields) => {
    if (/\[[^"\]]*\]$/.test(path)) return; // a list item: refs name map keys
    const key = fields[fields.length - 1];
    for (const ref of refs) {
      if (ref.key !== key && ref.key !== '*') continue;
      const want = merged(layers, ref.values);
      if (want === undefined) continue;
      const valuesPath = ref.values.reduce((acc, k) => joinKey(acc, k), '');
      if (ref.key === '*') {
        if (isObj(value) && isObj(want) && Object.keys(want).length && Object.entries(want).every(([k, v]) => deepEqual(value[k], v))) mapBlock(fs, path, valuesPath, want, layers);
        continue;
      }
      if (!ref.block) {
        if (isScalar(value) && isScalar(want) && String(value) === String(want)) {
          const loc = locate(layers, valuesPath);
          if (loc) { fs[path] = loc; return; }
        }
        continue;
      }
      if (!deepEqual(value, want)) continue;
      const loc = locate(layers, valuesPath);
      if (loc) fs[path] = loc;
      mapBlock(fs, path, valuesPath, want, layers);
      return;
    }
  });
}

/** The fields under a `toYaml` block, each at the values line that sets it. */
function mapBlock(fs: Record<string, SourceLocation>, path: string, valuesPath: string, value: unknown, layers: Layer[]): void {
  if (!isObj(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const p = joinKey(path, k);
    const vp = joinKey(valuesPath, k);
    const loc = locate(layers, vp);
    if (loc) fs[p] = loc;
    mapBlock(fs, p, vp, v, layers);
  }
}

function merged(layers: Layer[], keys: string[]): unknown {
  let out: unknown;
  for (const l of layers) {
    const v = keys.reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), l.value);
    if (v === undefined) continue;
    out = isObj(out) && isObj(v) ? mergeDeep(out, v) : v;
  }
  return out;
}

function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(out[k]) && isObj(v) ? mergeDeep(out[k] as Record<string, unknown>, v) : v;
  return out;
}

function locate(layers: Layer[], path: string): SourceLocation | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const loc = layers[i]!.fields.get(path);
    if (loc) return loc;
  }
  return undefined;
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return isScalar(a) && isScalar(b) && String(a) === String(b) && typeof a === typeof b;
}
