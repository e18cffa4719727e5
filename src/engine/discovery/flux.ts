// Flux `Kustomization` → AppSpec, with its source resolved from the repository and its
// post-build substitutions read from the ConfigMaps and Secrets the repository declares.

import type { AppSource, AppSpec } from '../types.js';
import { redactUrl } from './context.js';
import { dependsOn, fluxIgnoreRules, gitSource, head, type FluxEnv, type Head } from './flux-common.js';
import { joinRel, normRel } from './paths.js';
import { arr, bool, compact, obj, scalarString, str, strList, strMap, type Obj } from './values.js';
import type { YamlDoc } from './yaml-docs.js';

export { FluxSources, fluxAppName, isFluxKustomization, isHelmRelease, FLUX_NAMESPACE } from './flux-common.js';
export { helmRelease } from './flux-helm.js';

export async function fluxKustomization(doc: YamlDoc, env: FluxEnv): Promise<AppSpec | undefined> {
  const { ctx } = env;
  const h = head(doc, 'Kustomization', ctx);
  if (!h) return undefined;
  const { spec, ns, fail } = h;
  const ref = obj(spec['sourceRef']) ?? {};
  const refKind = str(ref['kind']) ?? 'GitRepository';
  const refName = str(ref['name']);
  const refNs = str(ref['namespace']) ?? ns;
  if (!refName) fail('error', 'spec.sourceRef.name is missing', ['spec', 'sourceRef']);
  const rawPath = scalarString(spec['path']) ?? '';
  const path = normRel(rawPath === '' ? '.' : rawPath);
  let remote: AppSpec['remote'];
  if (!refName) remote = { repoURL: '', reason: 'the Kustomization has no sourceRef' };
  else if (refKind === 'GitRepository') {
    const g = gitSource(refKind, refName, refNs, ['spec', 'sourceRef', 'name'], h, env);
    if (!g.local) remote = { repoURL: redactUrl(g.url), reason: `GitRepository ${refNs}/${refName} is another Git repository` };
  } else {
    const g = gitSource(refKind, refName, refNs, ['spec', 'sourceRef'], h, env);
    remote = { repoURL: redactUrl(g.url), reason: `${refKind} ${refNs}/${refName} is not a Git repository of this workspace` };
  }
  if (path === undefined) fail('error', `path "${rawPath}" must stay inside the source`, ['spec', 'path']);
  else if (!remote && !(await ctx.scan.dirExists(path))) fail('error', `path "${path}" does not exist in this repository`, ['spec', 'path']);
  if (spec['kubeConfig'] !== undefined) fail('warning', 'this Kustomization applies to a remote cluster (spec.kubeConfig); compare it with that cluster\'s context', ['spec', 'kubeConfig']);

  const postBuild = await fluxPostBuild(spec, h, env);
  const components = strList(spec['components'])?.map((c) => (path && !remote ? joinRel(path, c) ?? c : c));
  const source: AppSource = compact({
    type: 'kustomize' as const,
    path: path ?? rawPath,
    namePrefix: str(spec['namePrefix']),
    nameSuffix: str(spec['nameSuffix']),
    images: fluxImages(spec['images']),
    namespace: str(spec['targetNamespace']),
    patches: arr(spec['patches']),
    postBuild,
    components,
    commonMetadata: commonMetadata(spec['commonMetadata']),
  });
  const suspended = bool(spec['suspend']) === true;
  const ignore = fluxIgnoreRules(spec['ignore'], ['spec', 'ignore'], h);
  return compact({
    name: h.app,
    controller: 'flux' as const,
    declaredIn: { file: doc.file, line: doc.line },
    source,
    remote,
    destination: compact({ namespace: str(spec['targetNamespace']) }),
    owner: { kind: 'Kustomization', namespace: ns, name: h.name },
    ignoreDifferences: ignore.length ? ignore : undefined,
    // Flux applies and corrects drift on every interval unless suspended
    syncPolicy: { automated: !suspended, prune: bool(spec['prune']) === true, selfHeal: !suspended },
    dependsOn: dependsOn(spec, ns),
    suspended: suspended || undefined,
  });
}

/** Flux `images` entries in the `kustomize edit set image` form AppSource uses. */
function fluxImages(v: unknown): string[] | undefined {
  const list = arr(v)
    ?.map((i) => obj(i))
    .filter((i): i is Obj => !!i && typeof i['name'] === 'string')
    .map((i) => {
      const name = i['name'] as string;
      const newName = str(i['newName']);
      const digest = str(i['digest']);
      const tag = scalarString(i['newTag']);
      return `${newName ? `${name}=${newName}` : name}${digest ? `@${digest}` : tag ? `:${tag}` : ''}`;
    });
  return list?.length ? list : undefined;
}

function commonMetadata(v: unknown): { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined {
  const o = obj(v);
  return o ? compact({ labels: strMap(o['labels']), annotations: strMap(o['annotations']) }) : undefined;
}

/** `substitute` over `substituteFrom` (later references win), as kustomize-controller merges them. */
async function fluxPostBuild(spec: Obj, h: Head, env: FluxEnv): Promise<(AppSource & { type: 'kustomize' })['postBuild']> {
  const pb = obj(spec['postBuild']);
  if (!pb) return undefined;
  const vars: Record<string, string> = {};
  const sensitive = new Set<string>();
  for (const [i, r] of (arr(pb['substituteFrom']) ?? []).entries()) {
    const ref = obj(r);
    const kind = ref?.['kind'];
    const name = str(ref?.['name']);
    const at = ['spec', 'postBuild', 'substituteFrom', i];
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || !name) {
      h.fail('error', 'substituteFrom entries need kind (ConfigMap or Secret) and name', at);
      continue;
    }
    const found = await env.configs.find(kind, name, h.ns);
    if (!found) {
      if (bool(ref?.['optional']) !== true) h.fail('warning', `${kind} ${h.ns}/${name} (substituteFrom) is not declared in this repository; its variables are left empty`, at);
      continue;
    }
    if (found.encrypted) {
      h.fail('warning', `${kind} ${h.ns}/${name} (substituteFrom) is SOPS-encrypted; its variables are left empty`, at);
      continue;
    }
    for (const [k, v] of Object.entries(found.data)) {
      vars[k] = v;
      if (kind === 'Secret') sensitive.add(k);
      else sensitive.delete(k);
    }
  }
  for (const [k, v] of Object.entries(strMap(pb['substitute']) ?? {})) {
    vars[k] = v;
    sensitive.delete(k);
  }
  return compact({
    substitute: Object.keys(vars).length ? vars : undefined,
    substituteStrategy: str(pb['substituteStrategy']),
    sensitive: sensitive.size ? [...sensitive].sort() : undefined,
  });
}

