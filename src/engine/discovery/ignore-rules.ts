// Argo CD `ignoreDifferences` entries (also the syntax of .plumb.yaml `ignore`), validated.

import type { EngineProblem, IgnoreDifference, SourceLocation } from '../types.js';
import { arr, compact, obj, str, strList } from './values.js';
import type { FieldPath } from './yaml-docs.js';

const RULE_KEYS = new Set(['group', 'kind', 'name', 'namespace', 'jsonPointers', 'jqPathExpressions', 'managedFieldsManagers']);

export interface LocatedIgnore { rule: IgnoreDifference; location: SourceLocation }

/**
 * Reads the list of ignore rules `v`, found at `path` (located with `locate`); bad entries become
 * problems and are skipped.
 */
export function readIgnoreRules(
  v: unknown, path: FieldPath, locate: (p: FieldPath) => SourceLocation, problems: EngineProblem[], app?: string,
): LocatedIgnore[] {
  if (v === undefined || v === null) return [];
  const list = arr(v);
  const push = (severity: 'error' | 'warning', message: string, at: FieldPath): void => {
    problems.push(compact({ severity, message, location: locate(at), app }));
  };
  if (!list) {
    push('error', `${path.join('.')} must be a list of rules`, path);
    return [];
  }
  const out: LocatedIgnore[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const o = obj(item);
    if (!o) return push('error', `${path.join('.')}[${i}] must be a map with kind and jsonPointers, jqPathExpressions or managedFieldsManagers`, at);
    for (const k of Object.keys(o)) if (!RULE_KEYS.has(k)) push('warning', `unknown field "${k}" in ignore rule (known: ${[...RULE_KEYS].join(', ')})`, [...at, k]);
    const kind = str(o['kind']);
    if (!kind) return push('error', 'ignore rule needs a kind (use "*" for every kind)', at);
    const lists: Array<keyof IgnoreDifference> = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'];
    for (const k of lists) {
      if (o[k] !== undefined && (!Array.isArray(o[k]) || (o[k] as unknown[]).some((x) => typeof x !== 'string'))) {
        push('error', `${k} must be a list of strings`, [...at, k]);
        return;
      }
    }
    const rule: IgnoreDifference = compact({
      group: typeof o['group'] === 'string' ? o['group'] : undefined,
      kind,
      name: str(o['name']),
      namespace: str(o['namespace']),
      jsonPointers: strList(o['jsonPointers']),
      jqPathExpressions: strList(o['jqPathExpressions']),
      managedFieldsManagers: strList(o['managedFieldsManagers']),
    });
    rule.jsonPointers?.forEach((p, j) => {
      if (p !== '' && !p.startsWith('/')) push('error', `JSON pointer "${p}" must start with "/" (e.g. /spec/replicas)`, [...at, 'jsonPointers', j]);
    });
    if (!rule.jsonPointers?.length && !rule.jqPathExpressions?.length && !rule.managedFieldsManagers?.length) {
      push('warning', `ignore rule for ${kind} ignores nothing: add jsonPointers, jqPathExpressions or managedFieldsManagers`, at);
    }
    out.push({ rule, location: locate(at) });
  });
  return out;
}
