// kube-apiserver decodes built-in objects into Go structs, so a value of the wrong JSON type is a
// 400 before any validation: `json: cannot unmarshal number into Go struct field ConfigMap.data of
// type string`. This finds the first such value, as Go's decoder stops at the first one.
import type { SchemaNode } from './types.js';

const shortName = (n: string | undefined) => (n ? n.slice(n.lastIndexOf('.') + 1) : undefined);

function goType(s: SchemaNode): string {
  switch (s.type) {
    case 'string': return 'string';
    case 'integer': return s.format === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'int-or-string': return 'intstr.IntOrString';
    case 'array': return `[]${s.items ? goType(s.items) : 'interface {}'}`;
    case 'object':
      if (s.name) return `v1.${shortName(s.name)}`;
      if (s.additionalProperties) return `map[string]${goType(s.additionalProperties)}`;
      return 'map[string]interface {}';
    default: return 'interface {}';
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // number, string
}

function fits(v: unknown, s: SchemaNode): boolean {
  if (v === null || v === undefined) return true; // null decodes to the zero value
  switch (s.type) {
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'int-or-string': return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
    case 'array': return Array.isArray(v);
    case 'object': return typeof v === 'object' && !Array.isArray(v);
    default: return true;
  }
}

/** The Go decoder's message for the first mistyped value, or undefined when everything fits. */
export function findTypeError(obj: unknown, schema: SchemaNode): string | undefined {
  const walk = (v: unknown, s: SchemaNode, path: string, struct: string): string | undefined => {
    if (!fits(v, s)) {
      const kind = jsonKind(v);
      const what = kind === 'number' && s.type === 'integer' ? `number ${String(v)}` : kind;
      return `json: cannot unmarshal ${what} into Go struct field ${struct}.${path} of type ${goType(s)}`;
    }
    if (v === null || typeof v !== 'object') return undefined;
    const here = s.name && s.type === 'object' && s.properties ? shortName(s.name)! : struct;
    if (Array.isArray(v)) {
      if (!s.items) return undefined;
      for (const item of v) { const e = walk(item, s.items, path, here); if (e) return e; }
      return undefined;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const cs = s.properties?.[k] ?? (s.properties ? undefined : s.additionalProperties);
      if (!cs) continue; // unknown fields are fieldValidation's business
      const e = walk(child, cs, path ? `${path}.${k}` : k, here);
      if (e) return e;
    }
    return undefined;
  };
  return walk(obj, schema, '', shortName(schema.name) ?? 'Object');
}
