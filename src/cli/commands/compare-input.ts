// Reading the inputs of `plumb compare`: one Kubernetes object per file (or none: a file with
// only comments), and the optional context file. Every problem is a UsageError naming the file
// and line, printed as `plumb compare: <file>:<line>: <message>`.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { UsageError } from '../command.js';
import type { CompareContext, IgnoreDifference, KubeObject } from '../../engine/types.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const fail = (file: string, line: number, message: string): never => {
  throw new UsageError(`${file}:${line}: ${message}`);
};

async function readText(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return fail(file, 1, why);
  }
}

/** The single YAML/JSON document of a file, or undefined when it holds only comments. */
async function readSingleDocument(file: string, cwd: string): Promise<{ value: unknown; line: number; doc: Document; lc: LineCounter } | undefined> {
  const text = await readText(file, cwd);
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0] ?? lc.linePos(err.pos[0]);
      fail(file, pos.line, cleanMessage(err.message));
    }
  }
  const present = list.filter((d) => d.contents !== null);
  if (present.length > 1) {
    const second = present[1]!;
    fail(file, lc.linePos(second.range[0]).line, `holds ${present.length} documents; compare takes one object per file`);
  }
  const doc = present[0];
  if (!doc) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    fail(file, lc.linePos(unresolvedAliasAt(doc) ?? doc.range[0]).line, cleanMessage((e as Error).message));
  }
  return { value, line: lc.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line, doc, lc };
}

/** Where the first alias without an anchor is, if that is what failed. */
function unresolvedAliasAt(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (at === undefined && node.range && !node.resolve(doc)) at = node.range[0];
    },
  });
  return at;
}

/** "Map keys must be unique at line 3, column 1:\n\n…" → "Map keys must be unique". */
function cleanMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** The line of a top-level key of the document, or the document's first line. */
function keyLine(doc: Document, lc: LineCounter, key: string, fallback: number): number {
  const node = doc.contents as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null;
  const item = node?.items?.find((i) => i.key?.value === key);
  return item?.key?.range ? lc.linePos(item.key.range[0]).line : fallback;
}

/** A Kubernetes object from a file, or undefined when the file has none (only comments). */
export async function readObjectFile(file: string, cwd: string): Promise<KubeObject | undefined> {
  const got = await readSingleDocument(file, cwd);
  if (!got) return undefined;
  const { value, line, doc, lc } = got;
  if (!isObj(value)) return fail(file, line, 'not a Kubernetes object: expected a mapping with apiVersion, kind and metadata.name');
  if (typeof value['kind'] !== 'string' || !value['kind']) return fail(file, line, 'not a Kubernetes object: no kind');
  if (value['kind'].endsWith('List') && Array.isArray(value['items'])) {
    // `kubectl get … -o yaml` of a query: no item is a 404, one item is the object.
    const items = value['items'];
    if (items.length === 0) return undefined;
    if (items.length > 1) return fail(file, keyLine(doc, lc, 'items', line), `a ${value['kind']} of ${items.length} objects; compare takes one object per file`);
    return checkObject(items[0], file, keyLine(doc, lc, 'items', line));
  }
  return checkObject(value, file, line, doc, lc);
}

function checkObject(value: unknown, file: string, line: number, doc?: Document, lc?: LineCounter): KubeObject {
  const at = (key: string) => (doc && lc ? keyLine(doc, lc, key, line) : line);
  if (!isObj(value) || typeof value['kind'] !== 'string' || !value['kind']) return fail(file, line, 'not a Kubernetes object: no kind');
  if (typeof value['apiVersion'] !== 'string' || !value['apiVersion']) return fail(file, at('kind'), 'not a Kubernetes object: no apiVersion');
  const meta = value['metadata'];
  const named = isObj(meta) && ((typeof meta['name'] === 'string' && meta['name']) || (typeof meta['generateName'] === 'string' && meta['generateName']));
  if (!named) return fail(file, at('metadata'), 'not a Kubernetes object: no metadata.name');
  return value as KubeObject;
}

/** The context file: `{"ignoreDifferences": [...], "inventory": [...]}`. */
export async function readContextFile(file: string, cwd: string): Promise<CompareContext> {
  const got = await readSingleDocument(file, cwd);
  if (!got) return {};
  const { value, line, doc, lc } = got;
  if (!isObj(value)) return fail(file, line, 'expected an object with ignoreDifferences and inventory');
  const out: CompareContext = {};
  for (const key of Object.keys(value)) {
    if (key !== 'ignoreDifferences' && key !== 'inventory') fail(file, keyLine(doc, lc, key, line), `unknown field "${key}" (expected ignoreDifferences, inventory)`);
  }
  const ids = value['ignoreDifferences'];
  if (ids !== undefined && ids !== null) {
    if (!Array.isArray(ids)) fail(file, keyLine(doc, lc, 'ignoreDifferences', line), 'ignoreDifferences must be a list');
    out.ignoreDifferences = (ids as unknown[]).map((r, i) => ignoreRule(r, i, file, keyLine(doc, lc, 'ignoreDifferences', line)));
  }
  const inv = value['inventory'];
  if (inv !== undefined && inv !== null) {
    if (!Array.isArray(inv) || !inv.every((x) => typeof x === 'string')) {
      fail(file, keyLine(doc, lc, 'inventory', line), 'inventory must be a list of "<group>/<Kind>/<namespace>/<name>" strings');
    }
    out.inventory = inv as string[];
  }
  return out;
}

function ignoreRule(r: unknown, i: number, file: string, line: number): IgnoreDifference {
  if (!isObj(r) || typeof r['kind'] !== 'string') return fail(file, line, `ignoreDifferences[${i}] needs a kind`);
  const strings = (k: string): string[] | undefined => {
    const v = r[k];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail(file, line, `ignoreDifferences[${i}].${k} must be a list of strings`);
    return v as string[];
  };
  const rule: IgnoreDifference = { kind: r['kind'] };
  if (typeof r['group'] === 'string') rule.group = r['group'];
  if (typeof r['name'] === 'string') rule.name = r['name'];
  if (typeof r['namespace'] === 'string') rule.namespace = r['namespace'];
  const jp = strings('jsonPointers');
  const jq = strings('jqPathExpressions');
  const mf = strings('managedFieldsManagers');
  if (jp) rule.jsonPointers = jp;
  if (jq) rule.jqPathExpressions = jq;
  if (mf) rule.managedFieldsManagers = mf;
  return rule;
}
