// Argo CD `Application` → AppSpec. Named by metadata.name, as `argocd app list` shows it.

import type { AppSourceEntry, AppSpec, SourceLocation } from '../types.js';
import { argoSource, type RefSource } from './argo-source.js';
import { isRelativeRepoPath, kustomizeNamespaceOf, report, type DiscoveryContext, type Locate } from './context.js';
import { readIgnoreRules } from './ignore-rules.js';
import { arr, bool, compact, obj, str, strList, type Obj } from './values.js';
import type { FieldPath, YamlDoc } from './yaml-docs.js';

export const ARGO_NAMESPACE = 'argocd';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

export interface ArgoAppInput {
  /** the Application (or an ApplicationSet's rendered template) */
  value: Obj;
  doc: YamlDoc;
  /** where the Application object sits in `doc` (['spec', 'template'] for a generated app) */
  base: FieldPath;
  declaredIn: SourceLocation;
  generatedBy?: AppSpec['generatedBy'];
  /** namespace when metadata has none */
  namespace?: string;
}

export function isArgoApplication(v: unknown): v is Obj {
  const o = obj(v);
  return !!o && String(o['apiVersion']).startsWith('argoproj.io/') && o['kind'] === 'Application';
}

export async function argoApplication(input: ArgoAppInput, ctx: DiscoveryContext): Promise<AppSpec | undefined> {
  const { value, doc } = input;
  const locate: Locate = (p) => doc.locate([...input.base, ...p]);
  const meta = obj(value['metadata']) ?? {};
  const name = str(meta['name']);
  if (!name) {
    report(ctx, 'error', 'Application has no metadata.name', locate(['metadata']));
    return undefined;
  }
  const fail = (severity: 'error' | 'warning', message: string, at: FieldPath): void => report(ctx, severity, message, locate(at), name);
  const spec = obj(value['spec']);
  if (!spec) {
    fail('error', 'Application has no spec', []);
    return undefined;
  }
  const namespace = str(meta['namespace']) ?? input.namespace ?? kustomizeNamespaceOf(doc, ctx.scan) ?? ARGO_NAMESPACE;
  const dest = obj(spec['destination']) ?? {};
  if (!obj(spec['destination'])) fail('warning', 'Application has no destination', ['spec']);
  const destinationNamespace = str(dest['namespace']);

  const multi = arr(spec['sources']);
  const entries: AppSourceEntry[] = [];
  if (multi && multi.length > 0) {
    const refs = new Map<string, RefSource>();
    multi.forEach((s) => {
      const o = obj(s);
      const ref = str(o?.['ref']);
      const url = str(o?.['repoURL']);
      if (ref && url) refs.set(ref, { repoURL: url, local: ctx.isThisRepo(url) || isRelativeRepoPath(url) });
    });
    for (const [i, s] of multi.entries()) {
      const o = obj(s);
      if (!o) continue;
      // a `ref` source without path or chart only provides values files to the others
      if (str(o['ref']) && o['path'] === undefined && o['chart'] === undefined) continue;
      entries.push(await argoSource({ src: o, at: ['spec', 'sources', i], locate, appName: name, destinationNamespace, refs }, ctx));
    }
  } else {
    const o = obj(spec['source']);
    if (!o) {
      fail('error', 'Application has neither spec.source nor spec.sources', ['spec']);
      return undefined;
    }
    entries.push(await argoSource({ src: o, at: ['spec', 'source'], locate, appName: name, destinationNamespace, refs: new Map() }, ctx));
  }
  if (entries.length === 0) {
    fail('error', 'Application has no source to render (only ref sources)', ['spec', 'sources']);
    return undefined;
  }
  const primary = entries.find((e) => !e.remote) ?? entries[0]!;

  const sp = obj(spec['syncPolicy']);
  const automated = obj(sp?.['automated']);
  const syncPolicy = sp
    ? compact({
        // Argo CD 3.1+: `automated.enabled: false` keeps the settings but turns auto-sync off
        automated: automated ? bool(automated['enabled']) !== false : false,
        prune: automated ? bool(automated['prune']) ?? false : undefined,
        selfHeal: automated ? bool(automated['selfHeal']) ?? false : undefined,
        syncOptions: strList(sp['syncOptions']),
      })
    : undefined;

  const ignore = readIgnoreRules(spec['ignoreDifferences'], ['spec', 'ignoreDifferences'], locate, ctx.problems, name);

  const annotations = obj(meta['annotations']) ?? {};
  let syncWave: number | undefined;
  const wave = annotations[SYNC_WAVE];
  if (wave !== undefined) {
    const w = String(wave).trim();
    if (/^[+-]?\d+$/.test(w)) syncWave = Number(w);
    else fail('warning', `${SYNC_WAVE} "${w}" is not an integer; Argo CD treats it as wave 0`, ['metadata', 'annotations', SYNC_WAVE]);
  }

  return compact({
    name,
    controller: 'argocd' as const,
    declaredIn: input.declaredIn,
    source: primary.source,
    remote: primary.remote,
    sources: multi && multi.length > 0 ? entries : undefined,
    // Argo CD clusters added with `argocd cluster add CONTEXT` are named after the kube context
    destination: compact({ namespace: destinationNamespace, server: str(dest['server']), context: str(dest['name']) }),
    owner: { kind: 'AppProject', namespace, name: str(spec['project']) ?? 'default' },
    ignoreDifferences: ignore.length ? ignore.map((r) => r.rule) : undefined,
    syncPolicy,
    syncWave,
    generatedBy: input.generatedBy,
  });
}
