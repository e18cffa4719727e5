// `.plumb.yaml` at the repository root: Plumb's own settings for a repository.
//
//   repoURLs: [https://github.com/example/shop.git]  # more URLs that mean this repository (forks, mirrors)
//   apps:                                            # plain folders deployed without Argo CD or Flux
//     - name: redis                                  # required, unique among the entries
//       path: infra                                  # required, a folder of this repository
//       namespace: infra                             # default namespace of its objects
//       context: kind-shop                           # kube context to compare against
//       recurse: true                                # plain YAML folders: include sub-folders (default true)
//       include: '*.yaml'                            # plain YAML folders: Argo CD directory include/exclude globs
//       valueFiles: [values-dev.yaml]                # Helm chart folders: values files, relative to the chart
//       releaseName: redis                           # Helm chart folders: release name (default: the app name)
//       ignore: [...]                                # ignore rules for this app only
//       autoSync: true                               # `plumb reconcile` re-syncs it when it drifts (default false)
//       prune: true                                  # ...and may prune objects that left Git (default false)
//       syncOptions: [CreateNamespace=true]          # Argo CD sync options for `plumb sync`
//   ignore: [...]                                    # rules for every app (Argo CD ignoreDifferences syntax)
//   protectedContexts: [prod]                        # contexts where Plumb confirms before writing
//   discover:
//     plain: true                                    # list kustomize folders no Argo CD / Flux app covers
//     exclude: [vendor/**]                           # folders never scanned

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineProblem, SourceLocation } from '../types.js';
import { braceGlobMatcher } from './glob.js';
import { readIgnoreRules, type LocatedIgnore } from './ignore-rules.js';
import { normRel } from './paths.js';
import { arr, bool, compact, obj, str, type Obj } from './values.js';
import { parseConfigFile, type FieldPath, type YamlDoc } from './yaml-docs.js';

export const CONFIG_FILE = '.plumb.yaml';

export interface PlumbAppEntry {
  name: string;
  path: string;
  namespace?: string;
  context?: string;
  recurse?: boolean;
  include?: string;
  exclude?: string;
  valueFiles?: string[];
  releaseName?: string;
  autoSync?: boolean;
  prune?: boolean;
  syncOptions?: string[];
  ignore: LocatedIgnore[];
  location: SourceLocation;
  /** where `path` is written, for problems about the folder */
  pathLocation: SourceLocation;
}

export interface PlumbConfig {
  /** the file, when the repository has one */
  file?: string;
  repoURLs: string[];
  apps: PlumbAppEntry[];
  /** rules for every app, each with the line that declares it */
  ignore: LocatedIgnore[];
  protectedContexts: string[];
  discover: { plain: boolean; exclude: string[] };
}

export const emptyConfig = (): PlumbConfig => ({ repoURLs: [], apps: [], ignore: [], protectedContexts: [], discover: { plain: true, exclude: [] } });

const TOP_KEYS = ['repoURLs', 'apps', 'ignore', 'protectedContexts', 'discover'];
const APP_KEYS = ['name', 'path', 'namespace', 'context', 'recurse', 'include', 'exclude', 'valueFiles', 'releaseName', 'ignore', 'autoSync', 'prune', 'syncOptions'];
const DISCOVER_KEYS = ['plain', 'exclude'];
const APP_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** Reads and validates `.plumb.yaml`; a missing file is not a problem. */
export async function loadPlumbConfig(repoRoot: string, signal: AbortSignal): Promise<{ config: PlumbConfig; problems: EngineProblem[] }> {
  signal.throwIfAborted();
  let text: string;
  try {
    text = await readFile(join(repoRoot, CONFIG_FILE), { encoding: 'utf8', signal });
  } catch (e) {
    signal.throwIfAborted();
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { config: emptyConfig(), problems: [] };
    return { config: emptyConfig(), problems: [{ severity: 'error', message: `cannot read ${CONFIG_FILE}: ${(e as Error).message}`, location: { file: CONFIG_FILE, line: 1 } }] };
  }
  return parsePlumbConfig(text);
}

