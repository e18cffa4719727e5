// Label and field selectors as kube-apiserver 1.32 parses them (apimachinery pkg/labels and
// pkg/fields), the per-kind selectable fields (each kind's field-label conversion and
// ToSelectableFields), and LabelSelector objects (metav1.LabelSelectorAsSelector).
import { StatusError } from './errors.js';
import type { KObject } from './types.js';

export type Labels = Record<string, string> | undefined;
export type LabelMatcher = (labels: Labels) => boolean;
/** Reads a selectable field of the candidate object (undefined counts as ""). */
export type FieldGetter = (field: string) => string | undefined;
export type FieldMatcher = (get: FieldGetter) => boolean;

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';
export interface LabelRequirement { key: string; operator: LabelOperator; values: string[] }

const badRequest = (msg: string) => new StatusError(400, 'BadRequest', msg);

// ---------- label selector strings ----------

/** Parse `?labelSelector=`; throws 400 BadRequest with the upstream parser's message. */
export function parseLabelSelector(s: string): LabelMatcher {
  const reqs = parseLabelRequirements(s);
  return (labels) => reqs.every((r) => requirementMatches(r, labels ?? {}));
}

/** The requirements of a selector string, sorted by key as upstream keeps them. */
export function parseLabelRequirements(s: string): LabelRequirement[] {
  try {
    return new LabelParser(s).parse().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } catch (e) {
    if (e instanceof SelectorSyntaxError) throw badRequest(e.message);
    throw e;
  }
}

class SelectorSyntaxError extends Error {}

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(' | 'id';
const TOKENS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', 'in': 'in', '<': '<', '!=': '!=', 'notin': 'notin', '(': '(' };
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function lex(s: string): Array<[Tok, string]> {
  const out: Array<[Tok, string]> = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isSpace(s[pos]!)) pos++;
    if (pos >= s.length) { out.push(['eos', '']); return out; }
    if (isSpecial(s[pos]!)) {
      // longest run of special characters that still forms a token ("!=", "==")
      let buf = '';
      let last: [Tok, string] | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buf += s[pos];
        const tok = TOKENS[buf];
        if (tok) last = [tok, buf];
        else if (last) break;
        pos++;
      }
      out.push(last ?? ['error', `error expected: keyword found '${buf}'`]);
    } else {
      let buf = '';
      while (pos < s.length && !isSpecial(s[pos]!) && !isSpace(s[pos]!)) buf += s[pos++];
      out.push([TOKENS[buf] ?? 'id', buf]);
    }
  }
}

/** Recursive descent over the token list, mirroring labels.Parser (messages included). */
class LabelParser {
  private readonly items: Array<[Tok, string]>;
  private pos = 0;
  constructor(s: string) { this.items = lex(s); }

  /** In "values" context the keywords in/notin are plain identifiers. */
  private peek(values = true): [Tok, string] {
    const [t, l] = this.items[this.pos]!;
    return [values && (t === 'in' || t === 'notin') ? 'id' : t, l];
  }
  private next(values = true): [Tok, string] {
    const r = this.peek(values);
    this.pos++;
    return r;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const [tok, lit] = this.peek();
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new SelectorSyntaxError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof SelectorSyntaxError) throw new SelectorSyntaxError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const [t, l] = this.next();
      if (t === 'eos') return reqs;
      if (t !== ',') throw new SelectorSyntaxError(`found '${l}', expected: ',' or 'end of string'`);
      const [t2, l2] = this.peek();
      if (t2 !== 'id' && t2 !== '!') throw new SelectorSyntaxError(`found '${l2}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    let [tok, key] = this.next();
    let operator: LabelOperator | undefined;
    if (tok === '!') {
      operator = '!';
      [tok, key] = this.next();
    }
    if (tok !== 'id') throw new SelectorSyntaxError(`found '${key}', expected: identifier`);
    const keyErr = labelKeyError(key);
    if (keyErr) throw new SelectorSyntaxError(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErr}`);
    const [after] = this.peek();
    if (operator === '!' || after === 'eos' || after === ',') return newRequirement(key, operator ?? 'exists', []);

