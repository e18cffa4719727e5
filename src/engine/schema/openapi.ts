// Field semantics read from OpenAPI v3: a group-version document from /openapi/v3, one component
// schema (with or without $refs resolved), a CustomResourceDefinition, or a bare openAPIV3Schema.
// Reads x-kubernetes-list-type / -list-map-keys / -map-type, IntOrString, Quantity and defaults;
// a list without x-kubernetes-list-type is atomic, as the API server treats it.
import { splitApiVersion, type FieldNode, type FieldSemantics, type ListSemantics } from './types.js';

type Schema = Record<string, unknown>;

export interface GroupVersionKindRef { group: string; version?: string; kind: string }

const isObj = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Resolves `$ref`s against a components map (`#/components/schemas/<name>`). */
class Resolver {
  private readonly nodes = new WeakMap<Schema, FieldNode>();
  constructor(private readonly components: Record<string, unknown>) {}

  lookup(ref: string): Schema | undefined {
    const name = ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length)
      : ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : ref;
    const s = this.components[name];
    return isObj(s) ? s : undefined;
  }

  nodeOf(s: Schema): FieldNode {
    let n = this.nodes.get(s);
    if (!n) {
      n = new SchemaNode(s, this);
      this.nodes.set(s, n);
    }
    return n;
  }
}

/** A schema with `$ref` / single-`allOf` wrappers unwrapped; `refs` are the names it went through. */
function unwrap(s: Schema, r: Resolver): { body: Schema; refs: string[]; ext: Schema } {
  const refs: string[] = [];
  const ext: Schema = {};
  let cur: Schema | undefined = s;
  for (let depth = 0; cur && depth < 16; depth++) {
    for (const [k, v] of Object.entries(cur)) if ((k.startsWith('x-kubernetes-') || k === 'default') && !(k in ext)) ext[k] = v;
    const ref = cur['$ref'];
    if (typeof ref === 'string') {
      refs.push(ref);
      cur = r.lookup(ref);
      continue;
    }
    const allOf = cur['allOf'];
    if (Array.isArray(allOf) && allOf.length === 1 && isObj(allOf[0]) && !cur['properties'] && !cur['items']) {
      cur = allOf[0];
      continue;
    }
    return { body: cur, refs, ext };
  }
  return { body: cur ?? {}, refs, ext };
}

class SchemaNode implements FieldNode {
  readonly list?: ListSemantics;
  readonly atomic?: boolean;
  readonly isMap?: boolean;
  readonly quantity?: boolean;
  readonly bytes?: boolean;
  readonly intOrString?: boolean;
  readonly default?: unknown;
  private readonly body: Schema;

  constructor(s: Schema, private readonly r: Resolver) {
    const { body, refs, ext } = unwrap(s, r);
    this.body = body;
    const all = { ...body, ...ext };
    const isArray = body['type'] === 'array' || isObj(body['items']);
    if (isArray) this.list = listSemantics(all);
    if (all['x-kubernetes-map-type'] === 'atomic') this.atomic = true;
    if (!isObj(body['properties']) && (isObj(body['additionalProperties']) || body['additionalProperties'] === true)) this.isMap = true;
    const description = typeof body['description'] === 'string' ? body['description'] : '';
    if (refs.some((x) => x.endsWith('api.resource.Quantity')) || body['format'] === 'quantity' || description.startsWith('Quantity is a fixed-point')) {
      this.quantity = true;
    }
    if (body['format'] === 'byte') this.bytes = true;
    if (all['x-kubernetes-int-or-string'] === true || body['format'] === 'int-or-string' || refs.some((x) => x.endsWith('intstr.IntOrString'))) {
      this.intOrString = true;
    }
    if ('default' in all) this.default = all['default'];
  }

  child(key: string): FieldNode | undefined {
    const props = this.body['properties'];
    if (isObj(props) && isObj(props[key])) return this.r.nodeOf(props[key] as Schema);
    const add = this.body['additionalProperties'];
    return isObj(add) ? this.r.nodeOf(add) : undefined;
  }

  item(): FieldNode | undefined {
    const items = this.body['items'];
    return isObj(items) ? this.r.nodeOf(items) : undefined;
  }

  fieldNames(): readonly string[] {
    const props = this.body['properties'];
    return isObj(props) ? Object.keys(props) : [];
  }
}

