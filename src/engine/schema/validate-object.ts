// Checks a rendered object against the cluster's OpenAPI v3 schema of its kind (built-in kinds and
// CRDs alike), the way `kubectl apply --validate=strict` and the API server would: unknown fields,
// wrong types, values outside an enum, missing required fields. Problems carry the line of the
// field (or of its nearest declared parent) so the editor can underline it.
//
// The schema is the resolved graph from OpenApiSchemas.schemaFor: `$ref`s already replaced, nodes
// shared, possibly cyclic (CRD JSONSchemaProps); the walk follows the object's data, so it ends.
import type { JsonSchema } from '../kube/openapi.js';
import { joinIndex, joinItem, joinKey, listKeys } from '../manifests/index.js';
import { refOf, type EngineProblem, type KubeObject, type SourceLocation } from '../types.js';

export interface ValidateOptions {
  /** stop after this many problems for the object (default 20) */
  maxProblems?: number;
  /**
   * Report missing required fields (default true). Off for built-in kinds: their Go defaulting
   * (RoleBinding roleRef.apiGroup, …) fills fields the OpenAPI lists as required, and the schema
   * does not say which; CRD schemas carry their defaults, so there it is exact.
   */
  checkRequired?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fields the server owns or fills: never reported. */
const SKIPPED = new Set(['status', 'metadata.managedFields']);
/** Every object may carry these at the root, whatever a (trimmed) CRD schema lists. */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Single-`allOf` wrappers (how OpenAPI v3 puts a description next to a `$ref`), merged outward. */
function unwrap(s: JsonSchema): JsonSchema {
  let cur = s;
  for (let depth = 0; depth < 8; depth++) {
    const allOf = cur['allOf'];
    if (!Array.isArray(allOf) || allOf.length !== 1 || !isObj(allOf[0])) return cur;
    const { allOf: _drop, ...rest } = cur;
    cur = { ...(allOf[0] as JsonSchema), ...rest };
  }
  return cur;
}

const isIntOrString = (s: JsonSchema) => s['x-kubernetes-int-or-string'] === true || s['format'] === 'int-or-string';
/** Quantities are strings in the schema, but the API server also decodes YAML numbers (`cpu: 1`). */
const isQuantity = (s: JsonSchema) => s['format'] === 'quantity'
  || (typeof s['description'] === 'string' && s['description'].startsWith('Quantity is a fixed-point'));

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isObj(v)) return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(type: string, v: unknown, s: JsonSchema): boolean {
  switch (type) {
    case 'string': return typeof v === 'string' || (typeof v === 'number' && isQuantity(s));
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isObj(v);
    case 'array': return Array.isArray(v);
    default: return true;
  }
}

/** The type a schema node expects, from `type` or (when absent) from its shape. */
function expectedType(s: JsonSchema): string | undefined {
  if (typeof s['type'] === 'string') return s['type'];
  if (isObj(s['properties']) || isObj(s['additionalProperties'])) return 'object';
  if (isObj(s['items'])) return 'array';
  return undefined;
}

/** `anyOf`/`oneOf` branches that only state a type (CRDs' int-or-string without the extension). */
function branchTypes(s: JsonSchema): string[] | undefined {
  const branches = [s['anyOf'], s['oneOf']].find(Array.isArray) as unknown[] | undefined;
  if (!branches) return undefined;
  const types = branches.map((b) => (isObj(b) ? expectedType(unwrap(b)) : undefined));
  return types.every((t): t is string => t !== undefined) ? types : undefined;
}

/**
 * Validates `obj` against `schema` (its kind's resolved OpenAPI v3 schema). Locations come from
 * `fieldSources` (drift-contract paths, as the renderers fill them) at the field or its nearest
 * declared parent, else `fallback`.
 */