    const [opTok, opLit] = this.next(false);
    const ops: Partial<Record<Tok, LabelOperator>> = { 'in': 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', 'notin': 'notin', '!=': '!=' };
    const op = ops[opTok];
    if (!op) throw new SelectorSyntaxError(`found '${opLit}', expected: ${BINARY_OPERATORS}`);
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, op, [...new Set(values)].sort());
  }

  private setValues(): string[] {
    const [open, openLit] = this.next();
    if (open !== '(') throw new SelectorSyntaxError(`found '${openLit}' expected: '('`);
    const [tok, lit] = this.peek();
    if (tok === ')') { this.next(); return ['']; }
    if (tok !== 'id' && tok !== ',') throw new SelectorSyntaxError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifierList();
    // upstream reports the literal seen before the list here
    if (this.next()[0] !== ')') throw new SelectorSyntaxError(`found '${lit}', expected: ')'`);
    return values;
  }

  private identifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const [tok, lit] = this.next();
      if (tok === 'id') {
        values.push(lit);
        const [t2, l2] = this.peek();
        if (t2 === ',') continue;
        if (t2 === ')') return values;
        throw new SelectorSyntaxError(`found '${l2}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        if (values.length === 0) values.push(''); // "(,"
        const [t2] = this.peek();
        if (t2 === ')') { values.push(''); return values; } // ",)"
        if (t2 === ',') { this.next(); values.push(''); } // ",,"
        continue;
      }
      throw new SelectorSyntaxError(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const [tok] = this.peek();
    if (tok === 'eos' || tok === ',') return [''];
    const [t, lit] = this.next();
    if (t === 'id') return [lit];
    throw new SelectorSyntaxError(`found '${lit}', expected: identifier`);
  }
}

/** labels.NewRequirement's validation (the parser always passes the right number of values). */
function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErr = labelKeyError(key);
  if (keyErr) errs.push(`key: Invalid value: ${JSON.stringify(key)}: ${keyErr}`);
  values.forEach((v, i) => {
    if ((operator === 'gt' || operator === 'lt') && !/^[+-]?\d+$/.test(v)) {
      errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    }
  });
  values.forEach((v, i) => {
    const valueErr = labelValueError(v);
    if (valueErr) errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${valueErr}`);
  });
  const unique = [...new Set(errs)];
  if (unique.length === 1) throw new SelectorSyntaxError(unique[0]!);
  if (unique.length > 1) throw new SelectorSyntaxError(`[${unique.join(', ')}]`);
  return { key, operator, values };
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'in': case '=': case '==': return has && r.values.includes(v!);
    case 'notin': case '!=': return !has || !r.values.includes(v!);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(v!) || r.values.length !== 1) return false;
      const [a, b] = [BigInt(v!), BigInt(r.values[0]!)];
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

// ---------- label key/value validation (apimachinery util/validation) ----------

const QNAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME}$`);
const LABEL_VALUE_RE = new RegExp(`^(${QNAME})?$`);
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN}$`);

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** validation.IsQualifiedName, errors joined with "; "; undefined when valid. */
export function labelKeyError(key: string): string | undefined {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) {
        errs.push(`prefix part ${regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN, 'example.com')}`);
      }
    }
  } else {
    return `a qualified name ${regexError(QNAME_MSG, QNAME, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME, 'MyName', 'my.name', '123-abc')}`);
  return errs.length ? errs.join('; ') : undefined;
}

/** validation.IsValidLabelValue; undefined when valid. */
export function labelValueError(value: string): string | undefined {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", `(${QNAME})?`, 'MyValue', 'my_value', '12345'));
  }
  return errs.length ? errs.join('; ') : undefined;
}

// ---------- field selectors ----------

