// Segments of the drift-contract path grammar: `spec.replicas`, `metadata.labels["a/b"]`,
// `containers[name=web]`, `ports[containerPort=8080,protocol=TCP]`.

import type { ListKeys } from './list-keys.js';

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** Appends a map key to a path. */
export function joinKey(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends a list index (used for atomic or unknown lists, and as a fallback). */
export function joinIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

/**
 * Appends the keyed selector of a list item, or undefined when the item lacks a key value
 * (then callers fall back to the index).
 */
export function joinItem(path: string, item: unknown, keys: ListKeys): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const rec = item as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of [...keys.keys].sort()) {
    let v = rec[k];
    if (v === undefined || v === null) v = keys.defaults?.[k];
    if (v === undefined || v === null || typeof v === 'object') return undefined;
    parts.push(`${k}=${String(v)}`);
  }
  return `${path}[${parts.join(',')}]`;
}
