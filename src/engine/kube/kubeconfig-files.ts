// Reading and merging kubeconfig files the way kubectl does (client-go clientcmd loading rules):
// KUBECONFIG lists several files; for clusters, users and contexts the first file that defines a
// name wins; current-context comes from the first file that sets it. Missing files in KUBECONFIG
// are skipped; an explicit --kubeconfig file must exist.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import YAML, { LineCounter, isMap, isSeq, type Document, type Node } from 'yaml';
import type { EngineProblem } from '../types.js';

/** One named entry (cluster, user or context) with the file it came from. */
export interface Entry<T> {
  name: string;
  value: T;
  file: string;
  /** 1-based line of the entry in its file */
  line?: number;
}

export interface RawCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  extensions?: Array<{ name?: string; extension?: unknown }>;
}

export interface RawExec {
  command?: string;
  args?: string[];
  env?: Array<{ name?: string; value?: string }> | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

export interface RawUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
  exec?: RawExec;
  'auth-provider'?: { name?: string; config?: Record<string, string> };
  as?: string;
  'as-uid'?: string;
  'as-groups'?: string[];
  'as-user-extra'?: Record<string, string[]>;
}

export interface RawContext { cluster?: string; user?: string; namespace?: string }

export interface MergedKubeconfig {
  files: string[];
  clusters: Map<string, Entry<RawCluster>>;
  users: Map<string, Entry<RawUser>>;
  contexts: Map<string, Entry<RawContext>>;
  currentContext?: { name: string; file: string };
  problems: EngineProblem[];
}

/** The files kubectl would read, in order, and whether a missing one is an error. */
export function kubeconfigFiles(env: Record<string, string | undefined>, explicitPath?: string, cwd = process.cwd()): { files: string[]; required: boolean } {
  if (explicitPath) return { files: [resolvePath(cwd, explicitPath)], required: true };
  const list = env['KUBECONFIG'];
  if (list && list.trim()) {
    const sep = process.platform === 'win32' ? ';' : ':';
    const seen = new Set<string>();
    const files: string[] = [];
    for (const p of list.split(sep)) {
      if (!p.trim()) continue;
      const abs = resolvePath(cwd, p.trim());
      if (!seen.has(abs)) { seen.add(abs); files.push(abs); }
    }
    return { files, required: false };
  }
  const home = env['HOME'] || env['USERPROFILE'] || '';
  return { files: home ? [resolvePath(home, '.kube', 'config')] : [], required: false };
}

/** Reads and merges the files; problems name the file (and line when known). */
export async function readKubeconfigs(files: string[], required: boolean): Promise<MergedKubeconfig> {
  const merged: MergedKubeconfig = { files: [], clusters: new Map(), users: new Map(), contexts: new Map(), problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !required) continue;
      merged.problems.push({ severity: 'error', message: `cannot read kubeconfig ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, location: { file, line: 1 } });
      continue;
    }
    merged.files.push(file);
    mergeFile(merged, file, text);
  }
  return merged;
}

function mergeFile(merged: MergedKubeconfig, file: string, text: string): void {
  const lc = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const line = lc.linePos(err.pos[0]).line;
      merged.problems.push({ severity: 'error', message: `kubeconfig ${file} is not valid YAML: ${err.message.split('\n')[0]}`, location: { file, line } });
    }
    return;
  }
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return; // an empty file is an empty config, as for kubectl
  if (typeof root !== 'object' || Array.isArray(root)) {
    merged.problems.push({ severity: 'error', message: `kubeconfig ${file} is not a kubeconfig: expected a mapping with clusters, users and contexts`, location: { file, line: 1 } });
    return;
  }
  const r = root as Record<string, unknown>;
  const lineOf = (path: (string | number)[]) => lineAt(doc, lc, path);
  const take = <T>(key: 'clusters' | 'users' | 'contexts', inner: 'cluster' | 'user' | 'context', into: Map<string, Entry<T>>) => {
    const list = r[key];
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      merged.problems.push({ severity: 'error', message: `kubeconfig ${file}: "${key}" must be a list`, location: { file, line: lineOf([key]) ?? 1 } });
      return;
    }
    list.forEach((item: unknown, i) => {
      const rec = item as Record<string, unknown> | null;
      const name = rec && typeof rec === 'object' ? rec['name'] : undefined;
      if (typeof name !== 'string' || !name) {
        merged.problems.push({ severity: 'warning', message: `kubeconfig ${file}: entry ${i + 1} of "${key}" has no name and is ignored`, location: { file, line: lineOf([key, i]) ?? 1 } });
        return;
      }
      const value = rec![inner];
      if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
        merged.problems.push({ severity: 'error', message: `kubeconfig ${file}: ${inner} "${name}" must be a mapping`, location: { file, line: lineOf([key, i, inner]) ?? 1 } });
        return;
      }
      if (into.has(name)) return; // first file wins per name
      into.set(name, { name, value: (value ?? {}) as T, file, line: lineOf([key, i]) });
    });
  };
  take<RawCluster>('clusters', 'cluster', merged.clusters);
  take<RawUser>('users', 'user', merged.users);
  take<RawContext>('contexts', 'context', merged.contexts);
  const cur = r['current-context'];
  if (!merged.currentContext && typeof cur === 'string' && cur) merged.currentContext = { name: cur, file };
}

function lineAt(doc: Document, lc: LineCounter, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node)) node = node.get(key as number, true);
    else return undefined;
  }
  const range = (node as Node | undefined)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

/** kubectl resolves relative file references against the directory of the file that holds them. */
export function resolveRef(p: string, file: string): string {
  return isAbsolute(p) ? p : resolvePath(dirname(file), p);
}
