// Minimal text edits that set, add or delete one field of a YAML document, for "adopt the live
// value into Git" and for writing ignore rules. The file is parsed with the `yaml` package only
// to find node offsets; the edit replaces or inserts just the affected lines, so comments,
// quoting and indentation everywhere else stay byte for byte as the user wrote them.
//
// Paths follow the drift-contract grammar: `spec.replicas`, `metadata.labels["a/b"]`,
// `containers[name=web].env[name=X].value`, `args[0]`.

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseDriftPath, type DriftStep } from '../status/drift-path.js';

/** Replace `length` characters at `offset` with `text`. */
export interface TextEdit { offset: number; length: number; text: string }

export type EditResult = { ok: true; edit: TextEdit } | { ok: false; reason: string };

/** Which document of a multi-document file: by position, or by the line of its first key. */
export interface DocTarget { docIndex?: number; line?: number }

/** `undefined` as the value deletes the field (the live object has no such field). */
export function setFieldEdit(text: string, target: DocTarget, path: string, value: unknown): EditResult {
  const steps = parseDriftPath(path);
  if (!steps || !steps.length) return { ok: false, reason: `cannot read the field path ${path}` };
  const found = pickDocument(text, target);
  if (!found) return { ok: false, reason: 'the document is not in the file any more (or has YAML errors)' };
  const { doc } = found;
  if (!isMap(doc.contents)) return { ok: false, reason: 'the document is not a YAML map' };
  return editIn(text, doc.contents, steps, value, path);
}

/** Appends `item` to the list at `path` (created, with any missing parent maps, when absent). */
export function appendListItemEdit(text: string, target: DocTarget, path: string, item: unknown): EditResult {
  const steps = parseDriftPath(path);
  if (!steps || !steps.length || steps.some((s) => !('field' in s))) return { ok: false, reason: `cannot append to ${path}` };
  if (!text.trim()) return { ok: true, edit: { offset: 0, length: text.length, text: block({ [fieldOf(steps[0]!)]: nest(steps.slice(1), [item]) }, 0) } };
  const found = pickDocument(text, target);
  if (!found || !isMap(found.doc.contents)) return { ok: false, reason: 'the document is not a YAML map (or has YAML errors)' };
  let map: YAMLMap = found.doc.contents;
  for (let i = 0; i < steps.length; i++) {
    const key = fieldOf(steps[i]!);
    const pair = pairOf(map, key);
    if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
      if (pair) return replaceValue(text, pair, nest(steps.slice(i + 1), [item]));
      return insertIntoMap(text, map, { [key]: nest(steps.slice(i + 1), [item]) });
    }
    if (i === steps.length - 1) {
      if (!isSeq(pair.value)) return { ok: false, reason: `${path} is not a list` };
      return appendToSeq(text, pair, pair.value, item);
    }
    if (!isMap(pair.value)) return { ok: false, reason: `${key} is not a map` };
    map = pair.value;
  }
  return { ok: false, reason: `cannot append to ${path}` };
}

/** Applies one edit to a text. */
export function applyEdit(text: string, e: TextEdit): string {
  return text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
}

function pickDocument(text: string, target: DocTarget): { doc: Document; lines: LineCounter } | undefined {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  if (!Array.isArray(docs)) return undefined;
  let doc: Document | undefined;
  if (target.line !== undefined) {
    doc = docs.find((d) => {
      const start = (d.contents as Node | null)?.range?.[0];
      const end = (d.contents as Node | null)?.range?.[2];
      return start !== undefined && end !== undefined && lines.linePos(start).line <= target.line! && lines.linePos(end).line >= target.line!;
    });
  } else doc = docs[target.docIndex ?? 0];
  if (!doc || doc.errors.length) return undefined;
  return { doc, lines };
}

const fieldOf = (s: DriftStep): string => ('field' in s ? s.field : '');

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

const KEY_DEFAULTS: Record<string, string> = { protocol: 'TCP' };

function itemMatches(item: unknown, keys: Record<string, string>): boolean {
  if (!isMap(item)) return false;
  return Object.entries(keys).every(([k, v]) => {
    const p = pairOf(item, k);
    const actual = p && isScalar(p.value) ? String(p.value.value) : KEY_DEFAULTS[k];
    return actual === v;
  });
}

