// Argo CD ignoreDifferences (util/argo/normalizers/diff_normalizer.go, managedfields): rules
// match by group/kind glob and exact name/namespace; jsonPointers and jqPathExpressions remove
// paths from both sides; managedFieldsManagers drop the fields those managers own where the
// sides disagree. Bad pointers or expressions are skipped and reported, as Argo CD logs them.
import type { FieldNode } from '../schema/types.js';
import type { IgnoreDifference } from '../types.js';
import { semanticEqual } from './equal.js';
import { memberPaths } from './fieldsv1.js';
import { jqDelete } from './jq.js';
import { isObj, type Json, type JsonObject } from './json.js';
import type { Ownership } from './ownership.js';
import { deleteAt, nodeAtPath, valueAt } from './path.js';

export interface ObjectIdentity { group: string; kind: string; name: string; namespace: string }

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

/** The rules that apply to an object. */
export function matchingRules(rules: readonly IgnoreDifference[] | undefined, id: ObjectIdentity): IgnoreDifference[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return (Array.isArray(rules) ? rules : []).filter((r) => isObj(r as unknown)
    && glob(str(r.group), id.group) && glob(str(r.kind), id.kind)
    && (!r.name || r.name === id.name) && (!r.namespace || r.namespace === id.namespace));
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** RFC 6901 pointer → tokens (`~1` is `/`, `~0` is `~`). undefined when malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Removes the value at a pointer (a missing path is ignored silently, as in Argo CD). */
export function removePointer(doc: Json, tokens: string[]): boolean {
  if (!tokens.length) return false;
  let cur: Json | undefined = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(t) ? cur[Number(t)] : undefined;
    else cur = isObj(cur) ? cur[t] : undefined;
    if (cur === undefined) return false;
  }
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(cur)) {
    if (!/^\d+$/.test(last) || Number(last) >= cur.length) return false;
    cur.splice(Number(last), 1);
    return true;
  }
  if (isObj(cur) && last in cur) {
    delete (cur as JsonObject)[last];
    return true;
  }
  return false;
}

export interface IgnoreOutcome {
  /** human descriptions of the rules that removed something, for the note */
  applied: string[];
  /** rule parts that could not be used */
  problems: string[];
  /** a pointer "" ignores the whole object */
  wholeObject: boolean;
}

/**
 * Applies the matching rules to the comparable documents (predicted, live, desired) in place.
 * The managedFieldsManagers part needs live ownership.
 */
export function applyIgnoreRules(
  rules: IgnoreDifference[], docs: { predicted: Json; live: Json; desired: Json | undefined },
  own: Ownership, root: FieldNode | undefined,
): IgnoreOutcome {
  const out: IgnoreOutcome = { applied: [], problems: [], wholeObject: false };
  const all = [docs.predicted, docs.live, docs.desired].filter((d): d is Json => d !== undefined);
  for (const rule of rules) {
    for (const p of strings(rule.jsonPointers)) {
      const tokens = parsePointer(p);
      if (!tokens) { out.problems.push(`JSON pointer ${JSON.stringify(p)} is not valid`); continue; }
      if (!tokens.length) { out.wholeObject = true; out.applied.push('jsonPointer ""'); continue; }
      let hit = false;
      for (const d of all) hit = removePointer(d, tokens) || hit;
      if (hit) out.applied.push(`jsonPointer ${p}`);
    }
    for (const expr of strings(rule.jqPathExpressions)) {
      try {
        let n = 0;
        for (const d of all) n += jqDelete(expr, d);
        if (n) out.applied.push(`jq ${expr}`);
      } catch (e) {
        out.problems.push(`jq expression ${JSON.stringify(expr)}: ${(e as Error).message}`);
      }
    }
    const managers = new Set(strings(rule.managedFieldsManagers));
    if (!managers.size) continue;
    for (const entry of own.entries) {
      if (!managers.has(entry.manager)) continue;
      let hit = false;
      for (const { path, hasChildren } of memberPaths(entry.trie)) {
        const pv = valueAt(docs.predicted, path, root);
        const lv = valueAt(docs.live, path, root);
        // an item or map both sides have: its owned children decide
        if (hasChildren && pv !== undefined && lv !== undefined) continue;
        if (semanticEqual(pv, lv, nodeAtPath(root, path))) continue;
        for (const d of all) deleteAt(d, path, root);
        hit = true;
      }
      if (hit) out.applied.push(`fields managed by ${entry.manager}`);
    }
  }
  return out;
}
