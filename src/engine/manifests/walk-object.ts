// Field paths (drift-contract grammar) of a JSON object, computed from the value itself: used to
// name fields of rendered objects (a JSON pointer of a patch, the containers an image applies to).

import { joinIndex, joinItem, joinKey } from './field-path.js';
import { listKeys } from './list-keys.js';

export interface ObjectKind { apiVersion: string; kind: string }

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** Calls `visit` for every node below the root with its path and the field names leading to it. */
export function walkObject(root: unknown, kind: ObjectKind, visit: (path: string, value: unknown, fields: readonly string[]) => void): void {
  const group = groupOf(kind.apiVersion);
  const go = (v: unknown, path: string, fields: string[], steps: string[]) => {
    if (Array.isArray(v)) {
      const keys = listKeys({ ...kind, group, fields, path: steps });
      const itemSteps = [...steps, '[]'];
      v.forEach((item, i) => {
        const child = (keys && joinItem(path, item, keys)) || joinIndex(path, i);
        visit(child, item, fields);
        go(item, child, fields, itemSteps);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const child = joinKey(path, k);
        const f = [...fields, k];
        visit(child, item, f);
        go(item, child, f, [...steps, k]);
      }
    }
  };
  go(root, '', [], []);
}

/** Converts a JSON pointer (RFC 6901) into a grammar path on `root`; `-` names the last item. */
export function pointerToPath(root: unknown, kind: ObjectKind, pointer: string): string | undefined {
  if (pointer === '' || pointer === '/') return '';
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let v: unknown = root;
  let path = '';
  const fields: string[] = [];
  const steps: string[] = [];
  const group = groupOf(kind.apiVersion);
  for (const seg of segs) {
    if (Array.isArray(v)) {
      const i = seg === '-' ? v.length - 1 : Number(seg);
      if (!Number.isInteger(i) || i < 0 || i >= v.length) return undefined;
      const keys = listKeys({ ...kind, group, fields, path: steps });
      path = (keys && joinItem(path, v[i], keys)) || joinIndex(path, i);
      steps.push('[]');
      v = v[i];
    } else if (v !== null && typeof v === 'object') {
      path = joinKey(path, seg);
      fields.push(seg);
      steps.push(seg);
      v = (v as Record<string, unknown>)[seg];
    } else return undefined;
  }
  return path;
}