/**
 * Parse `?fieldSelector=` (`=`, `==`, `!=`, comma = AND, `\,` `\=` `\\` escapes). `supported` says
 * which fields the kind can select on; an unsupported one answers 400 with `unsupportedMessage`
 * (default `field label not supported: <f>`; use unsupportedFieldMessage(kind, f) for the exact
 * per-kind text). Terms are checked in sorted order, as upstream does.
 */
export function parseFieldSelector(
  s: string,
  supported: (field: string) => boolean,
  unsupportedMessage: (field: string) => string = (f) => `field label not supported: ${f}`,
): FieldMatcher {
  const terms: Array<{ field: string; value: string; negate: boolean }> = [];
  for (const part of splitTerms(s).sort()) {
    if (part === '') continue;
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    terms.push({ field: m[1]!, value: unescapeValue(m[3]!), negate: m[2] === '!=' });
  }
  for (const t of terms) {
    if (t.field === 'spec.host' && supported('spec.nodeName')) t.field = 'spec.nodeName'; // pods: old clients
    else if (!supported(t.field)) throw badRequest(unsupportedMessage(t.field));
  }
  return (get) => terms.every((t) => ((get(t.field) ?? '') === t.value) !== t.negate);
}

/** Split on unescaped commas; escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let start = 0;
  let slash = false;
  for (let i = 0; i < s.length; i++) {
    if (slash) slash = false;
    else if (s[i] === '\\') slash = true;
    else if (s[i] === ',') { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out;
}

function unescapeValue(v: string): string {
  let out = '';
  let slash = false;
  for (const c of v) {
    if (slash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      slash = false;
    } else if (c === '\\') slash = true;
    else if (c === ',' || c === '=') throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (slash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

// ---------- selectable fields per kind ----------

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const num = (v: unknown): string => (typeof v === 'number' ? String(v) : '0');
const bool = (v: unknown): string => (v === true ? 'true' : 'false');

type FieldFn = (o: Obj) => string;
const META_NAME: Record<string, FieldFn> = { 'metadata.name': (o) => str(obj(o.metadata).name) };
const META: Record<string, FieldFn> = { ...META_NAME, 'metadata.namespace': (o) => str(obj(o.metadata).namespace) };

/**
 * Kinds with their own field-label conversion in 1.32 (core/v1 Pod, Node, ReplicationController,
 * Event, Namespace, Secret, Service; batch/v1 Job; certificates/v1 CSR). Every other kind accepts only
 * metadata.name and metadata.namespace. apps/v1 registers none, so ReplicaSet's status.replicas is
 * rejected by a real 1.32 server (kubernetes/kubernetes#135136) and here too.
 */
const KIND_FIELDS: Record<string, Record<string, FieldFn>> = {
  Pod: {
    ...META,
    'spec.nodeName': (o) => str(obj(o.spec).nodeName),
    'spec.restartPolicy': (o) => str(obj(o.spec).restartPolicy),
    'spec.schedulerName': (o) => str(obj(o.spec).schedulerName),
    'spec.serviceAccountName': (o) => str(obj(o.spec).serviceAccountName),
    'spec.hostNetwork': (o) => bool(obj(o.spec).hostNetwork),
    'status.phase': (o) => str(obj(o.status).phase),
    'status.podIP': (o) => {
      const ips = obj(o.status).podIPs;
      return Array.isArray(ips) && ips.length > 0 ? str(obj(ips[0]).ip) : str(obj(o.status).podIP);
    },
    'status.nominatedNodeName': (o) => str(obj(o.status).nominatedNodeName),
  },
  Node: { ...META_NAME, 'spec.unschedulable': (o) => bool(obj(o.spec).unschedulable) },
  ReplicationController: { ...META, 'status.replicas': (o) => num(obj(o.status).replicas) },
  Event: {
    ...META,
    ...Object.fromEntries(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']
      .map((f) => [`involvedObject.${f}`, (o: Obj) => str(obj(o.involvedObject)[f])])),
    'reason': (o) => str(o.reason),
    'reportingComponent': (o) => str(o.reportingComponent),
    'source': (o) => str(obj(o.source).component) || str(o.reportingComponent),
    'type': (o) => str(o.type),
  },
  Namespace: { ...META_NAME, 'status.phase': (o) => str(obj(o.status).phase) },
  Secret: { ...META, 'type': (o) => str(o.type) },
  Service: { ...META, 'spec.clusterIP': (o) => str(obj(o.spec).clusterIP), 'spec.type': (o) => str(obj(o.spec).type) },
  Job: { ...META, 'status.successful': (o) => num(obj(o.status).succeeded) },
  CertificateSigningRequest: { ...META, 'spec.signerName': (o) => str(obj(o.spec).signerName) },
};

