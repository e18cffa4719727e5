// Convenience lookups over FieldSemantics for callers that think in field paths.
import { builtinSemantics } from './builtin.js';
import { nodeAt, overlayNode } from './node.js';
import type { FieldSemantics, ListSemantics } from './types.js';

/**
 * The list semantics at a path of field names (`['spec','template','spec','containers']`, with `[]`
 * to step into list items), from `semantics` first and the built-in table second; atomic when
 * neither knows the list.
 */
export function listSemanticsAt(apiVersion: string, kind: string, path: readonly string[], semantics?: FieldSemantics): ListSemantics {
  const root = overlayNode(semantics?.forKind(apiVersion, kind), builtinSemantics.forKind(apiVersion, kind));
  return nodeAt(root, path)?.list ?? { type: 'atomic' };
}