/** Validates the text of a `.plumb.yaml`; every problem names the file and line. */
export function parsePlumbConfig(text: string, file = CONFIG_FILE): { config: PlumbConfig; problems: EngineProblem[] } {
  const config = emptyConfig();
  config.file = file;
  const parsed = parseConfigFile(text, file);
  const problems = [...parsed.problems];
  const doc = parsed.doc;
  if (!doc) return { config, problems };
  const err = (message: string, at: FieldPath, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ severity, message, location: doc.locate(at) });
  };
  const root = obj(doc.value);
  if (!root) {
    err(`${file} must be a map with apps, ignore, protectedContexts…`, []);
    return { config, problems };
  }
  unknownKeys(root, TOP_KEYS, [], err);

  config.repoURLs = stringList(root, 'repoURLs', [], err);
  config.protectedContexts = stringList(root, 'protectedContexts', [], err);
  config.ignore = readIgnoreRules(root['ignore'], ['ignore'], doc.locate, problems);

  const discover = root['discover'];
  if (discover !== undefined && discover !== null) {
    const d = obj(discover);
    if (!d) err('discover must be a map with plain and exclude', ['discover']);
    else {
      unknownKeys(d, DISCOVER_KEYS, ['discover'], err);
      if (d['plain'] !== undefined) {
        if (typeof d['plain'] !== 'boolean') err('discover.plain must be true or false', ['discover', 'plain']);
        else config.discover.plain = d['plain'];
      }
      config.discover.exclude = stringList(d, 'exclude', ['discover'], err);
    }
  }

  const apps = root['apps'];
  if (apps !== undefined && apps !== null) {
    const list = arr(apps);
    if (!list) err('apps must be a list of {name, path}', ['apps']);
    else {
      const seen = new Map<string, SourceLocation>();
      list.forEach((item, i) => {
        const entry = readApp(doc, item, i, err, problems);
        if (!entry) return;
        const first = seen.get(entry.name);
        if (first) {
          err(`app "${entry.name}" is already declared at line ${first.line}`, ['apps', i, 'name']);
          return;
        }
        seen.set(entry.name, entry.location);
        config.apps.push(entry);
      });
    }
  }
  return { config, problems };
}

type Report = (message: string, at: FieldPath, severity?: 'error' | 'warning') => void;

function readApp(doc: YamlDoc, item: unknown, i: number, err: Report, problems: EngineProblem[]): PlumbAppEntry | undefined {
  const at: FieldPath = ['apps', i];
  const o = obj(item);
  if (!o) {
    err(`apps[${i}] must be a map with name and path`, at);
    return undefined;
  }
  unknownKeys(o, APP_KEYS, at, err);
  const name = o['name'];
  if (typeof name !== 'string' || name === '') {
    err(`apps[${i}] needs a name`, at);
    return undefined;
  }
  if (!APP_NAME.test(name)) {
    err(`app name "${name}" may only contain letters, digits, ".", "_" and "-"`, [...at, 'name']);
    return undefined;
  }
  const rawPath = o['path'];
  if (typeof rawPath !== 'string' || rawPath === '') {
    err(`app "${name}" needs a path (a folder of this repository)`, at);
    return undefined;
  }
  const path = normRel(rawPath);
  if (!path) {
    err(`app "${name}": path "${rawPath}" must be relative to the repository root and stay inside it`, [...at, 'path']);
    return undefined;
  }
  for (const k of ['namespace', 'context', 'include', 'exclude', 'releaseName']) {
    if (o[k] !== undefined && typeof o[k] !== 'string') err(`${k} must be a string`, [...at, k]);
  }
  for (const k of ['recurse', 'autoSync', 'prune']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') err(`${k} must be true or false`, [...at, k]);
  }
  const ignore = readIgnoreRules(o['ignore'], [...at, 'ignore'], doc.locate, problems, name);
  for (const k of ['include', 'exclude']) {
    const g = str(o[k]);
    if (g) {
      try {
        braceGlobMatcher(g);
      } catch {
        err(`${k} "${g}" is not a valid glob`, [...at, k]);
      }
    }
  }
  return compact({
    name,
    path,
    namespace: str(o['namespace']),
    context: str(o['context']),
    recurse: bool(o['recurse']),
    include: str(o['include']),
    exclude: str(o['exclude']),
    valueFiles: o['valueFiles'] === undefined ? undefined : stringList(o, 'valueFiles', at, err),
    releaseName: str(o['releaseName']),
    autoSync: bool(o['autoSync']),
    prune: bool(o['prune']),
    syncOptions: o['syncOptions'] === undefined ? undefined : stringList(o, 'syncOptions', at, err),
    ignore,
    location: doc.locate(at),
    pathLocation: doc.locate([...at, 'path']),
  });
}

function stringList(o: Obj, key: string, at: FieldPath, err: Report): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    err(`${key} must be a list of strings`, [...at, key]);
    return [];
  }
  const out: string[] = [];
  v.forEach((x, i) => {
    if (typeof x === 'string' && x !== '') out.push(x);
    else err(`${key}[${i}] must be a non-empty string`, [...at, key, i]);
  });
  return out;
}

function unknownKeys(o: Obj, known: string[], at: FieldPath, err: Report): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k)) continue;
    const near = known.find((c) => distance(c.toLowerCase(), k.toLowerCase()) <= 2);
    err(`unknown field "${k}"${near ? ` (did you mean "${near}"?)` : ` (known: ${known.join(', ')})`}`, [...at, k], 'warning');
  }
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

