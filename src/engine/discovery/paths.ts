// Repository-relative POSIX paths: no leading './', the root is '.'.

import { posix } from 'node:path';

/** Normalises a path relative to the repository root; undefined when absolute or outside it. */
export function normRel(p: string): string | undefined {
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return undefined;
  const n = posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (n === '' || n === '.') return '.';
  if (n === '..' || n.startsWith('../')) return undefined;
  return n.startsWith('./') ? n.slice(2) : n;
}

/** Joins a relative path onto a repository-relative base directory. */
export function joinRel(base: string, rel: string): string | undefined {
  if (rel.startsWith('/')) return normRel(rel.slice(1));
  return normRel(base === '.' ? rel : `${base}/${rel}`);
}

/** True when `p` is `dir` or inside it. */
export function isUnder(p: string, dir: string): boolean {
  return dir === '.' || p === dir || p.startsWith(`${dir}/`);
}

export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i);
}

export function baseOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export const isYamlFile = (p: string): boolean => p.endsWith('.yaml') || p.endsWith('.yml');

/** `target` relative to the folder `from`, both repository-relative (`../x` when it is outside). */
export function relativeTo(from: string, target: string): string {
  const r = posix.relative(from === '.' ? '' : from, target === '.' ? '' : target);
  return r === '' ? '.' : r;
}