/** Field selectors `kind` accepts (every kind: metadata.name; all but Namespace/Node: metadata.namespace). */
export function supportedFields(kind: string): string[] {
  return Object.keys(KIND_FIELDS[kind] ?? META);
}

/** The 400 message for an unsupported field, as the kind's conversion function words it. */
export function unsupportedFieldMessage(kind: string, field: string): string {
  if (kind === 'Job') return `field label ${JSON.stringify(field)} not supported for batchv1.Job`;
  if (KIND_FIELDS[kind]) return `field label not supported: ${field}`;
  return `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
}

/** The value of a selectable field ("" when unset), or undefined if `kind` cannot select on it. */
export function fieldValue(kind: string, o: KObject, field: string): string | undefined {
  const fn = (KIND_FIELDS[kind] ?? META)[field];
  return fn ? fn(o as Obj) : undefined;
}

/** parseFieldSelector with `kind`'s fields and messages. */
export function parseFieldSelectorForKind(s: string, kind: string): FieldMatcher {
  const fields = supportedFields(kind);
  return parseFieldSelector(s, (f) => fields.includes(f), (f) => unsupportedFieldMessage(kind, f));
}

// ---------- LabelSelector objects ----------

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const SELECTOR_OPS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** metav1.LabelSelectorAsSelector requirements, sorted by key; undefined for an invalid operator. */
function selectorRequirements(sel: LabelSelectorObject): LabelRequirement[] | undefined {
  const reqs: LabelRequirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    const operator = SELECTOR_OPS[e.operator];
    if (!operator) return undefined;
    reqs.push({ key: e.key, operator, values: [...(e.values ?? [])] });
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Whether `labels` match a LabelSelector object. A null/absent selector matches nothing, an empty
 * one everything (upstream Nothing()/Everything()); an unknown operator matches nothing.
 */
export function labelSelectorMatches(sel: LabelSelectorObject | null | undefined, labels: Labels): boolean {
  if (!sel) return false;
  const reqs = selectorRequirements(sel);
  return reqs !== undefined && reqs.every((r) => requirementMatches(r, labels ?? {}));
}

/** labels.Selector.String() of a LabelSelector, e.g. `app=web,tier in (a,b)` (Scale status.selector); "" if none. */
export function formatLabelSelector(sel: LabelSelectorObject | null | undefined): string {
  if (!sel) return '';
  const reqs = selectorRequirements(sel) ?? [];
  return reqs.map(requirementString).join(',');
}

function requirementString(r: LabelRequirement): string {
  const vals = r.values.length > 1 ? [...r.values].sort() : r.values;
  switch (r.operator) {
    case 'exists': return r.key;
    case '!': return `!${r.key}`;
    case 'in': return `${r.key} in (${vals.join(',')})`;
    case 'notin': return `${r.key} notin (${vals.join(',')})`;
    case 'gt': return `${r.key}>${vals.join(',')}`;
    case 'lt': return `${r.key}<${vals.join(',')}`;
    default: return `${r.key}${r.operator}${vals.join(',')}`;
  }
}
