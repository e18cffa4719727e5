// Field paths and field sets as structured-merge-diff models them (spec §4.2): path elements,
// their total order, the FieldsV1 trie encoding, and the `.spec.x[name="a"]` rendering used in
// conflict messages. A FieldSet keeps, per level, the elements that are members and the child sets.
import type { Json, JsonObject } from '../api/types.js';
import { goJson, goQuote, isObj } from './values.js';

export type KeyField = readonly [name: string, value: Json];

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** associative-list item; fields sorted by name */
  | { readonly kind: 'key'; readonly fields: readonly KeyField[] }
  /** set-list item */
  | { readonly kind: 'value'; readonly value: Json }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const fieldEl = (name: string): PathElement => ({ kind: 'field', name });
export const valueEl = (value: Json): PathElement => ({ kind: 'value', value });
export const indexEl = (index: number): PathElement => ({ kind: 'index', index });
export function keyEl(fields: Record<string, Json> | readonly KeyField[]): PathElement {
  const list: KeyField[] = Array.isArray(fields) ? [...(fields as readonly KeyField[])] : Object.entries(fields as Record<string, Json>);
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { kind: 'key', fields: list };
}

/** Shorthand for tests and fixed paths: strings are fields, numbers indices, elements as given. */
export function makePath(...parts: Array<string | number | PathElement>): Path {
  return parts.map((p) => (typeof p === 'string' ? fieldEl(p) : typeof p === 'number' ? indexEl(p) : p));
}

// ---------- element encoding ----------

/** The FieldsV1 key of an element: `f:name`, `k:{"a":1}`, `v:"x"`, `i:3`. Also the identity used in maps. */
export function serializeElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `f:${pe.name}`;
    case 'key': return `k:{${pe.fields.map(([n, v]) => `${goJson(n)}:${goJson(v, true)}`).join(',')}}`;
    case 'value': return `v:${goJson(pe.value, true)}`;
    case 'index': return `i:${pe.index}`;
  }
}