/** The JS value that the remaining steps describe, ending in `leaf`. */
function nest(steps: DriftStep[], leaf: unknown): unknown {
  if (!steps.length) return leaf;
  const [s, ...rest] = steps;
  if ('field' in s!) return { [s.field]: nest(rest, leaf) };
  if ('keys' in s!) {
    const inner = nest(rest, leaf);
    const typed = Object.fromEntries(Object.entries(s.keys).map(([k, v]) => [k, /^-?\d+$/.test(v) ? Number(v) : v]));
    return [{ ...typed, ...(isPlain(inner) ? inner : {}) }];
  }
  throw new Error('unreachable');
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function editIn(text: string, root: YAMLMap, steps: DriftStep[], value: unknown, path: string): EditResult {
  let node: YAMLMap | YAMLSeq = root;
  let holder: Pair | undefined; // the pair whose value is `node` (to rewrite an empty or flow value)
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const last = i === steps.length - 1;
    if ('field' in s) {
      if (!isMap(node)) return { ok: false, reason: `${path}: ${s.field} is under a list, not a map` };
      const pair = pairOf(node, s.field);
      if (!pair) {
        if (value === undefined) return { ok: false, reason: `${path} is not in the file: nothing to delete` };
        const rest = steps.slice(i + 1);
        if (rest.some((r) => 'index' in r || 'value' in r)) return { ok: false, reason: `${path} names a list item by position: add it by hand` };
        if (node.flow && holder) return replaceValue(text, holder, { ...(holder.value as YAMLMap).toJSON() as Record<string, unknown>, [s.field]: nest(rest, value) });
        return insertIntoMap(text, node, { [s.field]: nest(rest, value) });
      }
      if (last) return value === undefined ? deletePair(text, pair) : replaceValue(text, pair, value);
      if (isMap(pair.value) || isSeq(pair.value)) { holder = pair; node = pair.value; continue; }
      // a scalar, null or empty value where a map is wanted: replace it with the new branch
      if (value === undefined) return { ok: false, reason: `${path} is not in the file: nothing to delete` };
      return replaceValue(text, pair, nest(steps.slice(i + 1), value));
    }
    if (!isSeq(node)) return { ok: false, reason: `${path}: a list was expected` };
    const seq: YAMLSeq = node;
    let idx = -1;
    if ('index' in s) idx = s.index < seq.items.length ? s.index : -1;
    else if ('keys' in s) idx = seq.items.findIndex((it) => itemMatches(it, s.keys));
    else idx = seq.items.findIndex((it) => isScalar(it) && JSON.stringify(it.value) === JSON.stringify(s.value));
    if (idx < 0) {
      if (value === undefined) return { ok: false, reason: `${path} is not in the file: nothing to delete` };
      if (!('keys' in s)) return { ok: false, reason: `${path} names a list item by position or value: add it by hand` };
      if (!holder) return { ok: false, reason: `${path}: the list has no key` };
      const item = (nest([s, ...steps.slice(i + 1)], value) as unknown[])[0];
      return seq.flow ? replaceValue(text, holder, [...(seq.toJSON() as unknown[]), item]) : appendToSeq(text, holder, seq, item);
    }
    const item = seq.items[idx] as Node;
    if (last) {
      if (value === undefined) return deleteItem(text, item);
      return replaceNode(text, item, value);
    }
    if (!isMap(item)) return { ok: false, reason: `${path}: the list item is not a map` };
    holder = undefined;
    node = item;
  }
  return { ok: false, reason: `cannot edit ${path}` };
}

