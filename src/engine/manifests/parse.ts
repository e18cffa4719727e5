// Reads the objects of one YAML file with the location of every document and field, and turns
// YAML mistakes into EngineProblems naming the file and line.

import { isAlias, isMap, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { EngineProblem, KubeObject, SourceLocation } from '../types.js';
import { isKustomizeConfig, isNonManifestFile } from './classify.js';
import { tooLargeProblem } from './decode.js';
import { locateFields, nodeLocation, type LocateContext } from './locate.js';
import { MAX_ALIAS_COUNT, MAX_LINE_BYTES, MAX_MANIFEST_BYTES, MAX_MANIFEST_DOCUMENTS, TO_JS_OPTIONS, YAML_OPTIONS } from './yaml-options.js';

/** One Kubernetes object read from a file. */
export interface ParsedDoc {
  object: KubeObject;
  /** the document's first line (for an item of a `kind: List`, the item's) */
  source: SourceLocation;
  /** 0-based position of the document in its file */
  index: number;
  /** where a field (drift-contract path grammar) is declared; `nearest` falls back to the closest declared ancestor */
  lineOf(path: string, opts?: { nearest?: boolean }): SourceLocation | undefined;
  /** every declared field path and its location */
  fields: ReadonlyMap<string, SourceLocation>;
}

export interface ParseManifestOptions {
  /** size cap in characters (default MAX_MANIFEST_BYTES) */
  maxBytes?: number;
  /** record field locations (default true; renderers reading tool output turn it off) */
  locate?: boolean;
}

export interface ParseResult {
  docs: ParsedDoc[];
  problems: EngineProblem[];
}

/** Parses the YAML (or JSON) text of `file` (a workspace-relative name used in locations). */
export function parseManifests(text: string, file: string, opts: ParseManifestOptions = {}): ParseResult {
  const problems: EngineProblem[] = [];
  const docs: ParsedDoc[] = [];
  const maxBytes = opts.maxBytes ?? MAX_MANIFEST_BYTES;
  if (text.length > maxBytes) {
    problems.push(tooLargeProblem(file, text.length, maxBytes));
    return { docs, problems };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // counted before parsing: the separators at the start of a line (a slight over-count is fine)
  const documents = (text.match(/^---/gm)?.length ?? 0) + 1;
  if (documents > MAX_MANIFEST_DOCUMENTS) {
    problems.push({ severity: 'error', message: `file has ${documents} documents, over the ${MAX_MANIFEST_DOCUMENTS} limit: it is skipped (split it into several files)`, location: { file, line: 1 } });
    return { docs, problems };
  }
  const long = longestLine(text);
  if (long.length > MAX_LINE_BYTES) {
    problems.push({ severity: 'error', message: `line ${long.line} is ${(long.length / 2 ** 20).toFixed(1)} MiB long, over the ${MAX_LINE_BYTES / 2 ** 20} MiB limit (no Kubernetes object can be that large): the file is skipped`, location: { file, line: long.line } });
    return { docs, problems };
  }
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lines });
  const yamlDocs: Document[] = Array.isArray(parsed) ? parsed : [];
  const configFile = isNonManifestFile(file);
  let sawKubeLike = false;
  const notKube: SourceLocation[] = [];

  yamlDocs.forEach((doc, index) => {
    const docLoc = nodeLocation(doc.contents as Node | null, { file, lines }) ?? { file, line: lineOfOffset(lines, doc.range?.[0] ?? 0), column: 1 };
    const fatal = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    if (fatal) {
      problems.push(yamlProblem(fatal, file, lines, text));
      return;
    }
    // Duplicate keys: the object is still read (the last value wins, as in Go's decoders) so
    // that the rest of the file is not reported as missing, but the file must be fixed.
    for (const dup of doc.errors) problems.push(yamlProblem(dup, file, lines, text));

    let value: unknown;
    try {
      value = doc.toJS(TO_JS_OPTIONS);
    } catch (err) {
      problems.push(aliasProblem(err, doc, file, lines, docLoc));
      return;
    }
    if (value === null || value === undefined) return; // empty document
    if (!isPlainObject(value)) {
      notKube.push(docLoc);
      return;
    }
    if (isKustomizeConfig(value.apiVersion, value.kind)) return;
    if (value.apiVersion === undefined && value.kind === undefined) {
      notKube.push(docLoc);
      return;
    }
    sawKubeLike = true;
    const ctxBase = { file, lines, doc };
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items) && isMap(doc.contents)) {
      const itemsNode = doc.contents.get('items', true);
      (value.items as unknown[]).forEach((item, i) => {
        const node = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
        const loc = nodeLocation(node, ctxBase) ?? docLoc;
        addDoc(item, node, loc, index);
      });
      return;
    }
    addDoc(value, doc.contents as Node | null, docLoc, index);

    function addDoc(obj: unknown, node: unknown, loc: SourceLocation, idx: number): void {
      const missing = missingIdentity(obj);
      if (missing) {
        if (!configFile) problems.push({ severity: 'warning', message: `document has no ${missing}: it is not a Kubernetes object and is skipped`, location: loc });
        return;
      }
      const object = obj as KubeObject;
      const av = object.apiVersion ?? '';
      const ctx: LocateContext = { ...ctxBase, apiVersion: av, group: av.includes('/') ? av.slice(0, av.indexOf('/')) : '', kind: object.kind ?? '' };
      const fields = isAlias(node) || opts.locate === false ? new Map<string, SourceLocation>() : locateFields(node, '', ctx);
      docs.push(makeDoc(object, loc, idx, fields));
    }
  });

  if (notKube.length && !configFile) {
    const first = notKube[0]!;
    problems.push(
      sawKubeLike
        ? { severity: 'warning', message: 'document has no apiVersion or kind: it is not a Kubernetes object and is skipped', location: first }
        : { severity: 'warning', message: 'not Kubernetes YAML (no apiVersion or kind in any document): the file is skipped', location: first },
    );
  }
  return { docs, problems };
}

