// What every discoverer needs: the scanned repository, "is this URL this repository", and a
// place to put problems.

import type { EngineProblem, SourceLocation } from '../types.js';
import { baseOf, dirOf } from './paths.js';
import type { RepoScan } from './scan.js';
import { arr, compact, obj, str } from './values.js';
import type { FieldPath, YamlDoc } from './yaml-docs.js';

export interface DiscoveryContext {
  scan: RepoScan;
  /** true when a repository URL (or a relative path) designates this working tree */
  isThisRepo(url: string): boolean;
  problems: EngineProblem[];
  signal: AbortSignal;
}

export type Locate = (p: FieldPath) => SourceLocation;

export function report(ctx: DiscoveryContext, severity: 'error' | 'warning', message: string, location?: SourceLocation, app?: string): void {
  ctx.problems.push(compact({ severity, message, location, app }));
}

/** A repoURL written as a path relative to the repository (`.`, `./`), which tools reading a local checkout accept. */
export const isRelativeRepoPath = (url: string): boolean => url === '.' || url === './' || url.startsWith('./');

/**
 * The namespace a document without one gets: the `namespace:` of the kustomization in its folder
 * when that kustomization lists the file (as `flux bootstrap` and `kubectl apply -k` would apply it).
 */
export function kustomizeNamespaceOf(doc: YamlDoc, scan: RepoScan): string | undefined {
  const k = scan.kustomizations.get(dirOf(doc.file));
  const kv = obj(k?.doc?.value);
  const ns = str(kv?.['namespace']);
  if (!ns) return undefined;
  const listed = (arr(kv?.['resources']) ?? []).some((r) => typeof r === 'string' && r.replace(/^\.\//, '') === baseOf(doc.file));
  return listed ? ns : undefined;
}

/** Removes credentials from a URL before it is shown. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]+@/i, '$1');
}

