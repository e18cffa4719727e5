// Structural-schema operations apiextensions runs on every custom-resource write (spec §3.10):
// pruning of unknown fields (returns a new value) and defaulting from `default:` (in place).
import type { SchemaNode } from './types.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const KEEP: SchemaNode = { type: 'any', preserveUnknownFields: true };

export interface PruneResult<T> {
  object: T;
  /** Dropped paths, sorted as apiextensions reports them: `spec.foo`, `spec.items[0].bar`, `metadata.bogus`. */
  unknown: string[];
}

/**
 * Drops fields the schema does not know, unless `x-kubernetes-preserve-unknown-fields` (or an untyped
 * ANY node) keeps them at that level. The root and embedded resources keep apiVersion/kind; their
 * metadata keeps only ObjectMeta's known fields (its content is not pruned further).
 */
export function pruneUnknownFields<T>(obj: T, schema: SchemaNode): PruneResult<T> {
  const unknown: string[] = [];
  const object = pruneValue(obj as unknown, schema, '', true, unknown) as T;
  unknown.sort();
  return { object, unknown };
}

function keeps(node: SchemaNode | undefined): boolean {
  return !!node && (node.preserveUnknownFields === true || node.type === 'any');
}

function pruneValue(v: unknown, node: SchemaNode | undefined, path: string, embedded: boolean, out: string[]): unknown {
  if (Array.isArray(v)) {
    const items = node?.items ?? (keeps(node) ? KEEP : undefined);
    return v.map((x, i) => pruneValue(x, items, `${path}[${i}]`, false, out));
  }
  if (v === null || typeof v !== 'object') return v;
  const src = v as Record<string, unknown>;
  const res: Record<string, unknown> = {};
  const preserve = keeps(node);
  for (const [k, val] of Object.entries(src)) {
    const p = path ? `${path}.${k}` : k;
    if ((embedded || node?.embeddedResource) && META_FIELDS.has(k)) {
      res[k] = k === 'metadata' ? pruneMetadata(val, node?.properties?.metadata, p, out) : val;
      continue;
    }
    const prop = node?.properties?.[k];
    if (prop) res[k] = pruneValue(val, prop, p, false, out);
    else if (node?.additionalProperties) res[k] = pruneValue(val, node.additionalProperties, p, false, out);
    else if (preserve) res[k] = val;
    else out.push(p);
  }
  return res;
}

/** ObjectMeta decoding drops unknown top-level metadata fields; everything below is left alone. */
function pruneMetadata(v: unknown, meta: SchemaNode | undefined, path: string, out: string[]): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !meta?.properties) return v;
  const res: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k in meta.properties) res[k] = val;
    else out.push(`${path}.${k}`);
  }
  return res;
}

/**
 * Applies `default:` values the way apiextensions does: at each object level first fill missing
 * (or null non-nullable) properties from their defaults, then descend into every property, map value
 * and list item. Afterwards nulls of non-nullable fields without a default are dropped, as the
 * apiserver does before validation. Mutates `obj` (default values are copied in) and returns it.
 */
export function applySchemaDefaults<T>(obj: T, schema: SchemaNode): T {
  defaultValue(obj, schema, true);
  return obj;
}

function defaultValue(v: unknown, node: SchemaNode | undefined, root: boolean): unknown {
  if (!node) return v;
  if (Array.isArray(v)) return v.map((x) => defaultValue(x, node.items, false));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (node.properties) {
    for (const [k, prop] of Object.entries(node.properties)) {
      if (root && k === 'metadata') continue;
      if (prop.default !== undefined && (!(k in o) || (o[k] === null && !prop.nullable))) {
        o[k] = structuredClone(prop.default);
      }
    }
  }
  for (const [k, val] of Object.entries(o)) {
    if (root && k === 'metadata') continue;
    const own = node.properties?.[k];
    // Only declared properties lose their nulls (map values keep them), as upstream does.
    if (own && val === null && !own.nullable && own.default === undefined) {
      delete o[k];
      continue;
    }
    const prop = own ?? node.additionalProperties;
    if (prop) o[k] = defaultValue(val, prop, false);
  }
  return o;
}
