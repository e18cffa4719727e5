// RFC 7386 JSON merge patch as gopkg.in/evanphx/json-patch.v4 MergePatch applies it for
// kube-apiserver: null deletes, objects merge recursively, anything else (lists included) replaces.
// Nulls inside a value that is copied in (no object to merge into) are pruned, also inside lists.
import type { Json, JsonObject } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import { cloneJson, isJsonObject } from './json-values.js';

/**
 * Returns a new value; neither argument is modified. A null or scalar patch is rejected like
 * upstream (400 `Invalid JSON Patch`); a list patch replaces the whole document (the caller then
 * rejects the non-object result).
 */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (Array.isArray(patch)) return prune(cloneJson(patch));
  if (!isJsonObject(patch)) throw new StatusError(400, 'BadRequest', 'Invalid JSON Patch');
  if (!isJsonObject(target)) return prune(cloneJson(patch));
  const doc = cloneJson(target);
  mergeInto(doc, patch);
  return doc;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null) doc[k] = prune(cloneJson(v));
    else doc[k] = merge(cur, v);
  }
}

function merge(cur: Json, patch: Json): Json {
  if (!isJsonObject(cur)) return prune(cloneJson(patch));
  if (!isJsonObject(patch)) return cloneJson(patch);
  mergeInto(cur, patch);
  return cur;
}

/** Drop null members of objects (recursively); null list elements stay. Mutates `v`. */
function prune(v: Json): Json {
  if (Array.isArray(v)) {
    v.forEach((x) => { if (x !== null) prune(x); });
  } else if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else prune(x);
    }
  }
  return v;
}
