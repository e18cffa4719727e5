// Checks the API server would make on apply, done at render time so that the file and line are
// named now instead of a 422 at sync: object names, label keys and values, annotation values
// and Secret data. The objects are kept (status can still compare them); values are never shown.

import { joinKey } from '../manifests/index.js';
import type { EngineProblem, RenderedObject, SourceLocation } from '../types.js';

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Kinds whose names are DNS-1123 labels (no dots, at most 63 characters). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);
/** RBAC names are path segments (`system:controller:x` is fine). */
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function validateObjects(objects: RenderedObject[], app: string): EngineProblem[] {
  const out: EngineProblem[] = [];
  for (const r of objects) {
    const o = r.object;
    const what = `${o.kind} ${o.metadata?.name}`;
    const at = (path: string): { location?: SourceLocation } => {
      const loc = r.fieldSources?.[path] ?? r.source;
      return loc ? { location: loc } : {};
    };
    const add = (path: string, message: string) => out.push({ severity: 'error', message: `${what}: ${message}: the API server rejects it`, app, ...at(path) });

    const name = o.metadata?.name;
    if (typeof name === 'string') {
      const why = nameProblem(o.kind ?? '', name);
      if (why) add('metadata.name', `metadata.name "${name}" ${why}`);
    }
    const meta = o.metadata ?? {};
    for (const field of ['labels', 'annotations'] as const) {
      const map = meta[field];
      if (map === undefined || map === null) continue;
      if (typeof map !== 'object' || Array.isArray(map)) {
        add(`metadata.${field}`, `metadata.${field} must be a map of strings`);
        continue;
      }
      for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
        const path = joinKey(`metadata.${field}`, key);
        const keyWhy = qualifiedNameProblem(key);
        if (keyWhy) add(path, `${field === 'labels' ? 'label' : 'annotation'} key "${key}" ${keyWhy}`);
        if (typeof value !== 'string') {
          add(path, `${field === 'labels' ? 'label' : 'annotation'} ${key} must be a string (quote it)`);
        } else if (field === 'labels') {
          const valueWhy = labelValueProblem(value);
          if (valueWhy) add(path, `label ${key} value "${value}" ${valueWhy}`);
        }
      }
    }
    if (o.kind === 'Secret' && (o.apiVersion ?? 'v1') === 'v1') {
      const data = o['data'];
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
          // Go's base64 decoder skips line breaks; anything else must be the standard alphabet.
          if (typeof value !== 'string' || !BASE64.test(value.replace(/[\r\n]/g, ''))) add(joinKey('data', key), `data.${key} is not valid base64 (the value is not shown)`);
        }
      }
    }
  }
  return out;
}

function nameProblem(kind: string, name: string): string | undefined {
  if (RBAC_KINDS.has(kind)) return name === '.' || name === '..' || /[/%]/.test(name) ? 'may not be "." or ".." or contain "/" or "%"' : undefined;
  if (LABEL_NAMED.has(kind)) {
    if (name.length > 63) return `is ${name.length} characters long, over 63`;
    return DNS_LABEL.test(name) ? undefined : 'must consist of lower-case letters, digits and "-", and start and end with a letter or digit';
  }
  if (name.length > 253) return `is ${name.length} characters long, over 253`;
  return DNS_SUBDOMAIN.test(name) ? undefined : 'must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit';
}

function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'has an invalid prefix (a lower-case DNS subdomain before "/")';
  if (name.length > 63) return `has a name part of ${name.length} characters, over 63`;
  if (!LABEL_NAME.test(name)) return 'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `is ${value.length} characters long, over 63`;
  if (value !== '' && !LABEL_NAME.test(value)) return 'must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}
