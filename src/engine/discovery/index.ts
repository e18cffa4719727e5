// discoverApps: the applications declared in a workspace (a Git working tree), from Argo CD
// Applications and ApplicationSets, Flux Kustomizations and HelmReleases, `.plumb.yaml` and
// plain kustomize folders. Problems with user files come back as EngineProblems; only an
// abort rejects.

import type { AppSpec, EngineProblem } from '../types.js';
import { argoApplication, isArgoApplication } from './argo.js';
import { expandApplicationSet, isApplicationSet } from './appset.js';
import { loadPlumbConfig, type PlumbConfig } from './config.js';
import { ConfigObjects } from './config-objects.js';
import type { DiscoveryContext } from './context.js';
import { fluxKustomization, FluxSources, helmRelease, isFluxKustomization, isHelmRelease } from './flux.js';
import { normalizeRepoUrl, readGitRemotes, repoMatcher, type GitRemotes } from './git-remote.js';
import { braceGlobMatcher } from './glob.js';
import { linkChildren } from './tree.js';
import { reportDuplicateNames } from './names.js';
import { reportDependencyCycles } from './depends.js';
import { configuredApps, discoverPlainFolders } from './plain.js';
import { scanRepo } from './scan.js';

export { normalizeRepoUrl, sameRepo, repoMatcher, readGitRemotes } from './git-remote.js';
export { loadPlumbConfig, parsePlumbConfig, CONFIG_FILE, type PlumbConfig, type PlumbAppEntry } from './config.js';
export type { LocatedIgnore } from './ignore-rules.js';

export interface DiscoverOptions {
  signal: AbortSignal;
  /** the repository's remote URLs; read from `git config` when omitted */
  remoteUrls?: string[];
}

export interface DiscoveryResult {
  apps: AppSpec[];
  problems: EngineProblem[];
  /** `.plumb.yaml` as read (defaults when the repository has none) */
  config: PlumbConfig;
}

export async function discoverApps(repoRoot: string, opts: DiscoverOptions): Promise<DiscoveryResult> {
  const { signal } = opts;
  signal.throwIfAborted();
  const [{ config, problems: configProblems }, remotes] = await Promise.all([
    loadPlumbConfig(repoRoot, signal),
    opts.remoteUrls ? Promise.resolve<GitRemotes>({ urls: opts.remoteUrls }) : readGitRemotes(repoRoot, signal),
  ]);
  const problems: EngineProblem[] = [...configProblems];
  if (remotes.problem) problems.push(remotes.problem);

  const excludes = config.discover.exclude.map(braceGlobMatcher);
  const scan = await scanRepo(repoRoot, { signal, skip: excludes.length ? (rel) => excludes.some((m) => m(rel) || m(`${rel}/`)) : undefined });
  problems.push(...scan.problems.sort((a, b) => (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0)));

  const isKnownRepo = repoMatcher([...remotes.urls, ...config.repoURLs]);
  let urlMatches = 0;
  const ctx: DiscoveryContext = {
    scan,
    problems,
    signal,
    isThisRepo: (url) => {
      const yes = isKnownRepo(url);
      if (yes) urlMatches++;
      return yes;
    },
  };

  const apps: AppSpec[] = [];
  const sources = new FluxSources(scan.gitopsDocs, ctx);
  const env = { ctx, sources, configs: new ConfigObjects(scan) };
  for (const doc of scan.gitopsDocs) {
    signal.throwIfAborted();
    const v = doc.value;
    if (isArgoApplication(v)) {
      const app = await argoApplication({ value: v, doc, base: [], declaredIn: { file: doc.file, line: doc.line } }, ctx);
      if (app) apps.push(app);
    } else if (isApplicationSet(v)) {
      apps.push(...(await expandApplicationSet(doc, ctx)));
    } else if (isFluxKustomization(v)) {
      const app = await fluxKustomization(doc, env);
      if (app) apps.push(app);
    } else if (isHelmRelease(v)) {
      const app = await helmRelease(doc, env);
      if (app) apps.push(app);
    }
  }
  apps.push(...(await configuredApps(config.apps, ctx)));
  if (config.discover.plain) {
    apps.push(...discoverPlainFolders(scan, apps, new Set(scan.gitopsDocs.map((d) => d.file))));
  }
  linkChildren(apps, scan, problems);
  reportDuplicateNames(apps, problems);
  reportDependencyCycles(apps, problems);
  if (urlMatches === 0) hintUnknownRemotes(apps, scan.dirs, problems, remotes.urls.length);
  return { apps, problems, config };
}

/**
 * When no repoURL matched this repository, yet some point at folders that exist here, the
 * remote is probably missing or different (a fork, a mirror): say how to fix it, once per URL.
 */
function hintUnknownRemotes(apps: AppSpec[], dirs: ReadonlySet<string>, problems: EngineProblem[], remoteCount: number): void {
  const seen = new Set<string>();
  for (const app of apps) {
    const r = app.remote;
    const path = app.source.path;
    if (!r?.repoURL || !path || path === '.' || !dirs.has(path) || (app.source.type === 'helm' && app.source.chart)) continue;
    const key = normalizeRepoUrl(r.repoURL);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    problems.push({
      severity: 'warning',
      message: `${r.repoURL} is not ${remoteCount ? 'a remote of this repository' : 'known: this repository has no git remote'}, yet the paths its apps use exist here; if it is this repository, add it to repoURLs in .plumb.yaml`,
      location: app.declaredIn,
      app: app.name,
    });
  }
}
