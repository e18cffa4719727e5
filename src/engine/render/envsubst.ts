// Flux's post-build variable substitution (fluxcd/pkg/envsubst, a fork of drone/envsubst):
// `${var}`, `${var:=default}`, `${var=default}`, `${var:-default}`, `${#var}`, `${var^^}`,
// `${var:1:3}`, `${var#pat}`, `${var/a/b}`…; `$$` escapes a dollar; `$var` without braces is
// left alone. In strict mode a variable that is not set and has no default is an error.

export class EnvsubstError extends Error {}

type Node = string | Expansion;
interface Expansion { name: string; op: string; args: Node[][] }

/** Variable names Flux accepts in `postBuild.substitute`. */
export const VAR_NAME = /^[_\p{L}][_\p{L}\p{Nd}]*$/u;

export interface EnvsubstResult {
  text: string;
  /** variables referenced without a value and without a default (replaced by "" when not strict) */
  unset: string[];
}

export function envsubst(text: string, vars: Readonly<Record<string, string>>, strict: boolean): EnvsubstResult {
  const nodes = new Parser(text).parseText();
  const unset = new Set<string>();
  const lookup = (name: string): string | undefined => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined);
  const evalNodes = (list: Node[]): string => list.map((n) => (typeof n === 'string' ? n : evalExpansion(n))).join('');
  const evalExpansion = (e: Expansion): string => {
    const args = e.args.map(evalNodes);
    const v = lookup(e.name);
    if (v === undefined && !DEFAULT_OPS.has(e.op)) {
      if (strict) throw new EnvsubstError(`variable not set (strict mode): "${e.name}"`);
      unset.add(e.name);
    }
    return apply(e.op, v ?? '', args);
  };
  return { text: evalNodes(nodes), unset: [...unset] };
}

const DEFAULT_OPS = new Set(['-', '+', '=', '?', ':-', ':+', ':=', ':?']);

function apply(op: string, s: string, args: string[]): string {
  switch (op) {
    case '':
      return s;
    case 'len':
      return String(Buffer.byteLength(s));
    case '^':
      return s.charAt(0).toUpperCase() + s.slice(1);
    case '^^':
      return s.toUpperCase();
    case ',':
      return s.charAt(0).toLowerCase() + s.slice(1);
    case ',,':
      return s.toLowerCase();
    case ':':
      return substr(s, args);
    case '#':
      return trimPrefix(s, args[0], false);
    case '##':
      return trimPrefix(s, args[0], true);
    case '%':
      return trimSuffix(s, args[0], false);
    case '%%':
      return trimSuffix(s, args[0], true);
    case '/':
      return args[0] === undefined ? s : s.replace(args[0], args[1] ?? '');
    case '//':
      return args[0] === undefined || args[0] === '' ? s : s.split(args[0]).join(args[1] ?? '');
    case '/#':
      return args.length === 2 && s.startsWith(args[0]!) ? args[1] + s.slice(args[0]!.length) : s;
    case '/%':
      return args.length === 2 && s.endsWith(args[0]!) ? s.slice(0, s.length - args[0]!.length) + args[1] : s;
    default:
      // every default operator: the value, or the default when the value is empty
      return s === '' && args.length ? args.join('') : s;
  }
}

function substr(s: string, args: string[]): string {
  let pos = Number.parseInt(args[0] ?? '', 10);
  if (!/^-?\d+$/.test((args[0] ?? '').trim()) || Number.isNaN(pos)) return s;
  if (pos < 0) pos = Math.max(0, s.length + pos);
  if (args.length < 2) return pos < s.length ? s.slice(pos) : '';
  const len = Number.parseInt(args[1]!, 10);
  if (!/^-?\d+$/.test(args[1]!.trim())) return s;
  if (pos + len >= s.length) return pos < s.length ? s.slice(pos) : '';
  return s.slice(pos, pos + len);
}

function patternRe(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = p.slice(i + 1, end);
        if (body.startsWith('^') || body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < p.length) re += escapeRe(p[++i]!);
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, (m) => `\\${m}`);

function trimPrefix(s: string, pattern: string | undefined, longest: boolean): string {
  if (pattern === undefined) return s;
  const re = patternRe(pattern);
  if (longest) {
    for (let i = s.length; i > 0; i--) if (re.test(s.slice(0, i))) return s.slice(i);
  } else {
    for (let i = 1; i <= s.length; i++) if (re.test(s.slice(0, i))) return s.slice(i);
  }
  return s;
}

