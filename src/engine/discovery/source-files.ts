// Which workspace files an app's source renders, approximately and without running any tool:
// a kustomize folder's resources (followed through bases and components), a plain folder's
// YAML files, or the folder tree Flux generates a kustomization for. Used to find app-of-apps
// children and the folders no app covers. Helm templates are not followed (they need rendering).

import type { AppSource } from '../types.js';
import { braceGlobMatcher } from './glob.js';
import { dirOf, isUnder, joinRel, KUSTOMIZATION_FILES } from './paths.js';
import type { RepoScan } from './scan.js';
import { arr, obj } from './values.js';

export interface SourceReach {
  /** manifest files the source reads */
  files: Set<string>;
  /** folders the source reads (kustomize folders, plain folders) */
  dirs: Set<string>;
}

const MANIFEST = /\.(ya?ml|json)$/;

export function sourceReach(source: AppSource, scan: RepoScan): SourceReach {
  const reach: SourceReach = { files: new Set(), dirs: new Set() };
  if (source.type === 'helm') {
    if (source.path) reach.dirs.add(source.path);
    return reach;
  }
  if (source.type === 'directory') {
    plainFolder(source.path, source.recurse === true, scan, reach, source.include, source.exclude);
    return reach;
  }
  kustomizeFolder(source.path, scan, reach, new Set());
  for (const c of source.components ?? []) kustomizeFolder(c, scan, reach, new Set());
  return reach;
}

function plainFolder(dir: string, recurse: boolean, scan: RepoScan, reach: SourceReach, include?: string, exclude?: string): void {
  const inc = include ? braceGlobMatcher(include) : undefined;
  const exc = exclude ? braceGlobMatcher(exclude) : undefined;
  reach.dirs.add(dir);
  const prefix = dir === '.' ? '' : `${dir}/`;
  for (const f of scan.files) {
    if (!f.startsWith(prefix) || !MANIFEST.test(f)) continue;
    const rel = f.slice(prefix.length);
    if (!recurse && rel.includes('/')) continue;
    if ((inc && !inc(rel)) || (exc && exc(rel))) continue;
    reach.files.add(f);
  }
  if (recurse) for (const d of scan.dirs) if (isUnder(d, dir)) reach.dirs.add(d);
}

/** A kustomize folder; without a kustomization file, the one Flux would generate. */
function kustomizeFolder(dir: string, scan: RepoScan, reach: SourceReach, seen: Set<string>): void {
  if (seen.has(dir)) return;
  seen.add(dir);
  reach.dirs.add(dir);
  const k = scan.kustomizations.get(dir);
  if (!k) {
    generatedFolder(dir, scan, reach, seen);
    return;
  }
  reach.files.add(k.file);
  const kv = obj(k.doc?.value) ?? {};
  for (const field of ['resources', 'bases', 'components', 'crds']) {
    for (const r of arr(kv[field]) ?? []) {
      if (typeof r !== 'string' || /^[a-z]+:\/\//i.test(r) || r.includes('?ref=') || r.startsWith('github.com/')) continue;
      const p = joinRel(dir, r);
      if (!p) continue;
      if (scan.dirs.has(p) || p === '.') kustomizeFolder(p, scan, reach, seen);
      else if (scan.files.has(p)) reach.files.add(p);
    }
  }
}

/** Flux: every manifest below the folder; sub-folders with a kustomization are built as such. */
function generatedFolder(dir: string, scan: RepoScan, reach: SourceReach, seen: Set<string>): void {
  const prefix = dir === '.' ? '' : `${dir}/`;
  const nested = [...scan.kustomizations.keys()].filter((d) => d !== dir && isUnder(d, dir));
  const nestedSet = new Set(nested);
  // walks up the parents of `p` (cheap) instead of testing every nested folder
  const inNested = (p: string): boolean => {
    for (let d = p; d !== dir && d !== '.'; d = dirOf(d)) if (nestedSet.has(d)) return true;
    return false;
  };
  for (const f of scan.files) {
    if (f.startsWith(prefix) && MANIFEST.test(f) && !KUSTOMIZATION_FILES.some((k) => f.endsWith(`/${k}`) || f === k) && !inNested(f)) reach.files.add(f);
  }
  for (const d of scan.dirs) if (isUnder(d, dir) && !inNested(d)) reach.dirs.add(d);
  for (const d of nested) if (!inNested(dirOf(d))) kustomizeFolder(d, scan, reach, seen);
}
