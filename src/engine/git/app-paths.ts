// The repository paths an app's deployed state depends on, for its Git history: the app's own
// folder, the file that declares it (Helm parameters and kustomize images live there), Helm value
// files, and every file its render actually read (shared bases, components, patches outside the
// folder), as the render's source locations name them.

import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { AppSource, AppSpec, RenderedObject } from '../types.js';

/**
 * Repository-relative paths (forward slashes) for `appHistory`: the app's root folders first, then
 * the other files sorted. Duplicates and files inside a listed folder are left out; so is anything
 * outside `repoRoot`. A remote source contributes nothing.
 */
export function appSourcePaths(app: AppSpec, rendered: RenderedObject[], repoRoot: string): string[] {
  const dirs = new Set<string>();
  const files = new Set<string>();
  const add = (set: Set<string>, p: string | undefined, base = '.') => {
    const rel = p === undefined ? undefined : repoRelative(repoRoot, p, base);
    if (rel !== undefined) set.add(rel);
  };

  const sources: AppSource[] = app.sources?.length
    ? app.sources.filter((s) => !s.remote).map((s) => s.source)
    : app.remote ? [] : [app.source];
  for (const src of sources) {
    // A chart from a chart repository has no folder here.
    if (src.type === 'helm' && !src.path) continue;
    add(dirs, src.path ?? '.');
    // Argo CD resolves value files against the chart folder.
    if (src.type === 'helm') for (const v of src.valueFiles ?? []) if (!/^[a-z]+:\/\//i.test(v) && !v.startsWith('$')) add(files, v, src.path ?? '.');
  }
  if (app.declaredIn) add(files, app.declaredIn.file);
  for (const r of rendered) {
    if (r.source) add(files, r.source.file);
    for (const loc of Object.values(r.fieldSources ?? {})) add(files, loc.file);
  }

  const roots = [...dirs];
  const inRoot = (f: string) => roots.some((d) => d === '.' || f === d || f.startsWith(`${d}/`));
  // A folder inside another listed folder adds nothing to the history.
  const topRoots = roots.filter((d) => !roots.some((o) => o !== d && (o === '.' || d.startsWith(`${o}/`))));
  return [...topRoots, ...[...files].filter((f) => !inRoot(f)).sort()];
}

/** `p` (absolute, or relative to `base` under the root) as a normalized repository path, or undefined outside it. */
function repoRelative(repoRoot: string, p: string, base: string): string | undefined {
  const abs = isAbsolute(p) ? p : resolve(repoRoot, base, p);
  const rel = relative(resolve(repoRoot), abs).split(sep).join('/');
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return undefined;
  return posix.normalize(rel);
}