export function validateAgainstSchema(obj: KubeObject, schema: JsonSchema, fieldSources?: Record<string, SourceLocation>,
  fallback?: SourceLocation, opts: ValidateOptions = {}): EngineProblem[] {
  const max = opts.maxProblems ?? 20;
  const out: EngineProblem[] = [];
  const apiVersion = obj.apiVersion ?? '';
  const kind = obj.kind ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const object = refOf(obj);
  const what = `${kind} ${obj.metadata?.name ?? ''}`.trim();
  // Secret values are never shown, not even a mistyped one.
  const showValues = !(group === '' && kind === 'Secret');

  const locate = (chain: readonly string[]): SourceLocation | undefined => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const loc = fieldSources?.[chain[i]!];
      if (loc) return loc;
    }
    return fallback;
  };
  const report = (severity: EngineProblem['severity'], message: string, chain: readonly string[]) => {
    if (out.length >= max) return;
    const location = locate(chain);
    out.push({ severity, message: `${what}: ${message}`, object, ...(location ? { location } : {}) });
  };
  const shown = (v: unknown): string => {
    const t = typeName(v);
    if (!showValues || (t !== 'string' && t !== 'integer' && t !== 'number' && t !== 'boolean')) return t;
    const text = JSON.stringify(v);
    return `${t} ${text.length > 60 ? `${text.slice(0, 57)}…"` : text}`;
  };

  /** `chain`: the paths from the root to this value (for the nearest declared location). */
  const visit = (raw: JsonSchema, v: unknown, path: string, chain: readonly string[], fields: string[], steps: string[]): void => {
    if (out.length >= max || v === null || v === undefined) return; // null means "unset" to the server
    if (SKIPPED.has(path)) return;
    const s = unwrap(raw);
    const label = path || '<root>';
    if (isIntOrString(s)) {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) report('error', `${label}: expected integer or string, got ${shown(v)}`, chain);
      return;
    }
    const branches = branchTypes(s);
    if (branches && !branches.some((t) => typeMatches(t, v, s))) {
      report('error', `${label}: expected ${branches.join(' or ')}, got ${shown(v)}`, chain);
      return;
    }
    const type = expectedType(s);
    if (type && !typeMatches(type, v, s)) {
      report('error', `${label}: expected ${type === 'object' ? 'map' : type === 'array' ? 'list' : type}, got ${shown(v)}`, chain);
      return;
    }
    const enumValues = s['enum'];
    if (Array.isArray(enumValues) && enumValues.length && !enumValues.some((e) => e === v)) {
      const supported = enumValues.map((e) => JSON.stringify(e)).join(', ');
      report('error', `${label}: unsupported value${showValues ? ` ${JSON.stringify(v)}` : ''}; supported values: ${supported}`, chain);
    }
    if (Array.isArray(v)) {
      const items = isObj(s['items']) ? s['items'] as JsonSchema : undefined;
      if (!items) return;
      const keys = listKeys({ apiVersion, group, kind, fields, path: steps });
      const itemSteps = [...steps, '[]'];
      v.forEach((item, i) => {
        const child = (keys && joinItem(path, item, keys)) || joinIndex(path, i);
        visit(items, item, child, [...chain, child], fields, itemSteps);
      });
      return;
    }
    if (!isObj(v)) return;
    const props = isObj(s['properties']) ? s['properties'] as Record<string, unknown> : undefined;
    const additional = s['additionalProperties'];
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const required = opts.checkRequired !== false && Array.isArray(s['required']) ? s['required'] : [];
    for (const name of required) {
      if (typeof name !== 'string' || v[name] !== undefined) continue;
      const p = props?.[name];
      if (isObj(p) && 'default' in unwrap(p)) continue; // the server defaults it before validating
      report('error', `${joinKey(path, name)}: Required value`, chain);
    }
    for (const [k, item] of Object.entries(v)) {
      const child = joinKey(path, k);
      if (SKIPPED.has(child)) continue;
      const childChain = [...chain, child];
      const p = props?.[k];
      const next = isObj(p) ? p as JsonSchema : isObj(additional) ? additional as JsonSchema : undefined;
      if (next) {
        visit(next, item, child, childChain, [...fields, k], [...steps, k]);
        continue;
      }
      if (path === '' && ROOT_FIELDS.has(k)) continue;
      // Only a node that lists its fields and allows nothing else makes an unknown field an error.
      if (props && Object.keys(props).length && additional !== true && !preserve) {
        report('warning', `unknown field "${child}"`, childChain);
      }
    }
  };
  visit(schema, obj, '', [], [], []);
  return out;
}
