// ApplicationSet template rendering, both dialects:
// - fasttemplate (`goTemplate: false`): `{{path.basename}}` replaced by a flat string parameter,
//   unknown tags left as written;
// - Go templates (`goTemplate: true`): `{{ .path.basename }}`, `{{ index .path.segments 1 }}`,
//   pipes and a subset of the Sprig/Argo CD functions. Control structures (if/range/with) are not
//   evaluated offline; they raise a TemplateError, which the caller reports for the ApplicationSet.

import { isObj, type Obj } from './values.js';

export class TemplateError extends Error {}

export interface TemplateOptions {
  goTemplate: boolean;
  /** `goTemplateOptions: ["missingkey=error"]` */
  missingKeyError: boolean;
}

export type Params = Obj;

/** Renders every string inside `value` (map keys stay as written, as Argo CD does). */
export function renderDeep(value: unknown, params: Params, opts: TemplateOptions): unknown {
  if (typeof value === 'string') return renderString(value, params, opts);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, params, opts));
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, params, opts);
    return out;
  }
  return value;
}

export function renderString(tmpl: string, params: Params, opts: TemplateOptions): string {
  if (!tmpl.includes('{{')) return tmpl;
  return opts.goTemplate ? renderGo(tmpl, params, opts.missingKeyError) : renderFast(tmpl, params);
}

function renderFast(tmpl: string, params: Params): string {
  return tmpl.replace(/\{\{([^}]*)\}\}/g, (whole, tag: string) => {
    const v = params[tag.trim()];
    return typeof v === 'string' && tag.trim() !== '' ? v : whole;
  });
}

// ---- Go templates -------------------------------------------------------------------------

const NO_VALUE = '<no value>';

function renderGo(tmpl: string, params: Params, missingKeyError: boolean): string {
  let out = '';
  let i = 0;
  while (i < tmpl.length) {
    const open = tmpl.indexOf('{{', i);
    if (open < 0) {
      out += tmpl.slice(i);
      break;
    }
    let text = tmpl.slice(i, open);
    let start = open + 2;
    if (tmpl.startsWith('- ', start) || tmpl.startsWith('-\t', start) || tmpl.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    out += text;
    const close = findClose(tmpl, start);
    if (close < 0) throw new TemplateError(`unclosed action in "${tmpl}"`);
    let body = tmpl.slice(start, close);
    let next = close + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      while (next < tmpl.length && /\s/.test(tmpl[next]!)) next++;
    }
    out += evalAction(body.trim(), params, missingKeyError);
    i = next;
  }
  return out;
}

/** The index of the `}}` closing an action, skipping quoted strings. */
function findClose(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '`' || c === "'") {
      const q = c;
      for (i++; i < s.length && s[i] !== q; i++) if (s[i] === '\\' && q !== '`') i++;
      continue;
    }
    if (c === '}' && s[i + 1] === '}') return i;
  }
  return -1;
}

const CONTROL = /^(if|else|end|range|with|define|template|block|break|continue)\b/;

function evalAction(body: string, params: Params, missingKeyError: boolean): string {
  if (body.startsWith('/*')) return '';
  if (CONTROL.test(body)) throw new TemplateError(`"{{ ${body} }}": template control structures are not evaluated offline`);
  if (/^\$[A-Za-z_]\w*\s*:?=/.test(body)) throw new TemplateError(`"{{ ${body} }}": template variables are not evaluated offline`);
  const toks = tokenize(body);
  const p = new Parser(toks, params, missingKeyError);
  const v = p.pipeline();
  if (!p.done()) throw new TemplateError(`"{{ ${body} }}": unexpected "${p.peek()?.text}"`);
  return show(v);
}

