// Building blocks for field-semantics trees: a literal builder for the built-in table, an overlay
// of two trees (cluster OpenAPI first, built-in table for what it lacks), and a combination of
// several FieldSemantics.
import type { FieldNode, FieldSemantics, ListSemantics } from './types.js';

export interface NodeSpec {
  /** named struct fields */
  fields?: Record<string, NodeSpec | FieldNode>;
  /** values of a map with arbitrary keys */
  values?: NodeSpec | FieldNode;
  /** items of a list */
  items?: NodeSpec | FieldNode;
  list?: ListSemantics;
  atomic?: boolean;
  quantity?: boolean;
  bytes?: boolean;
  intOrString?: boolean;
  default?: unknown;
}

class LiteralNode implements FieldNode {
  readonly list?: ListSemantics;
  readonly atomic?: boolean;
  readonly isMap?: boolean;
  readonly quantity?: boolean;
  readonly bytes?: boolean;
  readonly intOrString?: boolean;
  readonly default?: unknown;
  private readonly fields: Record<string, FieldNode>;
  private readonly values?: FieldNode;
  private readonly items?: FieldNode;

  constructor(spec: NodeSpec) {
    if (spec.list) this.list = spec.list;
    if (spec.atomic) this.atomic = true;
    if (spec.quantity) this.quantity = true;
    if (spec.bytes) this.bytes = true;
    if (spec.intOrString) this.intOrString = true;
    if (spec.default !== undefined) this.default = spec.default;
    this.fields = {};
    for (const [k, v] of Object.entries(spec.fields ?? {})) this.fields[k] = toNode(v);
    if (spec.values) {
      this.values = toNode(spec.values);
      if (!spec.fields) this.isMap = true;
    }
    if (spec.items) this.items = toNode(spec.items);
  }

  child(key: string): FieldNode | undefined {
    return Object.prototype.hasOwnProperty.call(this.fields, key) ? this.fields[key] : this.values;
  }

  item(): FieldNode | undefined { return this.items; }

  fieldNames(): readonly string[] { return Object.keys(this.fields); }
}

function isFieldNode(v: NodeSpec | FieldNode): v is FieldNode {
  return typeof (v as FieldNode).child === 'function';
}

function toNode(v: NodeSpec | FieldNode): FieldNode {
  return isFieldNode(v) ? v : new LiteralNode(v);
}

/** A node from a literal description. */
export function node(spec: NodeSpec = {}): FieldNode {
  return new LiteralNode(spec);
}

/** A struct with these fields. */
export const struct = (fields: Record<string, NodeSpec | FieldNode>, extra: NodeSpec = {}): FieldNode => node({ ...extra, fields });
/** A granular map whose values have this node. */
export const mapOf = (values: NodeSpec | FieldNode = {}): FieldNode => node({ values });
/** A list keyed by these fields. */
export const keyedList = (keys: string[], items: NodeSpec | FieldNode = {}): FieldNode => node({ list: { type: 'map', keys }, items });
/** A list replaced as a whole. */
export const atomicList = (items: NodeSpec | FieldNode = {}): FieldNode => node({ list: { type: 'atomic' }, items });
/** A list of unique scalars. */
export const setList = (): FieldNode => node({ list: { type: 'set' } });
/** A struct or map replaced as a whole. */
export const atomicStruct = (fields: Record<string, NodeSpec | FieldNode> = {}): FieldNode => node({ atomic: true, fields });
export const QUANTITY: FieldNode = node({ quantity: true });
export const INT_OR_STRING: FieldNode = node({ intOrString: true });
/** A granular map of base64 values (Secret data, ConfigMap binaryData). */
export const BYTES_MAP: FieldNode = mapOf(node({ bytes: true }));
/** A granular map of quantities (ResourceList). */
export const RESOURCE_LIST: FieldNode = mapOf(QUANTITY);

/** The primary node where it says something, the fallback for the rest (and for unknown children). */
export function overlayNode(primary: FieldNode | undefined, fallback: FieldNode | undefined): FieldNode | undefined {
  if (!primary) return fallback;
  if (!fallback) return primary;
  return new OverlayNode(primary, fallback);
}

class OverlayNode implements FieldNode {
  constructor(private readonly a: FieldNode, private readonly b: FieldNode) {}
  get list() { return this.a.list ?? this.b.list; }
  get atomic() { return this.a.atomic || this.b.atomic || undefined; }
  get isMap() { return this.a.isMap ?? this.b.isMap; }
  get quantity() { return this.a.quantity || this.b.quantity || undefined; }
  get bytes() { return this.a.bytes || this.b.bytes || undefined; }
  get intOrString() { return this.a.intOrString || this.b.intOrString || undefined; }
  get default() { return this.a.default !== undefined ? this.a.default : this.b.default; }
  child(key: string) { return overlayNode(this.a.child(key), this.b.child(key)); }
  item() { return overlayNode(this.a.item(), this.b.item()); }
  fieldNames() { return [...new Set([...this.a.fieldNames(), ...this.b.fieldNames()])]; }
}

/** The first of several semantics that knows the kind. */
export function combineSemantics(...all: Array<FieldSemantics | undefined>): FieldSemantics {
  const list = all.filter((s): s is FieldSemantics => !!s);
  return {
    forKind(apiVersion, kind) {
      for (const s of list) {
        const n = s.forKind(apiVersion, kind);
        if (n) return n;
      }
      return undefined;
    },
  };
}

/** The node at a path of field names (list items are stepped over with `[]`). */
export function nodeAt(root: FieldNode | undefined, path: readonly string[]): FieldNode | undefined {
  let cur = root;
  for (const step of path) {
    if (!cur) return undefined;
    cur = step === '[]' ? cur.item() : cur.child(step);
  }
  return cur;
}
