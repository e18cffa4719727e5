// Strategic merge patch, following apimachinery/pkg/util/strategicpatch (v0.32) as the server side
// applies it (MergeParallelList and IgnoreUnmatchedNulls on). The patch metadata that upstream reads
// from Go struct tags comes from the SchemaNode: `patchStrategy` (comma separated, e.g.
// "merge,retainKeys") and `patchMergeKey`. No patchStrategy means the list or map is replaced.
//
// Error mapping, as kube-apiserver's interpretStrategicMergePatchError does:
// - malformed directives ($deleteFromPrimitiveList/…, $setElementOrder/…, $retainKeys) → 400 BadRequest
// - lists of lists → 422 Invalid with the generic message
// - everything else (missing merge key, `$patch: merge`, unknown `$patch`, type mismatches) is a
//   plain Go error, which the apiserver answers with 500 and the error text (no reason).
import type { Json, JsonObject } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import type { SchemaNode } from '../schema/types.js';
import { itemSchema, propertySchema } from '../schema/types.js';
import { cloneJson, goFormat, goTypeName, isJsonObject } from './json-values.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

const badRequest = (msg: string) => new StatusError(400, 'BadRequest', msg);
const ERR_PRIMITIVE_LIST = () => badRequest('invalid patch format of primitive list');
const ERR_RETAIN_KEYS = () => badRequest('invalid patch format of retainKeys');
const ERR_SET_ELEMENT_ORDER = () => badRequest('invalid patch format of setElementOrder list');
const ERR_LIST_OF_LISTS = () => new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
/** A plain Go error: the apiserver answers 500 with the text and an empty reason. */
const goError = (msg: string) => new StatusError(500, '', msg);
const badArgType = (expected: string, actual: Json | undefined) => goError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
const noMergeKey = (m: Json, key: string) => goError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);

/**
 * Apply a strategic merge patch. Neither argument is modified. `schema` describes `original`'s
 * kind (the top-level object node). Throws StatusError as described at the top of this file.
 */
export function applyStrategicMergePatch(original: Json, patch: Json, schema: SchemaNode): Json {
  if (!isJsonObject(patch)) {
    const kind = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const base = isJsonObject(original) ? cloneJson(original) : {};
  return mergeMap(base, cloneJson(patch), schema);
}

interface PatchMeta { sub: SchemaNode; strategy: string; mergeKey: string }

/** Patch metadata of field `key` of an object node; `sub` is the field's node. */
function metaForStruct(node: SchemaNode, key: string): PatchMeta {
  const sub = propertySchema(node, key);
  return { sub, strategy: nonRetainStrategy(sub.patchStrategy), mergeKey: sub.patchMergeKey ?? '' };
}

/** Patch metadata of list field `key`; `sub` is the node of the list's items. */
function metaForSlice(node: SchemaNode, key: string): PatchMeta {
  const m = metaForStruct(node, key);
  return { ...m, sub: itemSchema(m.sub) };
}

/** upstream extractRetainKeysPatchStrategy: at most two strategies, one of them retainKeys. */
function nonRetainStrategy(tag: string | undefined): string {
  const parts = tag ? tag.split(',') : [];
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0] === 'retainKeys' ? '' : parts[0]!;
  if (parts.length === 2 && parts[0] === 'retainKeys') return parts[1]!;
  if (parts.length === 2 && parts[1] === 'retainKeys') return parts[0]!;
  throw goError(`unexpected patch strategy: [${parts.join(' ')}]`);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: SchemaNode): JsonObject {
  if (DIRECTIVE in patch) return mapDirective(patch[DIRECTIVE]!, patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);

  for (const [patchKey, patchV] of Object.entries(patch)) {
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      k = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k) || jsonType(original[k]!) !== jsonType(patchV)) {
      if (!isDeleteList) setCleaned(original, k, patchV);
      continue;
    }
    const cur = original[k]!;
    if (isJsonObject(cur) && isJsonObject(patchV)) {
      const meta = metaForStruct(schema, k);
      original[k] = meta.strategy === 'replace' ? stripDirectiveKeys(patchV) : mergeMap(cur, patchV, meta.sub);
    } else if (Array.isArray(cur) && Array.isArray(patchV)) {
      const meta = metaForSlice(schema, k);
      original[k] = meta.strategy === 'merge' || isDeleteList
        ? mergeSlice(cur, patchV, meta.sub, meta.mergeKey, isDeleteList)
        : stripDirectiveKeys(patchV) as Json[];
    } else {
      original[k] = patchV;
    }
  }
  return original;
}

