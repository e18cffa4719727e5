// The subset of jq that Argo CD users write in `ignoreDifferences.jqPathExpressions`, evaluated as
// `del(<expr>)` like Argo CD does with gojq: paths (`.a.b`, `.a["k"]`, `."k"`, `.a[0]`, `.a[]`,
// `?`), pipes, commas, `select(...)` with comparisons, `and`/`or`/`not`, and the usual filters
// (startswith, endswith, contains, test, has, length, ascii_downcase, ascii_upcase).
import { isObj, stableJson, type Json, type JsonObject } from './json.js';

type Step = { key: string; opt: boolean } | { index: number; opt: boolean } | { iter: true; opt: boolean };

export type Expr =
  | { t: 'pipe'; left: Expr; right: Expr }
  | { t: 'comma'; left: Expr; right: Expr }
  | { t: 'path'; steps: Step[] }
  | { t: 'select'; cond: Expr }
  | { t: 'lit'; value: Json }
  | { t: 'bin'; op: string; left: Expr; right: Expr }
  | { t: 'call'; name: string; args: Expr[] };

export class JqError extends Error {}

// ---------- tokens ----------

interface Tok { kind: 'punct' | 'ident' | 'str' | 'num' | 'field' | 'end'; text: string; value?: Json }

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>='].includes(two)) { out.push({ kind: 'punct', text: two }); i += 2; continue; }
    if ('[](){}|,?<>;'.includes(c)) { out.push({ kind: 'punct', text: c }); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new JqError('unterminated string');
      out.push({ kind: 'str', text: src.slice(i, j + 1), value: JSON.parse(src.slice(i, j + 1)) as string });
      i = j + 1;
      continue;
    }
    if (c === '.') {
      const m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      if (m) { out.push({ kind: 'field', text: m[1]! }); i += m[0].length; continue; }
      out.push({ kind: 'punct', text: '.' });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ kind: 'num', text: num[0], value: Number(num[0]) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ kind: 'ident', text: id[0] }); i += id[0].length; continue; }
    throw new JqError(`unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ kind: 'end', text: '' });
  return out;
}

// ---------- parser ----------

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(): Tok { return this.toks[this.i]!; }
  private next(): Tok {
    const t = this.toks[this.i]!;
    if (t.kind !== 'end') this.i++;
    return t;
  }
  private is(text: string): boolean { const t = this.peek(); return (t.kind === 'punct' || t.kind === 'ident') && t.text === text; }
  private expect(text: string): void { if (!this.is(text)) throw new JqError(`expected "${text}"`); this.i++; }

  parse(): Expr {
    const e = this.pipe();
    if (this.peek().kind !== 'end') throw new JqError(`unexpected "${this.peek().text}"`);
    return e;
  }

  private pipe(): Expr {
    let left = this.comma();
    while (this.is('|')) { this.next(); left = { t: 'pipe', left, right: this.comma() }; }
    return left;
  }

  private comma(): Expr {
    let left = this.or();
    while (this.is(',')) { this.next(); left = { t: 'comma', left, right: this.or() }; }
    return left;
  }

  private or(): Expr {
    let left = this.and();
    while (this.is('or')) { this.next(); left = { t: 'bin', op: 'or', left, right: this.and() }; }
    return left;
  }

  private and(): Expr {
    let left = this.cmp();
    while (this.is('and')) { this.next(); left = { t: 'bin', op: 'and', left, right: this.cmp() }; }
    return left;
  }

  private cmp(): Expr {
    const left = this.postfix();
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.is(op)) { this.next(); return { t: 'bin', op, left, right: this.postfix() }; }
    }
    return left;
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'field') { this.next(); e = pipeStep(e, { key: t.text, opt: this.opt() }); continue; }
      if (this.is('.') && this.toks[this.i + 1]?.kind === 'str') {
        this.next();
        e = pipeStep(e, { key: this.next().value as string, opt: this.opt() });
        continue;
      }
      if (this.is('.') && this.toks[this.i + 1]?.text === '[') { this.next(); continue; }
      if (this.is('[')) { e = pipeStep(e, this.bracket()); continue; }
      return e;
    }
  }

  private opt(): boolean {
    if (this.is('?')) { this.next(); return true; }
    return false;
  }

  private bracket(): Step {
    this.expect('[');
    if (this.is(']')) { this.next(); return { iter: true, opt: this.opt() }; }
    const t = this.next();
    this.expect(']');
    if (t.kind === 'str') return { key: t.value as string, opt: this.opt() };
    if (t.kind === 'num' && Number.isInteger(t.value)) return { index: t.value as number, opt: this.opt() };
    throw new JqError(`unsupported index "${t.text}"`);
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'field') { this.next(); return { t: 'path', steps: [{ key: t.text, opt: this.opt() }] }; }
    if (this.is('.')) {
      this.next();
      if (this.peek().kind === 'str') return { t: 'path', steps: [{ key: this.next().value as string, opt: this.opt() }] };
      if (this.is('[')) return { t: 'path', steps: [this.bracket()] };
      return { t: 'path', steps: [] };
    }
    if (this.is('(')) { this.next(); const e = this.pipe(); this.expect(')'); return e; }
    if (t.kind === 'str' || t.kind === 'num') { this.next(); return { t: 'lit', value: t.value! }; }
    if (t.kind === 'ident') {
      this.next();
      if (t.text === 'true' || t.text === 'false') return { t: 'lit', value: t.text === 'true' };
      if (t.text === 'null') return { t: 'lit', value: null };
      const args: Expr[] = [];
      if (this.is('(')) {
        this.next();
        args.push(this.pipe());
        while (this.is(';')) { this.next(); args.push(this.pipe()); }
        this.expect(')');
      }
      if (t.text === 'select') {
        if (args.length !== 1) throw new JqError('select takes one argument');
        return { t: 'select', cond: args[0]! };
      }
      if (!FUNCS.has(t.text)) throw new JqError(`unsupported function ${t.text}`);
      return { t: 'call', name: t.text, args };
    }
    throw new JqError(`unexpected "${t.text || 'end of expression'}"`);
  }
}

function pipeStep(e: Expr, step: Step): Expr {
  if (e.t === 'path') return { t: 'path', steps: [...e.steps, step] };
  return { t: 'pipe', left: e, right: { t: 'path', steps: [step] } };
}

const FUNCS = new Set(['startswith', 'endswith', 'contains', 'test', 'has', 'not', 'length', 'ascii_downcase', 'ascii_upcase', 'empty']);

export function parseJq(src: string): Expr {
  return new Parser(tokenize(src)).parse();
}

// ---------- evaluation ----------

export type PathPart = string | number;
interface PV { path: PathPart[]; value: Json | undefined }

function stepOne(pv: PV, step: Step): PV[] {
  const v = pv.value;
  if ('key' in step) {
    if (v === undefined || v === null) return [{ path: [...pv.path, step.key], value: undefined }];
    if (isObj(v)) return [{ path: [...pv.path, step.key], value: v[step.key] }];
    if (step.opt) return [];
    throw new JqError(`cannot index ${typeOf(v)} with "${step.key}"`);
  }
  if ('index' in step) {
    if (v === undefined || v === null) return [{ path: [...pv.path, step.index], value: undefined }];
    if (Array.isArray(v)) {
      const i = step.index < 0 ? v.length + step.index : step.index;
      return [{ path: [...pv.path, i], value: v[i] }];
    }
    if (step.opt) return [];
    throw new JqError(`cannot index ${typeOf(v)} with number`);
  }
  if (Array.isArray(v)) return v.map((x, i) => ({ path: [...pv.path, i], value: x }));
  if (isObj(v)) return Object.keys(v).map((k) => ({ path: [...pv.path, k], value: v[k] }));
  if (step.opt || v === undefined || v === null) return [];
  throw new JqError(`cannot iterate over ${typeOf(v)}`);
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);

function paths(e: Expr, input: PV): PV[] {
  switch (e.t) {
    case 'path': {
      let cur = [input];
      for (const s of e.steps) cur = cur.flatMap((pv) => stepOne(pv, s));
      return cur;
    }
    case 'pipe': return paths(e.left, input).flatMap((pv) => paths(e.right, pv));
    case 'comma': return [...paths(e.left, input), ...paths(e.right, input)];
    case 'select': return values(e.cond, input.value).some(truthy) ? [input] : [];
    case 'call': if (e.name === 'empty') return []; break;
    default: break;
  }
  throw new JqError('invalid path expression');
}

function values(e: Expr, v: Json | undefined): Array<Json | undefined> {
  switch (e.t) {
    case 'path':
    case 'pipe':
    case 'select':
      if (e.t === 'pipe') return values(e.left, v).flatMap((x) => values(e.right, x));
      return paths(e, { path: [], value: v }).map((pv) => pv.value);
    case 'comma': return [...values(e.left, v), ...values(e.right, v)];
    case 'lit': return [e.value];
    case 'bin': {
      if (e.op === 'and' || e.op === 'or') {
        const out: boolean[] = [];
        for (const l of values(e.left, v)) {
          if (e.op === 'and' && !truthy(l)) { out.push(false); continue; }
          if (e.op === 'or' && truthy(l)) { out.push(true); continue; }
          for (const r of values(e.right, v)) out.push(truthy(r));
        }
        return out;
      }
      const out: boolean[] = [];
      for (const l of values(e.left, v)) for (const r of values(e.right, v)) out.push(compare(e.op, l ?? null, r ?? null));
      return out;
    }
    case 'call': return call(e, v);
  }
}

function call(e: { name: string; args: Expr[] }, v: Json | undefined): Array<Json | undefined> {
  const arg = (i: number) => values(e.args[i]!, v);
  const s = typeof v === 'string' ? v : undefined;
  switch (e.name) {
    case 'not': return [!truthy(v)];
    case 'empty': return [];
    case 'length': return [typeof v === 'string' || Array.isArray(v) ? v.length : isObj(v) ? Object.keys(v).length : v === null || v === undefined ? 0 : Math.abs(Number(v))];
    case 'ascii_downcase': return [s?.toLowerCase() ?? null];
    case 'ascii_upcase': return [s?.toUpperCase() ?? null];
    case 'startswith': return arg(0).map((a) => s !== undefined && typeof a === 'string' && s.startsWith(a));
    case 'endswith': return arg(0).map((a) => s !== undefined && typeof a === 'string' && s.endsWith(a));
    case 'test': return arg(0).map((a) => s !== undefined && typeof a === 'string' && new RegExp(a).test(s));
    case 'has': return arg(0).map((a) => (isObj(v) && typeof a === 'string' ? a in v : Array.isArray(v) && typeof a === 'number' ? a < v.length : false));
    case 'contains': return arg(0).map((a) => contains(v ?? null, a ?? null));
    default: throw new JqError(`unsupported function ${e.name}`);
  }
}

function contains(a: Json, b: Json): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
  if (Array.isArray(a) && Array.isArray(b)) return b.every((x) => a.some((y) => contains(y, x)));
  if (isObj(a) && isObj(b)) return Object.keys(b).every((k) => k in a && contains(a[k]!, b[k]!));
  return stableJson(a) === stableJson(b);
}

const truthy = (v: Json | undefined): boolean => v !== false && v !== null && v !== undefined;

function compare(op: string, a: Json, b: Json): boolean {
  if (op === '==') return stableJson(a) === stableJson(b);
  if (op === '!=') return stableJson(a) !== stableJson(b);
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : stableJson(a) < stableJson(b) ? -1 : stableJson(a) > stableJson(b) ? 1 : 0;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

/** The paths an expression selects in a document (what `del(expr)` deletes). */
export function jqPaths(expr: string | Expr, doc: unknown): PathPart[][] {
  const e = typeof expr === 'string' ? parseJq(expr) : expr;
  return paths(e, { path: [], value: doc as Json }).filter((pv) => pv.value !== undefined).map((pv) => pv.path);
}

/** `del(expr)` on a document, in place. Later array indices go first so earlier ones stay valid. */
export function jqDelete(expr: string | Expr, doc: unknown): number {
  const ps = jqPaths(expr, doc);
  ps.sort((a, b) => comparePaths(b, a));
  let n = 0;
  for (const p of ps) if (deletePath(doc as Json, p)) n++;
  return n;
}

function comparePaths(a: PathPart[], b: PathPart[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function deletePath(doc: Json, path: PathPart[]): boolean {
  if (!path.length) return false;
  let cur: Json | undefined = doc;
  for (const p of path.slice(0, -1)) {
    if (typeof p === 'number') cur = Array.isArray(cur) ? cur[p] : undefined;
    else cur = isObj(cur) ? cur[p] : undefined;
    if (cur === undefined) return false;
  }
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && Array.isArray(cur) && last < cur.length) { cur.splice(last, 1); return true; }
  if (typeof last === 'string' && isObj(cur) && last in cur) { delete (cur as JsonObject)[last]; return true; }
  return false;
}