/** Builds a ParsedDoc from an object and its field locations. */
export function makeDoc(object: KubeObject, source: SourceLocation, index: number, fields: ReadonlyMap<string, SourceLocation>): ParsedDoc {
  return {
    object,
    source,
    index,
    fields,
    lineOf(path, o) {
      const hit = fields.get(path);
      if (hit || !o?.nearest) return hit;
      for (let p = parentPath(path); p !== undefined; p = parentPath(p)) {
        const loc = fields.get(p);
        if (loc) return loc;
      }
      return source;
    },
  };
}

/** The path one level up (`a.b[name=x].c` → `a.b[name=x]` → `a.b` → `a`), or undefined at the root. */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  if (path.endsWith(']')) {
    // find the matching '[' outside quotes
    let inQuote = false;
    for (let i = path.length - 2; i >= 0; i--) {
      const c = path[i];
      if (c === '"' && path[i - 1] !== '\\') inQuote = !inQuote;
      else if (c === '[' && !inQuote) return path.slice(0, i);
    }
    return '';
  }
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

function missingIdentity(obj: unknown): string | undefined {
  if (!isPlainObject(obj)) return 'apiVersion, kind or metadata.name';
  const missing: string[] = [];
  // a value of the wrong type is named, so "kind: [Deployment]" is not reported as absent
  const typed = (name: string, v: unknown, want: string) => (v === undefined || v === null ? name : `${name} (found ${typeName(v)}, not ${want})`);
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') missing.push(typed('apiVersion', obj.apiVersion || undefined, 'a string'));
  if (typeof obj.kind !== 'string' || obj.kind === '') missing.push(typed('kind', obj.kind || undefined, 'a string'));
  const meta = obj.metadata;
  const named = isPlainObject(meta) && ((typeof meta.name === 'string' && meta.name !== '') || (typeof meta.generateName === 'string' && meta.generateName !== ''));
  if (!named) {
    if (meta !== undefined && meta !== null && !isPlainObject(meta)) missing.push(`metadata.name (metadata is ${typeName(meta)}, not a map)`);
    else missing.push(typed('metadata.name', isPlainObject(meta) ? meta.name || undefined : undefined, 'a string'));
  }
  return missing.length ? missing.join(', ') : undefined;
}