function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** The end of a node's own text, without the trailing newline(s) and comment lines the parser counts in. */
function contentEnd(text: string, node: Node): number {
  let end = node.range![1];
  while (end > node.range![0] && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** YAML text of a scalar, fit for `key: <here>`. */
function scalarText(v: unknown): string {
  if (typeof v === 'string' && v.includes('\n')) return JSON.stringify(v);
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

const isCollection = (v: unknown) => typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

/** Block YAML of a collection, every line indented by `indent` spaces, no trailing newline. */
function block(v: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  return stringify(v, { lineWidth: 0, indentSeq: true }).trimEnd().split('\n').map((l) => pad + l).join('\n');
}

function replaceValue(text: string, pair: Pair, value: unknown): EditResult {
  const key = pair.key as Node;
  const keyCol = columnOf(text, key.range![0]);
  const v = pair.value as Node | null;
  if (v && v.range && !(isCollection(value) && (isScalar(v) || (v as YAMLMap).flow))) return replaceNode(text, v, value);
  // empty / scalar / flow value turning into a block collection: it goes under the key
  const keyEnd = key.range![1];
  const colon = text.indexOf(':', keyEnd);
  const from = colon + 1;
  const to = v?.range ? contentEnd(text, v) : lineEndOf(text, from);
  const newText = isCollection(value) ? `\n${block(value, keyCol + 2)}` : ` ${scalarText(value)}`;
  return { ok: true, edit: { offset: from, length: to - from, text: newText } };
}

/** Replaces a node in place; a block collection keeps its column, a scalar keeps trailing comments. */
function replaceNode(text: string, node: Node, value: unknown): EditResult {
  const start = node.range![0];
  const end = contentEnd(text, node);
  if (!isCollection(value)) return { ok: true, edit: { offset: start, length: end - start, text: scalarText(value) } };
  const flow = (isMap(node) || isSeq(node)) && node.flow;
  if (flow || isScalar(node)) {
    return { ok: true, edit: { offset: start, length: end - start, text: stringify(value, { lineWidth: 0, collectionStyle: 'flow' }).trimEnd() } };
  }
  const startCol = columnOf(text, start);
  const body = block(value, startCol).slice(startCol); // the first line starts where the node did
  return { ok: true, edit: { offset: start, length: end - start, text: body } };
}

function insertIntoMap(text: string, map: YAMLMap, entries: Record<string, unknown>): EditResult {
  const first = map.items[0]?.key as Node | undefined;
  if (!first?.range) return { ok: false, reason: 'cannot add a key to an empty map here' };
  const col = columnOf(text, first.range[0]);
  const last = map.items[map.items.length - 1]!;
  const lastNode = ((last.value as Node | null)?.range ? last.value : last.key) as Node;
  const at = lineEndOf(text, contentEnd(text, lastNode));
  const body = Object.entries(entries).map(([k, v]) => (isCollection(v) ? block({ [k]: v }, col) : `${' '.repeat(col)}${stringify({ [k]: v }, { lineWidth: 0 }).trimEnd()}`)).join('\n');
  return { ok: true, edit: { offset: at, length: 0, text: `\n${body}` } };
}

function appendToSeq(text: string, holder: Pair, seq: YAMLSeq, item: unknown): EditResult {
  const firstItem = seq.items[0] as Node | undefined;
  if (!firstItem?.range) return replaceValue(text, holder, [item]);
  // the dash sits before the item's first character: find its column on that line
  const lineStart = lineStartOf(text, firstItem.range[0]);
  const dashCol = text.slice(lineStart, firstItem.range[0]).indexOf('-');
  const col = dashCol >= 0 ? dashCol : columnOf(text, firstItem.range[0]);
  const at = lineEndOf(text, contentEnd(text, seq));
  return { ok: true, edit: { offset: at, length: 0, text: `\n${block([item], col)}` } };
}

function deletePair(text: string, pair: Pair): EditResult {
  const key = pair.key as Node;
  const start = lineStartOf(text, key.range![0]);
  const valueNode = (pair.value as Node | null)?.range ? pair.value as Node : key;
  const end = lineEndOf(text, contentEnd(text, valueNode));
  if (text.slice(start, key.range![0]).trim() !== '') return { ok: false, reason: 'the key shares its line with other content: remove it by hand' };
  return { ok: true, edit: { offset: start, length: Math.min(text.length, end + 1) - start, text: '' } };
}

function deleteItem(text: string, item: Node): EditResult {
  const start = lineStartOf(text, item.range![0]);
  if (!/^\s*-\s*$/.test(text.slice(start, item.range![0]))) return { ok: false, reason: 'the list item shares its line with other content: remove it by hand' };
  const end = lineEndOf(text, contentEnd(text, item));
  return { ok: true, edit: { offset: start, length: Math.min(text.length, end + 1) - start, text: '' } };
}