function trimSuffix(s: string, pattern: string | undefined, longest: boolean): string {
  if (pattern === undefined) return s;
  const re = patternRe(pattern);
  if (longest) {
    for (let i = 0; i < s.length; i++) if (re.test(s.slice(i))) return s.slice(0, i);
  } else {
    for (let i = s.length - 1; i >= 0; i--) if (re.test(s.slice(i))) return s.slice(0, i);
  }
  return s;
}

const IDENT = /[\p{L}\p{Nd}_]/u;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  /** Text outside expansions: `$$` is one literal `$`. */
  parseText(): Node[] {
    const out: Node[] = [];
    let text = '';
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '$' && s[this.i + 1] === '$') {
        text += '$';
        this.i += 2;
      } else if (c === '$' && s[this.i + 1] === '{') {
        if (text) out.push(text);
        text = '';
        this.i += 2;
        out.push(this.parseExpansion());
      } else {
        text += c;
        this.i++;
      }
    }
    if (text) out.push(text);
    return out;
  }

  private parseExpansion(): Expansion {
    const s = this.s;
    if (s[this.i] === '#') {
      this.i++;
      const name = this.ident();
      this.close();
      return { name, op: 'len', args: [] };
    }
    const name = this.ident();
    const c = s[this.i];
    if (c === '}') {
      this.i++;
      return { name, op: '', args: [] };
    }
    if (c === ':') {
      const d = s[this.i + 1];
      if (d === '=' || d === '-' || d === '?' || d === '+') {
        this.i += 2;
        return { name, op: `:${d}`, args: [this.param(new Set(['}']))].concat(this.closeDefault()) };
      }
      this.i++;
      const first = this.param(new Set([':', '}']));
      if (s[this.i] === '}') {
        this.i++;
        return { name, op: ':', args: [first] };
      }
      this.i++; // ':'
      const second = this.param(new Set(['}']));
      this.close();
      return { name, op: ':', args: [first, second] };
    }
    if (c === '=') {
      this.i++;
      return { name, op: '=', args: [this.param(new Set(['}']))].concat(this.closeDefault()) };
    }
    if (c === '^' || c === ',') {
      const op = s[this.i + 1] === c ? c + c : c;
      this.i += op.length;
      this.close();
      return { name, op, args: [] };
    }
    if (c === '#' || c === '%') {
      const op = s[this.i + 1] === c ? c + c : c;
      this.i += op.length;
      const arg = this.param(new Set(['}']));
      this.close();
      return { name, op, args: [arg] };
    }
    if (c === '/') {
      const d = s[this.i + 1];
      const op = d === '/' || d === '#' || d === '%' ? `/${d}` : '/';
      this.i += op.length;
      const pattern = this.param(new Set(['/', '}']), true);
      if (s[this.i] === '}') {
        this.i++;
        return { name, op, args: [pattern] };
      }
      this.i++; // '/'
      if (s[this.i] === '}') {
        this.i++;
        return { name, op, args: [pattern] };
      }
      const repl = this.param(new Set(['}']), true);
      this.close();
      return { name, op, args: [pattern, repl] };
    }
    throw new EnvsubstError(c === undefined ? 'missing closing brace' : `bad substitution: \${${name}${c}…`);
  }

  /** The rest of a default argument: already parsed up to `}`; consumes it. */
  private closeDefault(): Node[][] {
    this.close();
    return [];
  }

  private ident(): string {
    const start = this.i;
    while (this.i < this.s.length && IDENT.test(this.s[this.i]!)) this.i++;
    if (this.i === start) throw new EnvsubstError(`unable to parse variable name at "\${${this.s.slice(start, start + 10)}"`);
    return this.s.slice(start, this.i);
  }

  private close(): void {
    if (this.s[this.i] !== '}') throw new EnvsubstError(this.i >= this.s.length ? 'missing closing brace' : `bad substitution near "${this.s.slice(this.i, this.i + 10)}"`);
    this.i++;
  }

  /** A function argument: text and nested expansions up to one of `stops` (not consumed). */
  private param(stops: Set<string>, escapes = false): Node[] {
    const out: Node[] = [];
    let text = '';
    const s = this.s;
    while (this.i < s.length && !stops.has(s[this.i]!)) {
      const c = s[this.i]!;
      if (c === '$' && s[this.i + 1] === '{') {
        if (text) out.push(text);
        text = '';
        this.i += 2;
        out.push(this.parseExpansion());
        continue;
      }
      if (escapes && ((c === '\\' && (s[this.i + 1] === '/' || s[this.i + 1] === '\\')) || (c === '$' && s[this.i + 1] === '$'))) {
        text += s[this.i + 1];
        this.i += 2;
        continue;
      }
      text += c;
      this.i++;
    }
    if (this.i >= s.length) throw new EnvsubstError('missing closing brace');
    if (text) out.push(text);
    return out;
  }
}