/** `$patch` in a map: replace → the patch itself; delete → an empty map (not a removed key). */
function mapDirective(directive: Json, patch: JsonObject): JsonObject {
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return stripDirectiveKeys(patch) as JsonObject;
  }
  if (directive === 'delete') return {};
  throw goError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

/** `$retainKeys`: drop original keys not listed; every non-null patch key must be listed. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw ERR_RETAIN_KEYS();
  const keep = new Set<Json>(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw ERR_RETAIN_KEYS();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>` (upstream mergePatchIntoOriginal): merge the list now and order it by the
 * directive. Items the directive does not name are interleaved by their position in the live list.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, schema: SchemaNode): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !Object.hasOwn(patch, key)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, listKey);
    const foundPatch = Object.hasOwn(patch, listKey);
    const origList = foundOriginal ? original[listKey] : [];
    const patchList = foundPatch ? patch[listKey] : [];
    if (!Array.isArray(origList)) throw badArgType('[]interface {}', origList);
    if (!Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
    const meta = metaForSlice(schema, listKey);
    validateAgainstOrder(patchList, order, meta.mergeKey);

    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = origList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList) as Json[];
    else if (foundOriginal && foundPatch) {
      merged = meta.strategy === 'merge' ? mergeSlice(origList, patchList, meta.sub, meta.mergeKey, false) : stripDirectiveKeys(patchList) as Json[];
    } else continue;

    const [named, rest] = partition(merged, order, meta.mergeKey);
    const isMap = elementKindIsMap(origList, patchList);
    const liveOrder = foundPatch && foundOriginal && isMap && meta.strategy === 'merge' ? aliasedLiveList(origList, patchList, meta.mergeKey) : origList;
    original[listKey] = normalizeElementOrder(named, rest, order, liveOrder, meta.mergeKey, isMap);
    delete patch[listKey];
  }
}

/**
 * Upstream orders by the live list *after* mergeSlice has worked on it: Go's
 * `append(s[:k], s[k+1:]...)` deletes in place (the last slot keeps a stale copy) and appends of new
 * items land in the same array while they fit. Reproduce that view, since it decides where items
 * the patch does not name end up.
 */
function aliasedLiveList(live: Json[], patch: Json[], mergeKey: string): Json[] {
  const view = [...live];
  const sameKey = (a: Json, b: Json) => isJsonObject(a) && isJsonObject(b) && Object.hasOwn(a, mergeKey) && a[mergeKey] === b[mergeKey];
  let n = view.length;
  let replaced = false;
  for (const item of patch) {
    if (!isJsonObject(item) || !(DIRECTIVE in item)) continue;
    if (item[DIRECTIVE] === 'replace') replaced = true;
    if (item[DIRECTIVE] !== 'delete') continue;
    for (let k = view.slice(0, n).findIndex((v) => sameKey(v, item)); k >= 0; k = view.slice(0, n).findIndex((v) => sameKey(v, item))) {
      view.copyWithin(k, k + 1, n);
      n--;
    }
  }
  if (replaced) return view;
  const logical = view.slice(0, n);
  for (const item of patch) {
    if (!isJsonObject(item) || DIRECTIVE in item || logical.some((v) => sameKey(v, item))) continue;
    if (logical.length < view.length) view[logical.length] = item;
    logical.push(item);
  }
  return view;
}

