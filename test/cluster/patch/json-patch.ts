// RFC 6902 JSON Patch with the quirks of gopkg.in/evanphx/json-patch.v4 (what kube-apiserver 1.32
// uses): negative array indices, `replace` of a missing object key adds it, `copy` from a missing
// object key copies null, and null-valued keys count as missing when walking a path.
import type { Json, JsonObject } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import { cloneJson, isJsonObject, jsonEqual } from './json-values.js';

/** kube-apiserver's cap on operations per JSON patch (handlers/patch.go). */
const MAX_OPERATIONS = 10000;

/** An operation failed; upstream turns every such error into the same 422. */
class OpError extends Error {}

/**
 * Apply a JSON patch body (already JSON-parsed) to `doc`; returns a new value, `doc` is untouched.
 * Throws StatusError 400 for a body that is not a list of operations, 413 for more than 10000
 * operations, and 422 Invalid (fixed message, `details: {}`) when an operation fails. The result can
 * be a non-object (`replace ""` with an array); the caller must reject that like any decode error.
 */
export function applyJsonPatch(doc: Json, ops: unknown): Json {
  const operations = decodeOperations(ops);
  if (operations.length > MAX_OPERATIONS) {
    throw new StatusError(413, 'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${operations.length}`);
  }
  const root: { doc: Json } = { doc: cloneJson(doc) };
  for (const op of operations) {
    try {
      applyOne(root, op);
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      const err = new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
      err.cause = e; // upstream drops the detail from the body; keep it for debugging
      throw err;
    }
  }
  return root.doc;
}

type Operation = Record<string, Json> | null;

function decodeOperations(ops: unknown): Operation[] {
  if (ops === null || ops === undefined) return []; // Go decodes `null` into an empty patch
  if (!Array.isArray(ops)) {
    throw new StatusError(400, 'BadRequest', `json: cannot unmarshal ${jsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  return ops.map((op: unknown) => {
    if (op === null) return null;
    if (!isJsonObject(op)) {
      throw new StatusError(400, 'BadRequest', `json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
    return op;
  });
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function stringField(op: Operation, name: string): string {
  const v = op?.[name];
  if (v === undefined || v === null) throw new OpError(`operation missing ${name} field`);
  if (typeof v !== 'string') throw new OpError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`);
  return v;
}

function applyOne(root: { doc: Json }, op: Operation): void {
  const kind = typeof op?.op === 'string' ? op.op : 'unknown';
  const value = op && 'value' in op ? op.value! : undefined; // undefined: no "value" member
  switch (kind) {
    case 'add': {
      const path = stringField(op, 'path');
      const [con, key] = locate(root.doc, path, `add operation does not apply: doc is missing path: "${path}"`);
      con.add(key, value ?? null);
      return;
    }
    case 'remove': {
      const path = stringField(op, 'path');
      const [con, key] = locate(root.doc, path, `remove operation does not apply: doc is missing path: "${path}"`);
      con.remove(key);
      return;
    }
    case 'replace': {
      const path = stringField(op, 'path');
      if (path === '') {
        if (!Array.isArray(value) && !isJsonObject(value)) throw new OpError('replace operation value must be object or array');
        root.doc = value;
        return;
      }
      const [con, key] = locate(root.doc, path, `replace operation does not apply: doc is missing path: ${path}`);
      con.get(key); // arrays reject a bad index here; objects accept a missing key
      con.set(key, value ?? null);
      return;
    }
    case 'move': {
      const from = stringField(op, 'from');
      const [src, srcKey] = locate(root.doc, from, `move operation does not apply: doc is missing from path: ${from}`);
      const moved = src.get(srcKey);
      src.remove(srcKey);
      const path = stringField(op, 'path');
      const [dst, dstKey] = locate(root.doc, path, `move operation does not apply: doc is missing destination path: ${path}`);
      dst.add(dstKey, moved ?? null);
      return;
    }
    case 'copy': {
      const from = stringField(op, 'from');
      const [src, srcKey] = locate(root.doc, from, `copy operation does not apply: doc is missing from path: ${from}`);
      const copied = src.get(srcKey);
      const path = stringField(op, 'path');
      const [dst, dstKey] = locate(root.doc, path, `copy operation does not apply: doc is missing destination path: ${path}`);
      dst.add(dstKey, copied === undefined ? null : cloneJson(copied));
      return;
    }
    case 'test': {
      const path = stringField(op, 'path');
      let actual: Json | undefined;
      if (path === '') actual = root.doc;
      else {
        const [con, key] = locate(root.doc, path, `test operation does not apply: is missing path: ${path}`);
        actual = con.get(key);
      }
      // A missing or null member equals an explicit `"value": null` (and an absent value).
      const ok = actual === undefined || actual === null ? value === undefined || value === null : value !== undefined && jsonEqual(actual, value);
      if (!ok) throw new OpError(`testing value ${path} failed: test failed`);
      return;
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

interface Container {
  /** undefined when an object key is missing or null */
  get(key: string): Json | undefined;
  set(key: string, v: Json): void;
  add(key: string, v: Json): void;
  remove(key: string): void;
}

/** Walk to the parent of the last path segment, as upstream findObject does (segment 0 is ignored). */
function locate(doc: Json, path: string, missing: string): [Container, string] {
  const parts = path.split('/');
  if (parts.length < 2) throw new OpError(missing);
  let cur: Json = doc;
  for (const raw of parts.slice(1, -1)) {
    let next: Json | undefined;
    try {
      next = container(cur).get(unescape(raw));
    } catch {
      throw new OpError(missing);
    }
    if (next === undefined || next === null || (typeof next !== 'object')) throw new OpError(missing);
    cur = next;
  }
  if (typeof cur !== 'object' || cur === null) throw new OpError(missing);
  return [container(cur), unescape(parts[parts.length - 1]!)];
}

function unescape(segment: string): string {
  return segment.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

function container(v: Json): Container {
  if (Array.isArray(v)) return arrayContainer(v);
  if (isJsonObject(v)) return objectContainer(v);
  throw new OpError('unknown object type');
}

function objectContainer(o: JsonObject): Container {
  return {
    get: (k) => (Object.hasOwn(o, k) && o[k] !== null ? o[k] : undefined),
    set: (k, v) => { o[k] = v; },
    add: (k, v) => { o[k] = v; },
    remove: (k) => {
      if (!Object.hasOwn(o, k)) throw new OpError(`Unable to remove nonexistent key: ${k}: missing value`);
      delete o[k];
    },
  };
}

/** Go's strconv.Atoi: optional sign, decimal digits, int64 range. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new OpError(`strconv.Atoi: parsing "${key}": invalid syntax`);
  const n = Number(key);
  if (!Number.isSafeInteger(n)) throw new OpError(`strconv.Atoi: parsing "${key}": value out of range`);
  return n;
}

function arrayContainer(a: Json[]): Container {
  const resolve = (key: string, size: number): number => {
    let idx = atoi(key);
    if (idx < 0) {
      if (idx < -size) throw new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);
      idx += size;
    }
    return idx;
  };
  return {
    get: (k) => {
      const idx = resolve(k, a.length);
      if (idx >= a.length) throw new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);
      return a[idx];
    },
    set: (k, v) => { a[resolve(k, a.length)] = v; },
    add: (k, v) => {
      if (k === '-') { a.push(v); return; }
      const raw = atoi(k);
      if (raw > a.length) throw new OpError(`Unable to access invalid index: ${raw}: invalid index referenced`);
      a.splice(resolve(k, a.length + 1), 0, v);
    },
    remove: (k) => {
      const raw = atoi(k);
      if (raw >= a.length) throw new OpError(`Unable to access invalid index: ${raw}: invalid index referenced`);
      a.splice(resolve(k, a.length), 1);
    },
  };
}
