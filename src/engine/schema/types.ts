// Field semantics of Kubernetes objects: how lists and maps merge and compare (SSA's
// x-kubernetes-list-type / -list-map-keys / -map-type), which fields are quantities or
// IntOrString, and schema defaults. The diff walks objects with these nodes; unknown fields have
// no node, and then lists are atomic and maps granular.

/** How a list merges: by key (associative), as a set of scalars, or replaced whole. */
export type ListSemantics =
  | { type: 'atomic' }
  | { type: 'set' }
  | { type: 'map'; keys: string[] };

/** The semantics of one field (or of the items / values below it). */
export interface FieldNode {
  /** list semantics when the field is a list (absent: atomic) */
  readonly list?: ListSemantics;
  /** a struct or map replaced and compared as a whole (`x-kubernetes-map-type: atomic`) */
  readonly atomic?: boolean;
  /** a map with arbitrary keys (labels, data, resource lists), as opposed to a struct */
  readonly isMap?: boolean;
  /** a resource.Quantity: compared by value */
  readonly quantity?: boolean;
  /** base64-encoded bytes (`format: byte`): compared by the bytes they decode to */
  readonly bytes?: boolean;
  /** an IntOrString: compared with its JSON type */
  readonly intOrString?: boolean;
  /** schema default (`default:`), filled in when the field is absent and its parent present */
  readonly default?: unknown;
  /** node of a struct field or of a map's values; undefined when unknown */
  child(key: string): FieldNode | undefined;
  /** node of the list's items; undefined when unknown */
  item(): FieldNode | undefined;
  /** struct fields the node knows by name (for schema defaulting) */
  fieldNames(): readonly string[];
}

/** Field semantics per kind: the root node of an object of that apiVersion and kind. */
export interface FieldSemantics {
  forKind(apiVersion: string, kind: string): FieldNode | undefined;
}

/** `apps/v1` → `{group: 'apps', version: 'v1'}`; `v1` → core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