interface Tok { kind: 'str' | 'num' | 'field' | 'ident' | 'pipe' | 'lparen' | 'rparen' | 'var'; text: string; value?: unknown }

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '|') { out.push({ kind: 'pipe', text: c }); i++; continue; }
    if (c === '(') { out.push({ kind: 'lparen', text: c }); i++; continue; }
    if (c === ')') { out.push({ kind: 'rparen', text: c }); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      const raw = s.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw new TemplateError(`bad string ${raw}`);
      }
      out.push({ kind: 'str', text: raw, value });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = s.indexOf('`', i + 1);
      if (j < 0) throw new TemplateError('unclosed raw string');
      out.push({ kind: 'str', text: s.slice(i, j + 1), value: s.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const m = /^(?:\$?(?:\.[A-Za-z_][\w]*)+|\.|\$[A-Za-z_]\w*|\$|-?\d+(?:\.\d+)?|[A-Za-z_]\w*)/.exec(s.slice(i));
    if (!m) throw new TemplateError(`cannot read "${s.slice(i)}"`);
    const t = m[0];
    if (/^-?\d/.test(t)) out.push({ kind: 'num', text: t, value: Number(t) });
    else if (t.startsWith('.') || t === '$' || t.startsWith('$.')) out.push({ kind: 'field', text: t });
    else if (t.startsWith('$')) out.push({ kind: 'var', text: t });
    else out.push({ kind: 'ident', text: t });
    i += t.length;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly params: Params, private readonly missingKeyError: boolean) {}

  peek(): Tok | undefined { return this.toks[this.i]; }
  done(): boolean { return this.i >= this.toks.length; }

  pipeline(): unknown {
    let v = this.command(undefined, false);
    while (this.peek()?.kind === 'pipe') {
      this.i++;
      v = this.command(v, true);
    }
    return v;
  }

  private command(piped: unknown, hasPiped: boolean): unknown {
    const first = this.peek();
    if (!first) throw new TemplateError('empty command');
    if (first.kind === 'ident' && !['true', 'false', 'nil'].includes(first.text)) {
      this.i++;
      const args: unknown[] = [];
      while (this.peek() && this.peek()!.kind !== 'pipe' && this.peek()!.kind !== 'rparen') args.push(this.operand());
      if (hasPiped) args.push(piped);
      return call(first.text, args);
    }
    const v = this.operand();
    if (hasPiped) throw new TemplateError(`cannot pipe into a value (${first.text})`);
    if (this.peek() && this.peek()!.kind !== 'pipe' && this.peek()!.kind !== 'rparen') throw new TemplateError(`"${first.text}" is not a function`);
    return v;
  }

  private operand(): unknown {
    const t = this.toks[this.i++];
    if (!t) throw new TemplateError('missing operand');
    switch (t.kind) {
      case 'str':
      case 'num':
        return t.value;
      case 'ident':
        if (t.text === 'true') return true;
        if (t.text === 'false') return false;
        if (t.text === 'nil') return undefined;
        return call(t.text, []);
      case 'field':
        return this.field(t.text);
      case 'lparen': {
        const v = this.pipeline();
        if (this.toks[this.i++]?.kind !== 'rparen') throw new TemplateError('missing ")"');
        return v;
      }
      case 'var':
        throw new TemplateError(`template variable ${t.text} is not evaluated offline`);
      default:
        throw new TemplateError(`unexpected "${t.text}"`);
    }
  }

  private field(chain: string): unknown {
    const names = chain.replace(/^\$/, '').split('.').filter((n) => n !== '');
    let v: unknown = this.params;
    for (const n of names) {
      if (!isObj(v)) {
        if (v === undefined) return undefined;
        throw new TemplateError(`can't evaluate field ${n} in ${chain}`);
      }
      if (!(n in v)) {
        if (this.missingKeyError) throw new TemplateError(`map has no entry for key "${n}" (${chain})`);
        return undefined;
      }
      v = v[n];
    }
    return v;
  }
}

/** Go's default formatting of a value in a template. */
function show(v: unknown): string {
  if (v === undefined || v === null) return NO_VALUE;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${show(v[k])}`).join(' ')}]`;
  return String(v);
}

const asStr = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : show(v));

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);