/** The patch list's items must appear in the `$setElementOrder` list, in the same relative order. */
function validateAgainstOrder(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? withoutDeleteItems(patchList) : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (isJsonObject(items[p]) && DIRECTIVE in (items[p] as JsonObject)) { p++; continue; }
    if (mergeKeyValueEqual(items[p]!, order[s]!, mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw goError(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}\n`);
  }
}

function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isJsonObject(left)) throw badArgType('map[string]interface {}', left);
  if (!isJsonObject(right)) throw badArgType('map[string]interface {}', right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

function withoutDeleteItems(list: Json[]): Json[] {
  return list.filter((v) => {
    if (!isJsonObject(v)) throw badArgType('map[string]interface {}', v);
    return v[DIRECTIVE] !== 'delete';
  });
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST ? ERR_PRIMITIVE_LIST() : ERR_SET_ELEMENT_ORDER();
  }
  return s.slice(slash + 1);
}

function mergeSlice(original: Json[], patch: Json[], itemNode: SchemaNode, mergeKey: string, isDeleteList: boolean): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const isMap = elementKindIsMap(original, patch);
  let merged: Json[];
  if (!isMap) {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [...original, ...patch].filter((v, i, all) => all.indexOf(v) === i); // union
  } else {
    if (!mergeKey) throw goError('cannot merge lists without merge key for struct');
    [original, patch] = applyListDirectives(original, patch, mergeKey);
    merged = mergeByKey(original, patch, mergeKey, itemNode);
  }
  const [fromPatch, serverOnly] = partition(merged, patch, mergeKey);
  return normalizeElementOrder(fromPatch, serverOnly, patch, original, mergeKey, isMap);
}

/** `$patch: delete` / `replace` elements of a merging list (upstream mergeSliceWithSpecialElements). */
function applyListDirectives(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const plain: Json[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!(DIRECTIVE in item)) { plain.push(v); continue; }
    const directive = item[DIRECTIVE]!;
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const value = item[mergeKey];
      original = original.filter((o, i) => {
        if (!isJsonObject(o)) throw goError(`value for key ${i} is not a map`);
        return !(Object.hasOwn(o, mergeKey) && o[mergeKey] === value);
      });
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw goError('merging lists cannot yet be specified in the patch');
    } else {
      throw goError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
    }
  }
  return replace ? [plain.map((v) => stripDirectiveKeys(v)), []] : [original, plain];
}

/** Merge patch items into the live items with the same merge key; append the others. */
function mergeByKey(original: Json[], patch: Json[], mergeKey: string, itemNode: SchemaNode): Json[] {
  const out = [...original];
  for (const v of patch) {
    const item = v as JsonObject;
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const idx = out.findIndex((o, i) => {
      if (!isJsonObject(o)) throw goError(`value for key ${i} is not a map`);
      return Object.hasOwn(o, mergeKey) && o[mergeKey] === item[mergeKey];
    });
    if (idx >= 0) out[idx] = mergeMap(out[idx] as JsonObject, item, itemNode);
    else out.push(stripDirectiveKeys(item)); // what the typed round trip upstream leaves of it
  }
  return out;
}

/** Split `items` into those present in `by` (by merge key, or by value for primitives) and the rest. */
function partition(items: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const present: Json[] = [];
  const absent: Json[] = [];
  for (const v of items) {
    let found: boolean;
    if (!mergeKey) found = by.includes(v);
    else {
      if (!isJsonObject(v)) throw badArgType('map[string]interface {}', v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      found = by.some((b, i) => {
        if (!isJsonObject(b)) throw goError(`value for key ${i} is not a map`);
        return Object.hasOwn(b, mergeKey) && b[mergeKey] === v[mergeKey];
      });
    }
    (found ? present : absent).push(v);
  }
  return [present, absent];
}

/**
 * Order `patchItems` by `patchOrder` and `serverOnly` by `serverOrder`, then interleave them: a
 * server-only item goes before a patch item when both are in the live list and it came first there.
 */
function normalizeElementOrder(patchItems: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, isMap: boolean): Json[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey, isMap);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, isMap);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, isMap);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

/** Stable sort by position in `order`, using upstream's comparator (an item not in `order` "sorts first"). */
function sortByOrder(items: Json[], order: Json[], mergeKey: string, isMap: boolean): Json[] {
  let list = [...items];
  let deletes: Json[] = [];
  if (isMap) {
    for (const v of [...list, ...order]) {
      if (!isJsonObject(v)) throw badArgType('map[string]interface {}', v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    deletes = list.filter((v) => (v as JsonObject)[DIRECTIVE] === 'delete');
    list = list.filter((v) => (v as JsonObject)[DIRECTIVE] !== 'delete');
  }
  const less = (a: Json, b: Json): boolean => {
    const ia = indexIn(order, a, mergeKey, isMap);
    const ib = indexIn(order, b, mergeKey, isMap);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  // Insertion sort, as Go's sort.SliceStable does for short lists.
  for (let x = 1; x < list.length; x++) {
    for (let y = x; y > 0 && less(list[y]!, list[y - 1]!); y--) [list[y], list[y - 1]] = [list[y - 1]!, list[y]!];
  }
  return [...list, ...deletes];
}

function indexIn(list: Json[], v: Json, mergeKey: string, isMap: boolean): number {
  const key = (x: Json): Json | undefined => (isMap ? (isJsonObject(x) ? x[mergeKey] : undefined) : x);
  const want = key(v);
  return list.findIndex((x) => key(x) === want);
}

/** upstream sliceElementType: all elements share one type, which is not a list. */
function elementKindIsMap(...lists: Json[][]): boolean {
  let first: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = jsonType(v);
      if (first === undefined) {
        if (t === 'null') throw goError('invalid memory address or nil pointer dereference');
        if (t === 'array') throw ERR_LIST_OF_LISTS();
        first = t;
      } else if (t !== first) {
        throw goError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (first === undefined) throw goError('no elements in any of the given slices');
  return first === 'object';
}

/** Go reflect type classes of decoded JSON. */
function jsonType(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v;
}

/** A patch value for a key the original lacks: drop nulls and directives (upstream removeDirectives). */
function setCleaned(original: JsonObject, k: string, patchV: Json): void {
  const [v, keep] = removeDirectivesKeep(discardNulls(patchV));
  if (keep) original[k] = v;
  else delete original[k];
}

function removeDirectives(v: Json): Json {
  return removeDirectivesKeep(discardNulls(v))[0];
}

/** Maps carrying `$patch` vanish (as upstream); other directive keys are stripped. */
function removeDirectivesKeep(v: Json): [Json, boolean] {
  if (Array.isArray(v)) {
    const out: Json[] = [];
    for (const x of v) {
      const [y, keep] = removeDirectivesKeep(x);
      if (keep) out.push(y);
    }
    return [out, true];
  }
  if (isJsonObject(v)) {
    if (DIRECTIVE in v) return [null, false];
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (isDirectiveKey(k)) continue;
      const [y, keep] = removeDirectivesKeep(x);
      if (keep) out[k] = y;
    }
    return [out, true];
  }
  return [v, true];
}

function discardNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map(discardNulls);
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = discardNulls(x);
    return out;
  }
  return v;
}

/** Remove directive keys and null members, keeping everything else (what a typed round trip keeps). */
function stripDirectiveKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectiveKeys);
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (!isDirectiveKey(k) && x !== null) out[k] = stripDirectiveKeys(x);
    return out;
  }
  return v;
}

function isDirectiveKey(k: string): boolean {
  return k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`);
}
