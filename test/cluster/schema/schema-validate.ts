// OpenAPI value validation of custom resources (apiextensions' ValidateCustomResource on top of
// kube-openapi), producing the 422 field errors with upstream wording, e.g.
//   spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
//   spec.url: Required value
import type { FieldError } from '../api/errors.js';
import type { SchemaNode } from './types.js';

/**
 * Validates `obj` against `schema`. `rootPath` prefixes reported fields (the paths inside the messages
 * stay relative, as kube-openapi names them). Root and embedded `metadata` are left to ObjectMeta
 * validation elsewhere.
 */
export function validateAgainstSchema(obj: unknown, schema: SchemaNode, rootPath = ''): FieldError[] {
  const errs: FieldError[] = [];
  walk(obj, schema, '', rootPath, true, errs);
  return errs;
}

/** kube-openapi's name for the JSON type of a value. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function walk(v: unknown, node: SchemaNode, path: string, root: string, isRoot: boolean, errs: FieldError[]): void {
  const field = root && path ? `${root}.${path}` : root || path;
  const err = (type: FieldError['type'], value: unknown, detail?: string) => {
    const e: FieldError = { type, field };
    if (value !== undefined) e.value = value;
    if (detail !== undefined) e.detail = detail;
    errs.push(e);
  };

  if (v === null || v === undefined) {
    if (node.nullable || node.type === 'any') return;
    err('FieldValueTypeInvalid', 'null', `${path} in body must be of type ${typeName(node)}: "null"`);
    return;
  }
  if (!typeMatches(v, node)) {
    const actual = jsonType(v);
    err('FieldValueTypeInvalid', actual, `${path} in body must be of type ${typeName(node)}: "${actual}"`);
    return;
  }

  if (node.enum && !node.enum.some((e) => deepEqual(e, v))) {
    err('FieldValueNotSupported', v, `supported values: ${node.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof v === 'number') checkNumber(v, node, path, err);
  if (typeof v === 'string') checkString(v, node, path, err);

  if (Array.isArray(v)) {
    if (node.maxItems !== undefined && v.length > node.maxItems) {
      err('FieldValueTooMany', v.length, `must have at most ${node.maxItems} items`);
    }
    if (node.minItems !== undefined && v.length < node.minItems) {
      err('FieldValueInvalid', v, `${path} in body should have at least ${node.minItems} items`);
    }
    if (node.items) v.forEach((x, i) => walk(x, node.items!, `${path}[${i}]`, root, false, errs));
    return;
  }

  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const n = Object.keys(o).length;
    if (node.maxProperties !== undefined && n > node.maxProperties) {
      err('FieldValueTooMany', n, `must have at most ${node.maxProperties} items`);
    }
    if (node.minProperties !== undefined && n < node.minProperties) {
      err('FieldValueInvalid', o, `${path} in body should have at least ${node.minProperties} properties`);
    }
    for (const r of node.required ?? []) {
      if (!(r in o)) errs.push({ type: 'FieldValueRequired', field: join(field, r) });
    }
    for (const [k, val] of Object.entries(o)) {
      if ((isRoot || node.embeddedResource) && k === 'metadata') continue;
      const prop = node.properties?.[k] ?? node.additionalProperties;
      if (prop) walk(val, prop, join(path, k), root, false, errs);
    }
  }
}

function typeName(node: SchemaNode): string {
  return node.type === 'int-or-string' ? 'integer,string' : node.type;
}

function typeMatches(v: unknown, node: SchemaNode): boolean {
  switch (node.type) {
    case 'any': return true;
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'int-or-string': return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  }
}

type ErrFn = (type: FieldError['type'], value: unknown, detail?: string) => void;

function checkNumber(v: number, node: SchemaNode, path: string, err: ErrFn): void {
  if (node.maximum !== undefined) {
    if (node.exclusiveMaximum ? v >= node.maximum : v > node.maximum) {
      err('FieldValueInvalid', v, `${path} in body should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`);
    }
  }
  if (node.minimum !== undefined) {
    if (node.exclusiveMinimum ? v <= node.minimum : v < node.minimum) {
      err('FieldValueInvalid', v, `${path} in body should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`);
    }
  }
}

function checkString(v: string, node: SchemaNode, path: string, err: ErrFn): void {
  // Lengths count characters (runes), as kube-openapi does.
  const len = [...v].length;
  if (node.maxLength !== undefined && len > node.maxLength) {
    err('FieldValueTooLong', v, `may not be longer than ${node.maxLength}`);
  }
  if (node.minLength !== undefined && len < node.minLength) {
    err('FieldValueInvalid', v, `${path} in body should be at least ${node.minLength} chars long`);
  }
  if (node.pattern !== undefined) {
    let re: RegExp | undefined;
    try { re = new RegExp(node.pattern, 'u'); } catch { re = undefined; }
    if (re && !re.test(v)) err('FieldValueInvalid', v, `${path} in body should match '${node.pattern}'`);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
