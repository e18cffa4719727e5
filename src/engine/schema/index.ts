// Field semantics: built-in table for core kinds, OpenAPI v3 / CRD reader, helpers.
export type { FieldNode, FieldSemantics, ListSemantics } from './types.js';
export { splitApiVersion } from './types.js';
export { builtinSemantics, isBuiltinKind } from './builtin.js';
export { semanticsFromOpenApi, fieldNodeFromSchema, type GroupVersionKindRef } from './openapi.js';
export { combineSemantics, overlayNode, nodeAt, node, type NodeSpec } from './node.js';
export { listSemanticsAt } from './lookup.js';