/** Parses a FieldsV1 key; undefined for unknown element types (skipped, as the apiserver does). */
export function parseElement(s: string): PathElement | undefined {
  if (s.length < 2 || s[1] !== ':') throw new Error(`invalid path element ${JSON.stringify(s)}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f': return fieldEl(rest);
    case 'v': return valueEl(JSON.parse(rest) as Json);
    case 'k': {
      const o: unknown = JSON.parse(rest);
      if (!isObj(o)) throw new Error(`invalid key element ${JSON.stringify(s)}`);
      return keyEl(o as Record<string, Json>);
    }
    case 'i': {
      if (!/^-?\d+$/.test(rest)) throw new Error(`invalid index element ${JSON.stringify(s)}`);
      return indexEl(Number(rest));
    }
    default: return undefined;
  }
}

// ---------- ordering ----------

function jsonRank(v: Json): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 4;
  if (v !== null) return 5;
  return 6;
}

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** structured-merge-diff's total order of values: numbers < strings < bools < lists < maps < null. */
export function compareJson(a: Json, b: Json): number {
  const ra = jsonRank(a), rb = jsonRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return cmpStr(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareJson(a[i]!, b[i]!);
      if (c) return c;
    }
    return a.length - b.length;
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = cmpStr(ka[i]!, kb[i]!) || compareJson(a[ka[i]!] as Json, b[kb[i]!] as Json);
      if (c) return c;
    }
    return ka.length - kb.length;
  }
  return 0;
}

/** Element order: fields < keys < values < indices, then by content. */
export function compareElements(a: PathElement, b: PathElement): number {
  const rank = { field: 0, key: 1, value: 2, index: 3 } as const;
  if (a.kind !== b.kind) return rank[a.kind] - rank[b.kind];
  if (a.kind === 'field' && b.kind === 'field') return cmpStr(a.name, b.name);
  if (a.kind === 'key' && b.kind === 'key') {
    for (let i = 0; i < Math.min(a.fields.length, b.fields.length); i++) {
      const c = cmpStr(a.fields[i]![0], b.fields[i]![0]) || compareJson(a.fields[i]![1], b.fields[i]![1]);
      if (c) return c;
    }
    return a.fields.length - b.fields.length;
  }
  if (a.kind === 'value' && b.kind === 'value') return compareJson(a.value, b.value);
  if (a.kind === 'index' && b.kind === 'index') return a.index - b.index;
  return 0;
}

// ---------- rendering ----------

function valueString(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  return Object.entries(v).map(([k, x]) => `${k}=${valueString(x)}`).join('');
}

/** `.name`, `[k=v,k2=v2]`, `[=v]`, `[3]` */
export function elementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `.${pe.name}`;
    case 'key': return `[${pe.fields.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
    case 'value': return `[=${valueString(pe.value)}]`;
    case 'index': return `[${pe.index}]`;
  }
}

export function pathString(path: Path): string {
  return path.map(elementString).join('');
}

// ---------- the set ----------

interface Child { pe: PathElement; set: FieldSet }

export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path as a member (mutates; sets are otherwise treated as values). */
  insert(path: Path): this {
    if (path.length === 0) return this;
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    const k = serializeElement(head);
    if (rest.length === 0) {
      this.members.set(k, head);
    } else {
      let c = this.children.get(k);
      if (!c) this.children.set(k, (c = { pe: head, set: new FieldSet() }));
      c.set.insert(rest);
    }
    return this;
  }

  /** True when the path itself is a member. */
  has(path: Path): boolean {
    if (path.length === 0) return false;
    const k = serializeElement(path[0]!);
    if (path.length === 1) return this.members.has(k);
    return this.children.get(k)?.set.has(path.slice(1)) ?? false;
  }

  isEmpty(): boolean {
    if (this.members.size) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** The paths below one element, without it (empty when there are none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializeElement(pe))?.set.copy() ?? new FieldSet();
  }

  copy(): FieldSet {
    const s = new FieldSet();
    for (const [k, pe] of this.members) s.members.set(k, pe);
    for (const [k, c] of this.children) s.children.set(k, { pe: c.pe, set: c.set.copy() });
    return s;
  }

  union(o: FieldSet): FieldSet {
    const s = this.copy();
    for (const [k, pe] of o.members) s.members.set(k, pe);
    for (const [k, c] of o.children) {
      const mine = s.children.get(k);
      s.children.set(k, { pe: c.pe, set: mine ? mine.set.union(c.set) : c.set.copy() });
    }
    return s;
  }

  intersection(o: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const [k, pe] of this.members) if (o.members.has(k)) s.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = o.children.get(k);
      if (!theirs) continue;
      const sub = c.set.intersection(theirs.set);
      if (!sub.isEmpty()) s.children.set(k, { pe: c.pe, set: sub });
    }
    return s;
  }

  /** Removes the members of `o`; children of removed members stay (exact-path difference). */
  difference(o: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) s.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = o.children.get(k);
      const sub = theirs ? c.set.difference(theirs.set) : c.set.copy();
      if (!sub.isEmpty()) s.children.set(k, { pe: c.pe, set: sub });
    }
    return s;
  }

  /** Removes every path of `o` and everything below a member of `o`. */
  recursiveDifference(o: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) s.members.set(k, pe);
    for (const [k, c] of this.children) {
      if (o.members.has(k)) continue;
      const theirs = o.children.get(k);
      const sub = theirs ? c.set.recursiveDifference(theirs.set) : c.set.copy();
      if (!sub.isEmpty()) s.children.set(k, { pe: c.pe, set: sub });
    }
    return s;
  }

  equals(o: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(o.toFieldsV1());
  }

  /** Member elements of this level, in element order. */
  memberElements(): PathElement[] {
    return [...this.members.values()].sort(compareElements);
  }

  /** Child sets of this level, in element order. */
  childEntries(): Array<[PathElement, FieldSet]> {
    return [...this.children.values()].filter((c) => !c.set.isEmpty()).sort((a, b) => compareElements(a.pe, b.pe)).map((c) => [c.pe, c.set]);
  }

  /** Every member path: at each level the members first, then the children (Go's iteration order). */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = this.memberElements().map((pe) => [...prefix, pe]);
    for (const [pe, set] of this.childEntries()) out.push(...set.paths([...prefix, pe]));
    return out;
  }

  /** A set from one level's members and child sets (for schema-aware rebuilds that walk childEntries). */
  static fromParts(members: PathElement[], children: Array<[PathElement, FieldSet]>): FieldSet {
    const s = new FieldSet();
    for (const pe of members) s.members.set(serializeElement(pe), pe);
    for (const [pe, set] of children) if (!set.isEmpty()) s.children.set(serializeElement(pe), { pe, set });
    return s;
  }

  toString(): string {
    return this.paths().map(pathString).join('\n');
  }

  /** The FieldsV1 object: `{}` for member leaves, `".":{}` for members that also have children. */
  toFieldsV1(): JsonObject {
    const out: JsonObject = {};
    const keys = new Map<string, PathElement>();
    for (const [k, pe] of this.members) keys.set(k, pe);
    for (const [k, c] of this.children) if (!c.set.isEmpty()) keys.set(k, c.pe);
    const sorted = [...keys.entries()].sort((a, b) => compareElements(a[1], b[1]));
    for (const [k] of sorted) {
      const child = this.children.get(k);
      if (child && !child.set.isEmpty()) {
        const inner: JsonObject = this.members.has(k) ? { '.': {} } : {};
        Object.assign(inner, child.set.toFieldsV1());
        out[k] = inner;
      } else {
        out[k] = {};
      }
    }
    return out;
  }

  /** Parses FieldsV1; throws on malformed input (callers decide whether that is fatal). */
  static fromFieldsV1(json: unknown): FieldSet {
    return readLevel(json).set;
  }
}

function readLevel(json: unknown): { set: FieldSet; isMember: boolean } {
  if (!isObj(json)) throw new Error('FieldsV1: expected an object');
  const members: PathElement[] = [];
  const children: Array<[PathElement, FieldSet]> = [];
  let self = false;
  for (const [k, v] of Object.entries(json)) {
    if (k === '.') { self = true; continue; }
    const pe = parseElement(k);
    if (!pe) continue;
    const sub = readLevel(v);
    if (sub.isMember) members.push(pe);
    if (!sub.set.isEmpty()) children.push([pe, sub.set]);
  }
  // A node without any child element is a member leaf, whatever it contains.
  const isMember = self || (members.length === 0 && children.length === 0);
  return { set: FieldSet.fromParts(members, children), isMember };
}