/** Argo CD's `normalize`: a DNS-1123 subdomain-safe name. */
export function sanitizeName(name: string): string {
  return name.toLowerCase().replace(/[^-a-z0-9.]/g, '-').slice(0, 253).replace(/^[-.]+|[-.]+$/g, '');
}

function need(name: string, args: unknown[], n: number): void {
  if (args.length !== n) throw new TemplateError(`${name} expects ${n} argument(s), got ${args.length}`);
}

function call(name: string, args: unknown[]): unknown {
  switch (name) {
    case 'index': {
      let v = args[0];
      for (const k of args.slice(1)) {
        if (Array.isArray(v) && typeof k === 'number') {
          if (k < 0 || k >= v.length) throw new TemplateError(`index out of range: ${k}`);
          v = v[k];
        } else if (isObj(v)) v = v[String(k)];
        else throw new TemplateError(`cannot index ${show(v)} with ${show(k)}`);
      }
      return v;
    }
    case 'len':
      need(name, args, 1);
      return Array.isArray(args[0]) ? args[0].length : isObj(args[0]) ? Object.keys(args[0]).length : asStr(args[0]).length;
    case 'lower': need(name, args, 1); return asStr(args[0]).toLowerCase();
    case 'upper': need(name, args, 1); return asStr(args[0]).toUpperCase();
    case 'title': need(name, args, 1); return asStr(args[0]).replace(/\b\w/g, (c) => c.toUpperCase());
    case 'trim': need(name, args, 1); return asStr(args[0]).trim();
    case 'trimPrefix': { need(name, args, 2); const [p, s] = args.map(asStr) as [string, string]; return s.startsWith(p) ? s.slice(p.length) : s; }
    case 'trimSuffix': { need(name, args, 2); const [p, s] = args.map(asStr) as [string, string]; return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s; }
    case 'replace': { need(name, args, 3); const [o, n, s] = args.map(asStr) as [string, string, string]; return s.split(o).join(n); }
    case 'hasPrefix': need(name, args, 2); return asStr(args[1]).startsWith(asStr(args[0]));
    case 'hasSuffix': need(name, args, 2); return asStr(args[1]).endsWith(asStr(args[0]));
    case 'contains': need(name, args, 2); return asStr(args[1]).includes(asStr(args[0]));
    case 'quote': return args.map((a) => JSON.stringify(asStr(a))).join(' ');
    case 'squote': return args.map((a) => `'${asStr(a)}'`).join(' ');
    case 'toString': need(name, args, 1); return asStr(args[0]);
    case 'default': need(name, args, 2); return isEmpty(args[1]) ? args[0] : args[1];
    case 'empty': need(name, args, 1); return isEmpty(args[0]);
    case 'trunc': {
      need(name, args, 2);
      const n = Number(args[0]);
      const s = asStr(args[1]);
      return n >= 0 ? s.slice(0, n) : s.slice(Math.max(0, s.length + n));
    }
    case 'join': need(name, args, 2); return (Array.isArray(args[1]) ? args[1] : [args[1]]).map(asStr).join(asStr(args[0]));
    case 'splitList': need(name, args, 2); return asStr(args[1]).split(asStr(args[0]));
    case 'cat': return args.filter((a) => a !== undefined && a !== null).map(asStr).join(' ');
    case 'printf': {
      const [fmt, ...rest] = args;
      let k = 0;
      return asStr(fmt).replace(/%[sdvq%]/g, (spec) => {
        if (spec === '%%') return '%';
        const a = rest[k++];
        return spec === '%q' ? JSON.stringify(asStr(a)) : asStr(a);
      });
    }
    case 'normalize': need(name, args, 1); return sanitizeName(asStr(args[0]));
    case 'eq': return args.slice(1).some((a) => a === args[0]);
    case 'ne': need(name, args, 2); return args[0] !== args[1];
    case 'not': need(name, args, 1); return isEmpty(args[0]);
    default:
      throw new TemplateError(`template function "${name}" is not evaluated offline`);
  }
}
