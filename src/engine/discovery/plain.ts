// Plain apps: the folders `.plumb.yaml` lists, and kustomize folders that no Argo CD, Flux or
// `.plumb.yaml` app covers (so a repository of kustomize overlays alone still shows its apps).
// A folder is not an app of its own when another kustomization uses it (a base or component),
// when an app's source reaches it, or when it declares Argo CD / Flux objects (a cluster
// bootstrap folder, whose apps are listed themselves).

import { basename } from 'node:path';
import type { AppSource, AppSpec } from '../types.js';
import type { PlumbAppEntry } from './config.js';
import { report, type DiscoveryContext } from './context.js';
import { joinRel, KUSTOMIZATION_FILES, relativeTo } from './paths.js';
import type { RepoScan } from './scan.js';
import { sourceReach } from './source-files.js';
import { arr, compact, obj, str } from './values.js';

export async function configuredApps(entries: PlumbAppEntry[], ctx: DiscoveryContext): Promise<AppSpec[]> {
  const { scan } = ctx;
  const out: AppSpec[] = [];
  for (const e of entries) {
    if (!(await scan.dirExists(e.path))) {
      const what = scan.files.has(e.path) ? 'is a file; an app path must be a folder' : 'does not exist in this repository';
      report(ctx, 'error', `path "${e.path}" ${what}`, e.pathLocation, e.name);
    }
    const at = (name: string): string => (e.path === '.' ? name : `${e.path}/${name}`);
    let source: AppSource;
    if (KUSTOMIZATION_FILES.some((k) => scan.files.has(at(k)))) {
      source = { type: 'kustomize', path: e.path };
    } else if (scan.files.has(at('Chart.yaml'))) {
      const valueFiles = e.valueFiles?.map((v) => {
        const p = joinRel(e.path, v);
        if (!p || !scan.files.has(p)) report(ctx, 'error', `values file "${v}" does not exist in ${e.path}`, e.location, e.name);
        return p ? relativeTo(e.path, p) : v;
      });
      source = compact({ type: 'helm' as const, path: e.path, releaseName: e.releaseName ?? e.name, valueFiles, namespace: e.namespace });
    } else {
      source = compact({ type: 'directory' as const, path: e.path, recurse: e.recurse ?? true, include: e.include, exclude: e.exclude });
    }
    out.push(compact({
      name: e.name,
      controller: 'plain' as const,
      declaredIn: e.location,
      source,
      destination: compact({ namespace: e.namespace, context: e.context }),
      ignoreDifferences: e.ignore.length ? e.ignore.map((r) => r.rule) : undefined,
      syncPolicy: e.autoSync !== undefined || e.prune !== undefined || e.syncOptions?.length
        ? compact({ automated: e.autoSync ?? false, prune: e.prune ?? false, selfHeal: e.autoSync ?? false, syncOptions: e.syncOptions?.length ? e.syncOptions : undefined })
        : undefined,
    }));
  }
  return out;
}

export function discoverPlainFolders(scan: RepoScan, apps: AppSpec[], declaringFiles: Set<string>): AppSpec[] {
  const taken = new Set<string>();
  for (const app of apps) {
    if (app.remote) continue;
    for (const src of app.sources ? app.sources.filter((s) => !s.remote).map((s) => s.source) : [app.source]) {
      for (const d of sourceReach(src, scan).dirs) taken.add(d);
    }
  }
  // folders another kustomization uses: bases, components, sub-folders
  for (const k of scan.kustomizations.values()) {
    const kv = obj(k.doc?.value) ?? {};
    for (const field of ['resources', 'bases', 'components']) {
      for (const r of arr(kv[field]) ?? []) {
        const p = typeof r === 'string' ? joinRel(k.dir, r) : undefined;
        if (p && p !== k.dir) taken.add(p);
      }
    }
  }
  const out: AppSpec[] = [];
  for (const k of [...scan.kustomizations.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1))) {
    if (taken.has(k.dir)) continue;
    const kv = obj(k.doc?.value) ?? {};
    if (kv['kind'] === 'Component') continue;
    const reach = sourceReach({ type: 'kustomize', path: k.dir }, scan);
    if ([...reach.files].some((f) => declaringFiles.has(f))) continue;
    out.push(compact({
      name: k.dir === '.' ? basename(scan.root) : k.dir,
      controller: 'plain' as const,
      declaredIn: { file: k.file, line: k.doc?.line ?? 1 },
      source: { type: 'kustomize' as const, path: k.dir },
      destination: compact({ namespace: str(kv['namespace']) }),
    }));
  }
  return out;
}
