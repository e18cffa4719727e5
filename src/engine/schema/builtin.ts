// The built-in FieldSemantics: the table of builtin-kinds.ts, and for every other kind a root that
// knows only ObjectMeta (so custom resources without a schema compare lists atomically).
import { BUILTIN_KINDS, GENERIC_ROOT } from './builtin-kinds.js';
import { splitApiVersion, type FieldNode, type FieldSemantics } from './types.js';

/** Whether the built-in table describes this kind. */
export function isBuiltinKind(apiVersion: string, kind: string): boolean {
  return `${splitApiVersion(apiVersion).group}/${kind}` in BUILTIN_KINDS;
}

export const builtinSemantics: FieldSemantics = {
  forKind(apiVersion: string, kind: string): FieldNode {
    return BUILTIN_KINDS[`${splitApiVersion(apiVersion).group}/${kind}`] ?? GENERIC_ROOT;
  },
};
