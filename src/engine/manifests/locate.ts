// Walks a parsed YAML document and records where each field path (drift-contract grammar) is
// declared: the line of a map key, or of a list item's first character.

import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../types.js';
import { joinIndex, joinItem, joinKey } from './field-path.js';
import { listKeys } from './list-keys.js';

export interface LocateContext {
  file: string;
  lines: LineCounter;
  apiVersion: string;
  group: string;
  kind: string;
  /** the document, to resolve the aliases of `<<` merge keys */
  doc?: Document;
}

/** Records the location of `node`'s fields under `path` (the node itself is recorded by the caller). */
export function locateFields(node: unknown, path: string, ctx: LocateContext, out: Map<string, SourceLocation> = new Map()): Map<string, SourceLocation> {
  walk(node, path, [], [], ctx, out);
  return out;
}

/** Location of the start of a node. */
export function nodeLocation(node: Node | null | undefined, ctx: { file: string; lines: LineCounter }): SourceLocation | undefined {
  const start = node?.range?.[0];
  if (start === undefined) return undefined;
  const pos = ctx.lines.linePos(start);
  return { file: ctx.file, line: pos.line, column: pos.col };
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) {
    if (typeof key.value === 'symbol') return undefined;
    return key.value === null || key.value === undefined ? '' : String(key.value);
  }
  return undefined;
}

const isMergePair = (p: Pair): boolean => isScalar(p.key) && typeof p.key.value === 'symbol';

function walk(node: unknown, path: string, fields: string[], steps: string[], ctx: LocateContext, out: Map<string, SourceLocation>): void {
  // Aliased content is located at the alias itself: descending would repeat the anchor's
  // lines for every alias and multiplies work on alias-heavy files.
  if (isAlias(node) || node === null || node === undefined) return;
  if (isMap(node)) {
    const merged: Array<Pair> = [];
    for (const pair of node.items) {
      if (isMergePair(pair)) {
        merged.push(pair);
        continue;
      }
      const key = keyString(pair.key);
      if (key === undefined) continue;
      const child = joinKey(path, key);
      const loc = nodeLocation((pair.key as Node | null) ?? (pair.value as Node | null), ctx);
      if (loc) out.set(child, loc);
      walk(pair.value, child, [...fields, key], [...steps, key], ctx, out);
    }
    // `<<: *base` keys that the map does not set itself are declared by the merge line.
    for (const pair of merged) {
      const loc = nodeLocation(pair.key as Node, ctx);
      if (!loc) continue;
      for (const key of mergedKeys(pair.value, ctx.doc)) {
        const child = joinKey(path, key);
        if (!out.has(child)) out.set(child, loc);
      }
    }
    return;
  }
  if (isSeq(node)) {
    const keys = listKeys({ apiVersion: ctx.apiVersion, group: ctx.group, kind: ctx.kind, fields, path: steps });
    const itemSteps = [...steps, '[]'];
    node.items.forEach((item, i) => {
      // An item of a keyed list is named by its keys; the index is used only where the list is
      // atomic or unknown, or the item lacks a key value.
      const keyed = keys && isMap(item) ? joinItem(path, scalarFields(item), keys) : undefined;
      const child = keyed ?? joinIndex(path, i);
      const loc = nodeLocation(item as Node, ctx);
      if (loc) out.set(child, loc);
      walk(item, child, fields, itemSteps, ctx, out);
    });
  }
}

function scalarFields(map: YAMLMap): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (const pair of map.items) {
    const key = keyString(pair.key);
    if (key !== undefined && isScalar(pair.value)) rec[key] = pair.value.value;
  }
  return rec;
}

function mergedKeys(value: unknown, doc: Document | undefined): string[] {
  const sources = isSeq(value) ? value.items : [value];
  const keys: string[] = [];
  for (const s of sources) {
    const map = isAlias(s) ? (doc ? s.resolve(doc) : undefined) : s;
    if (!isMap(map)) continue;
    for (const p of map.items) {
      const k = keyString(p.key);
      if (k !== undefined) keys.push(k);
    }
  }
  return keys;
}
