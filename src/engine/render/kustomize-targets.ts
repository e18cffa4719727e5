// Which rendered objects a kustomize patch, image, replica or generator entry applies to
// (kustomize's selector rules: exact group/version/kind, anchored regular expressions for name
// and namespace, label and annotation selectors).

import type { KubeObject } from '../types.js';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** `names`: the object's rendered name and the name it had in its source file. */
export function selects(sel: Selector, obj: KubeObject, names: readonly string[]): boolean {
  const av = obj.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  const version = av.includes('/') ? av.slice(av.indexOf('/') + 1) : av;
  if (sel.group !== undefined && sel.group !== '' && sel.group !== group) return false;
  if (sel.version !== undefined && sel.version !== '' && sel.version !== version) return false;
  if (sel.kind !== undefined && sel.kind !== '' && sel.kind !== obj.kind) return false;
  if (sel.name && !names.some((n) => anchored(sel.name!).test(n))) return false;
  if (sel.namespace && !anchored(sel.namespace).test(obj.metadata?.namespace ?? '')) return false;
  if (sel.labelSelector && !matchSelector(sel.labelSelector, obj.metadata?.labels ?? {})) return false;
  if (sel.annotationSelector && !matchSelector(sel.annotationSelector, obj.metadata?.annotations ?? {})) return false;
  return true;
}

function anchored(re: string): RegExp {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    return { test: (s: string) => s === re } as RegExp;
  }
}

/** Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export function matchSelector(selector: string, labels: Record<string, string>): boolean {
  const reqs = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return reqs.every((raw) => {
    const r = raw.trim();
    if (r === '') return true;
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(r);
    if (m) {
      const vals = m[3]!.split(',').map((s) => s.trim());
      const has = m[1]! in labels && vals.includes(labels[m[1]!]!);
      return m[2] === 'in' ? has : !has;
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(r);
    if (m) return m[2] === '!=' ? labels[m[1]!] !== m[3] : labels[m[1]!] === m[3];
    if (r.startsWith('!')) return !(r.slice(1).trim() in labels);
    return r in labels;
  });
}

/** `repo/name:tag@digest` → `repo/name`. */
export function imageName(image: string): string {
  let s = image;
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  const colon = s.lastIndexOf(':');
  if (colon > s.lastIndexOf('/')) s = s.slice(0, colon);
  return s;
}