/** The longest line and its number, by scanning for line breaks (no copy of the text). */
function longestLine(text: string): { line: number; length: number } {
  let best = { line: 1, length: 0 };
  let start = 0;
  for (let n = 1; start <= text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > best.length) best = { line: n, length: end - start };
    start = end + 1;
  }
  return best;
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v !== null && typeof v === 'object' ? 'a map' : `a ${typeof v}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function lineOfOffset(lines: LineCounter, offset: number): number {
  return lines.linePos(offset).line;
}

function yamlProblem(err: YAMLError, file: string, lines: LineCounter, text: string): EngineProblem {
  const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
  const location = { file, line: pos.line, column: pos.col };
  if (err.code === 'DUPLICATE_KEY') {
    const key = /^("[^"]*"|'[^']*'|[^:\s,}]+)/.exec(text.slice(err.pos[0]))?.[1] ?? '(see the line)';
    return { severity: 'error', message: `duplicate key ${key}: the last value wins here, but kubectl and kustomize reject the file`, location };
  }
  if (err.code === 'TAB_AS_INDENT') {
    return { severity: 'error', message: 'tab used for indentation (YAML indentation must be spaces): the document is skipped', location };
  }
  const detail = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  // The parser recurses per level: a generated document nested thousands deep exhausts the stack.
  if (/Maximum call stack/i.test(detail)) return { severity: 'error', message: 'YAML nesting is too deep to read (hundreds of levels of maps or lists): the document is skipped', location };
  return { severity: 'error', message: `YAML syntax error: ${detail}: the document is skipped`, location };
}

function aliasProblem(err: unknown, doc: Document, file: string, lines: LineCounter, docLoc: SourceLocation): EngineProblem {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Excessive alias count/i.test(msg)) {
    return { severity: 'error', message: `YAML aliases expand past ${MAX_ALIAS_COUNT} nodes (a "billion laughs" document?): the document is skipped`, location: docLoc };
  }
  // An alias whose anchor is not defined before it.
  let loc: SourceLocation | undefined;
  let name = '';
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        loc = nodeLocation(node, { file, lines });
        name = node.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (loc) return { severity: 'error', message: `YAML alias *${name} has no anchor &${name} before it: the document is skipped`, location: loc };
  return { severity: 'error', message: `YAML error: ${msg}`, location: docLoc };
}



/** A YAML file that is not a manifest (a kustomization, a JSON 6902 patch) with its field locations. */
export interface YamlFile {
  /** the first document's value (undefined when the file has errors) */
  value: unknown;
  /** field paths (index form for lists) → locations */
  fields: ReadonlyMap<string, SourceLocation>;
  problems: EngineProblem[];
  /** the parsed document, for callers that need node details (block scalars of inline patches) */
  doc?: Document;
  lines: LineCounter;
}

export function parseYamlFile(text: string, file: string, opts: ParseManifestOptions = {}): YamlFile {
  const lines = new LineCounter();
  const maxBytes = opts.maxBytes ?? MAX_MANIFEST_BYTES;
  if (text.length > maxBytes) return { value: undefined, fields: new Map(), problems: [tooLargeProblem(file, text.length, maxBytes)], lines };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lines });
  const doc = Array.isArray(parsed) ? parsed[0] : undefined;
  if (!doc) return { value: undefined, fields: new Map(), problems: [], lines };
  const problems = doc.errors.map((e) => yamlProblem(e, file, lines, text));
  if (problems.some((p) => !p.message.startsWith('duplicate key'))) return { value: undefined, fields: new Map(), problems, doc, lines };
  let value: unknown;
  try {
    value = doc.toJS(TO_JS_OPTIONS);
  } catch (err) {
    const docLoc = nodeLocation(doc.contents as Node | null, { file, lines }) ?? { file, line: 1 };
    return { value: undefined, fields: new Map(), problems: [...problems, aliasProblem(err, doc, file, lines, docLoc)], doc, lines };
  }
  const fields = locateFields(doc.contents, '', { file, lines, doc, apiVersion: '', group: '', kind: '' });
  return { value, fields, problems, doc, lines };
}