function listSemantics(s: Schema): ListSemantics {
  const t = s['x-kubernetes-list-type'];
  if (t === 'set') return { type: 'set' };
  if (t === 'map') {
    const keys = s['x-kubernetes-list-map-keys'];
    if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string')) return { type: 'map', keys: [...keys] as string[] };
  }
  return { type: 'atomic' };
}

function gvksOf(s: Schema): GroupVersionKindRef[] {
  const v = s['x-kubernetes-group-version-kind'];
  const list = Array.isArray(v) ? v : isObj(v) ? [v] : [];
  return list.filter(isObj).map((g) => ({ group: String(g['group'] ?? ''), version: String(g['version'] ?? ''), kind: String(g['kind'] ?? '') }));
}

const kindKey = (group: string, kind: string) => `${group}/${kind}`;

function fromTable(table: Map<string, Map<string, FieldNode>>): FieldSemantics {
  return {
    forKind(apiVersion, kind) {
      const { group, version } = splitApiVersion(apiVersion);
      const byVersion = table.get(kindKey(group, kind));
      if (!byVersion) return byVersion;
      return byVersion.get(version) ?? byVersion.get('*') ?? byVersion.values().next().value;
    },
  };
}

function add(table: Map<string, Map<string, FieldNode>>, g: GroupVersionKindRef, n: FieldNode): void {
  const key = kindKey(g.group, g.kind);
  let byVersion = table.get(key);
  if (!byVersion) table.set(key, (byVersion = new Map()));
  byVersion.set(g.version || '*', n);
}

/**
 * Field semantics from OpenAPI v3. Accepts:
 * - a group-version document (`{components: {schemas}}`): every schema tagged with
 *   `x-kubernetes-group-version-kind` becomes a kind;
 * - one component schema tagged with `x-kubernetes-group-version-kind` (`$ref`s resolved or not);
 * - a CustomResourceDefinition object: the openAPIV3Schema of each version;
 * - a bare schema (a CRD's openAPIV3Schema): for `gvk`, or for any kind when `gvk` is omitted.
 */
export function semanticsFromOpenApi(schemaJson: unknown, gvk?: GroupVersionKindRef): FieldSemantics {
  const table = new Map<string, Map<string, FieldNode>>();
  if (!isObj(schemaJson)) return fromTable(table);
  const components = isObj(schemaJson['components']) && isObj((schemaJson['components'] as Schema)['schemas'])
    ? (schemaJson['components'] as Schema)['schemas'] as Schema
    : isObj(schemaJson['definitions']) ? schemaJson['definitions'] as Schema : undefined;
  if (components) {
    const r = new Resolver(components);
    for (const s of Object.values(components)) {
      if (!isObj(s)) continue;
      for (const g of gvksOf(s)) add(table, g, r.nodeOf(s));
    }
    return fromTable(table);
  }
  if (schemaJson['kind'] === 'CustomResourceDefinition' && isObj(schemaJson['spec'])) {
    const spec = schemaJson['spec'] as Schema;
    const group = String(spec['group'] ?? '');
    const kind = String((isObj(spec['names']) ? (spec['names'] as Schema)['kind'] : '') ?? '');
    const r = new Resolver({});
    const versions = Array.isArray(spec['versions']) ? spec['versions'] : [];
    for (const v of versions) {
      if (!isObj(v)) continue;
      const schema = isObj(v['schema']) ? (v['schema'] as Schema)['openAPIV3Schema'] : undefined;
      if (isObj(schema)) add(table, { group, version: String(v['name'] ?? ''), kind }, r.nodeOf(schema));
    }
    // apiextensions.k8s.io/v1beta1 kept one schema for all versions
    const legacy = isObj(spec['validation']) ? (spec['validation'] as Schema)['openAPIV3Schema'] : undefined;
    if (isObj(legacy) && !table.size) add(table, { group, kind }, r.nodeOf(legacy));
    return fromTable(table);
  }
  const r = new Resolver({});
  const node = r.nodeOf(schemaJson);
  const tagged = gvksOf(schemaJson);
  if (gvk) add(table, gvk, node);
  for (const g of tagged) add(table, g, node);
  if (!gvk && !tagged.length) return { forKind: () => node };
  return fromTable(table);
}

/** The node of one schema (for callers that already know the kind). */
export function fieldNodeFromSchema(schema: Record<string, unknown>, components: Record<string, unknown> = {}): FieldNode {
  return new Resolver(components).nodeOf(schema);
}
