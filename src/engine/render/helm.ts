// Renders a Helm chart from the repository with `helm template`, as Argo CD's repo-server does:
// release name, namespace, value files relative to the chart, inline values, then --set /
// --set-string parameters (highest precedence), CRDs included. Each object is mapped back to
// its template through helm's `# Source: <chart>/templates/x.yaml` comment.

import { cp, lstat, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { MAX_MANIFEST_BYTES, parseManifests, parseYamlFile } from '../manifests/index.js';
import type { EngineProblem, RenderedObject, SourceLocation } from '../types.js';
import { findHelm } from './helm-binary.js';
import { helmErrorLocation, reduceHelmError } from './helm-errors.js';
import { mapHelmValues } from './helm-values-map.js';
import { toRepoName } from './kustomize-graph.js';
import { runTool } from './run.js';
import type { RenderResult } from './types.js';

export interface HelmOptions {
  releaseName: string;
  namespace?: string;
  /** relative to the chart folder, as in an Argo CD Application */
  valueFiles?: string[];
  /** inline values (an object, or YAML text): after the value files */
  values?: unknown;
  parameters?: Array<{ name: string; value: string; forceString?: boolean }>;
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  /** skip value files that do not exist (Argo CD `ignoreMissingValueFiles`) */
  ignoreMissingValueFiles?: boolean;
  /** Flux `valuesFiles`: the listed files replace the chart's own values.yaml */
  valueFilesReplaceChartValues?: boolean;
  declaredIn?: SourceLocation;
  app?: string;
  timeoutMs?: number;
  /** the helm binary (default: findHelm()) */
  helm?: string;
}

export async function renderHelm(chartDir: string, repoRoot: string, opts: HelmOptions, signal: AbortSignal): Promise<RenderResult> {
  const chart = toRepoName(repoRoot, chartDir) || '.';
  const where: SourceLocation = opts.declaredIn ?? { file: `${chart}/Chart.yaml`, line: 1 };
  const fail = (message: string, location: SourceLocation = where): RenderResult => ({
    objects: [],
    problems: [{ severity: 'error', message, location, ...(opts.app ? { app: opts.app } : {}) }],
  });
  if (!(await isFile(join(chartDir, 'Chart.yaml')))) return fail(`${chart} has no Chart.yaml: it is not a Helm chart`);
  // helm follows symlinks; Argo CD refuses a repository with links that leave it: so does Plumb,
  // before a file from elsewhere (a kubeconfig, a key) could become a template.
  const escape = await symlinkOutside(chartDir, repoRoot);
  if (escape) return fail(`${toRepoName(repoRoot, escape)} is a symlink to a path outside the repository: the chart is not rendered`, { file: toRepoName(repoRoot, escape), line: 1 });
  const helm = opts.helm ?? (await findHelm());
  if (!helm) return fail('helm is not available: run npm install (it extracts helm), or set PLUMB_HELM');

  const args = ['template', opts.releaseName, chartDir, '--namespace', opts.namespace || 'default'];
  if (opts.includeCrds !== false) args.push('--include-crds');
  if (opts.kubeVersion) args.push('--kube-version', opts.kubeVersion);
  for (const v of opts.apiVersions ?? []) args.push('--api-versions', v);
  for (const f of opts.valueFiles ?? []) {
    if (/^[a-z]+:\/\//i.test(f)) return fail(`values file ${f} is remote: it is not available offline`);
    if (f.startsWith('$')) return fail(`values file ${f} refers to another source of a multi-source app: not supported`);
    const abs = resolve(chartDir, f);
    const rel = relative(repoRoot, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) return fail(`values file ${f} is outside the repository`);
    if (!(await isFile(abs))) {
      if (opts.ignoreMissingValueFiles) continue;
      return fail(`values file ${f} does not exist in ${chart}`);
    }
    args.push('--values', abs);
  }
  const hasValues = opts.values !== undefined && opts.values !== null && opts.values !== '';
  const replaceValues = opts.valueFilesReplaceChartValues === true && (opts.valueFiles?.length ?? 0) > 0;
  // helm names a broken values file only by its line in a converted copy: read them first.
  const valueFiles = args.filter((_, i) => args[i - 1] === '--values');
  if (!replaceValues) valueFiles.unshift(join(chartDir, 'values.yaml'));
  for (const abs of valueFiles) {
    const bad = await valuesProblems(abs, toRepoName(repoRoot, abs));
    if (bad.length) return { objects: [], problems: bad.map((p) => ({ ...p, ...(opts.app ? { app: opts.app } : {}) })) };
  }
  const tmp = hasValues || replaceValues ? await mkdtemp(join(tmpdir(), 'plumb-helm-')) : undefined;
  try {
    if (tmp && replaceValues) {
      // Flux renders with only the listed values files: a copy of the chart with an empty values.yaml.
      const copy = join(tmp, 'chart');
      await cp(chartDir, copy, { recursive: true });
      await writeFile(join(copy, 'values.yaml'), '');
      args[2] = copy;
    }
    if (tmp && hasValues) {
      // Inline values may hold secrets: the file is private and removed right after the run.
      const file = join(tmp, 'values.yaml');
      await writeFile(file, typeof opts.values === 'string' ? opts.values : stringify(opts.values), { mode: 0o600 });
      args.push('--values', file);
    }
    for (const p of opts.parameters ?? []) args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${escapeSetValue(p.value)}`);
    const res = await runTool(helm, args, signal, { cwd: chartDir, env: helmEnv(), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
    signal.throwIfAborted();
    if (res.spawnError) return fail(`helm is not available (${res.spawnError.code ?? res.spawnError.message}): run npm install, or set PLUMB_HELM`);
    if (res.stopped === 'timeout') return fail(`helm template of ${chart} timed out`);
    if (res.tooLarge) return fail(`helm template of ${chart} produced more output than Plumb reads (256 MiB)`);
    if (res.code !== 0) {
      const err = reduceHelmError(res.stderr);
      return fail(`helm template of ${chart} failed: ${err.message}`, helmErrorLocation(err, (p) => `${chart}/${p}`, where));
    }
    const out = await mapOutput(res.stdout, chartDir, chart, opts.app);
    await mapHelmValues(out.objects, { chartDir, repoRoot, valueFiles, ...(opts.declaredIn ? { declaredIn: opts.declaredIn } : {}), inlineValues: opts.values, ...(opts.parameters ? { parameters: opts.parameters } : {}) });
    return out;
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

/** Argo CD escapes commas in --set values (helm would split on them) unless the value is a `{list}`. */
export function escapeSetValue(v: string): string {
  if (v.startsWith('{') && v.endsWith('}')) return v;
  return v.replace(/(?<!\\),/g, '\\,');
}

/** Keeps helm away from the user's repositories and registry logins: local charts need neither. */
function helmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.HELM_KUBECONTEXT;
  return env;
}

async function mapOutput(stdout: string, chartDir: string, chart: string, app: string | undefined): Promise<RenderResult> {
  const objects: RenderedObject[] = [];
  const problems: EngineProblem[] = [];
  const seen = new Map<string, number>();
  const starts = new Map<string, number[]>();
  for (const text of stdout.split(/^---[ \t]*$/m)) {
    if (!text.trim()) continue;
    const src = /^# Source: [^/\n]+\/(.+)$/m.exec(text)?.[1]?.trim();
    const file = src ? `${chart}/${src}` : `${chart} (helm output)`;
    const parsed = parseManifests(text, file, { locate: false });
    for (const p of parsed.problems) problems.push({ ...p, message: `rendered ${p.message}`, ...(app ? { app } : {}) });
    if (!parsed.docs.length) continue;
    let location: SourceLocation = { file, line: 1 };
    if (src) {
      const k = seen.get(src) ?? 0;
      seen.set(src, k + 1);
      let lines = starts.get(src);
      if (!lines) {
        lines = await templateDocumentLines(join(chartDir, src));
        starts.set(src, lines);
      }
      location = { file, line: lines[Math.min(k, lines.length - 1)] ?? 1 };
    }
    for (const d of parsed.docs) objects.push({ object: d.object, source: location });
  }
  return { objects, problems };
}

/** The first line of each document of a template (its first top-level key, or the `---` after). */
async function templateDocumentLines(file: string): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [1];
  }
  // Template actions and comments can span lines: blank them out, keeping the line count.
  text = text.replace(/\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, ' '));
  const out: number[] = [];
  let segmentStart = 1;
  let found = false;
  text.split('\n').forEach((line, i) => {
    if (/^---/.test(line)) {
      if (!found && i > 0) out.push(segmentStart);
      segmentStart = i + 2;
      found = false;
    } else if (!found && /^[A-Za-z"']/.test(line)) {
      out.push(i + 1);
      found = true;
    }
  });
  if (!found && out.length === 0) out.push(segmentStart);
  return out;
}

/** YAML errors of a values file (none when it is absent), each with its file and line. */
async function valuesProblems(abs: string, file: string): Promise<EngineProblem[]> {
  let text: string;
  try {
    if ((await stat(abs)).size > MAX_MANIFEST_BYTES) return [{ severity: 'error', message: `values file is larger than ${MAX_MANIFEST_BYTES / 2 ** 20} MiB`, location: { file, line: 1 } }];
    text = await readFile(abs, 'utf8');
  } catch {
    return [];
  }
  const parsed = parseYamlFile(text, file);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (!errors.length && parsed.value !== undefined && parsed.value !== null && (typeof parsed.value !== 'object' || Array.isArray(parsed.value))) {
    return [{ severity: 'error', message: 'values file must be a YAML mapping (key: value)', location: { file, line: 1 } }];
  }
  return errors.map((p) => ({ ...p, message: `values file: ${p.message}` }));
}

/** The first symlink under `dir` whose target is outside the repository (or is dangling outside it). */
async function symlinkOutside(dir: string, repoRoot: string): Promise<string | undefined> {
  const root = await realpath(repoRoot).catch(() => repoRoot);
  const leaves = (p: string) => { const r = relative(root, p); return r === '..' || r.startsWith('..' + sep) || isAbsolute(r); };
  const visit = async (folder: string, depth: number): Promise<string | undefined> => {
    if (depth > 32) return undefined;
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const abs = join(folder, e.name);
      if (e.isSymbolicLink()) {
        // a dangling link is judged by where it points
        const target = await realpath(abs).catch(async () => resolve(folder, await readlink(abs).catch(() => '.')));
        if (leaves(target)) return abs;
      } else if (e.isDirectory()) {
        const found = await visit(abs, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  // the chart folder itself may be reached through a link
  if ((await lstat(dir).catch(() => undefined))?.isSymbolicLink() && leaves(await realpath(dir).catch(() => dir))) return dir;
  return visit(dir, 0);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
