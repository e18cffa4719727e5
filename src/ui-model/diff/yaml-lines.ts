// A small YAML emitter that remembers, for every line, the path of the value it shows, so drifted
// fields can be annotated on their line and the diff can be computed line by line. Display only:
// the text is valid YAML for ordinary manifests but is never parsed back.

/** A path into a JSON value: map keys and array indices. */
export type Seg = string | number;

/** A value replaced by a mask (Secret data); `compare` differs when the two sides differ. */
export class Masked {
  constructor(readonly label: string, readonly compare: string) {}
}

export interface YamlLine {
  text: string;
  /** the deepest value this line shows */
  path: Seg[];
  /** what the line diff compares (the text, except for masked values) */
  key: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Masked);

const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMBERISH = /^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

function keyText(k: string): string {
  return /^[A-Za-z0-9_./-][A-Za-z0-9_./ -]*$/.test(k) && !RESERVED.test(k) && !NUMBERISH.test(k) && !k.endsWith(' ') ? k : JSON.stringify(k);
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    const plain = v !== '' && !RESERVED.test(v) && !NUMBERISH.test(v) && !/^[\s,[\]{}#&*!|>'"%@`]|^[-?:](\s|$)/.test(v)
      && !/: |\s#|\s$|[\u0000-\u001f]/.test(v);
    return plain ? v : JSON.stringify(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function emitScalar(out: YamlLine[], prefix: string, v: unknown, path: Seg[], indent: string): void {
  if (v instanceof Masked) {
    const text = `${prefix}${v.label}`;
    out.push({ text, path, key: `${text}\u0000${v.compare}` });
    return;
  }
  if (typeof v === 'string' && v.includes('\n')) {
    // multi-line strings as literal blocks, one line each, all on the value's path
    const body = v.endsWith('\n') ? v.slice(0, -1) : v;
    const text = `${prefix}${v.endsWith('\n') ? '|' : '|-'}`;
    out.push({ text, path, key: text });
    for (const l of body.split('\n')) {
      const t = l === '' ? '' : `${indent}  ${l}`;
      out.push({ text: t, path, key: t });
    }
    return;
  }
  const text = `${prefix}${scalarText(v)}`;
  out.push({ text, path, key: text });
}

function emit(out: YamlLine[], v: unknown, path: Seg[], indent: string, first: string | undefined): void {
  // `first` is the text that starts the first line (`- ` of a list item), else the indent
  let lead = first ?? indent;
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) { out.push({ text: `${lead}{}`, path, key: `${lead}{}` }); return; }
    for (const k of keys) {
      const child = v[k];
      const p = [...path, k];
      const head = `${lead}${keyText(k)}:`;
      if ((isObj(child) && Object.keys(child).length) || (Array.isArray(child) && child.length)) {
        out.push({ text: head, path: p, key: head });
        emit(out, child, p, Array.isArray(child) ? indent : `${indent}  `, undefined);
      } else if (isObj(child) || Array.isArray(child)) {
        const t = `${head} ${Array.isArray(child) ? '[]' : '{}'}`;
        out.push({ text: t, path: p, key: t });
      } else {
        emitScalar(out, `${head} `, child, p, indent);
      }
      lead = indent;
    }
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) { out.push({ text: `${lead}[]`, path, key: `${lead}[]` }); return; }
    v.forEach((item, i) => {
      const dash = `${i === 0 ? lead : indent}- `;
      if (isObj(item) || Array.isArray(item)) emit(out, item, [...path, i], `${indent}  `, dash);
      else emitScalar(out, dash, item, [...path, i], indent);
    });
    return;
  }
  emitScalar(out, lead, v, path, indent);
}

/** The YAML lines of a value (an object at the top level, as a manifest). */
export function yamlLines(value: unknown): YamlLine[] {
  const out: YamlLine[] = [];
  if (value === undefined) return out;
  emit(out, value, [], '', undefined);
  return out;
}

/** Whether `prefix` is a prefix of (or equal to) `path`. */
export function startsWith(path: readonly Seg[], prefix: readonly Seg[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((s, i) => s === path[i]);
}
