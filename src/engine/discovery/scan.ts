// One pass over the working tree: every file and folder (for generators and path checks), and the
// parsed YAML documents that can declare apps. Only files that mention an Argo CD or Flux API
// group are parsed, so a large repository costs a directory walk and a regex per YAML file.

import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineProblem } from '../types.js';
import { decodeManifestBytes } from '../manifests/index.js';
import { mapLimit } from './limit.js';
import { baseOf, dirOf, isYamlFile, KUSTOMIZATION_FILES } from './paths.js';
import { isObj, str } from './values.js';
import { parseConfigFile, parseObjects, type YamlDoc } from './yaml-docs.js';

/** Files above this size are never read by discovery (generated CRD bundles and the like). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

const SKIP_DIRS = new Set(['node_modules']);
const GITOPS_TEXT = /\b(?:argoproj\.io|toolkit\.fluxcd\.io)\//;
const CONFIG_TEXT = /^kind:\s*["']?(?:ConfigMap|Secret)["']?\s*$/m;
const GITOPS_API = /^(?:argoproj\.io|[a-z]+\.toolkit\.fluxcd\.io)\//;

export interface KustomizationFile { dir: string; file: string; doc?: YamlDoc }

export interface RepoScan {
  root: string;
  /** every file, repository-relative */
  files: ReadonlySet<string>;
  /** every folder except the root */
  dirs: ReadonlySet<string>;
  /** documents whose apiVersion is an Argo CD or Flux group */
  gitopsDocs: YamlDoc[];
  /** kustomize kustomization files by folder */
  kustomizations: Map<string, KustomizationFile>;
  /** YAML files that may hold ConfigMaps or Secrets (read on demand) */
  configCandidates: string[];
  problems: EngineProblem[];
  readText(rel: string): Promise<string | undefined>;
  /** whether a folder exists, also inside the folders the walk skips (hidden ones, node_modules) */
  dirExists(rel: string): Promise<boolean>;
}

export interface ScanOptions {
  signal: AbortSignal;
  /** extra folders never walked (repository-relative prefixes or predicates) */
  skip?: (rel: string) => boolean;
}

async function readHead(abs: string, bytes = 64 * 1024): Promise<string> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(abs, 'r');
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.toString('utf8', 0, bytesRead);
  } catch {
    return '';
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

export async function scanRepo(root: string, opts: ScanOptions): Promise<RepoScan> {
  const { signal } = opts;
  const files = new Set<string>();
  const dirs = new Set<string>();

  // Breadth-first walk with bounded fan-out; hidden folders (.git, .github…) and symlinks are skipped.
  let level = ['.'];
  while (level.length > 0) {
    signal.throwIfAborted();
    const children = await mapLimit(level, 16, async (dir) => {
      const abs = dir === '.' ? root : join(root, dir);
      const entries = await readdir(abs, { withFileTypes: true }).catch(() => []);
      const sub: string[] = [];
      for (const e of entries) {
        const rel = dir === '.' ? e.name : `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (e.name.startsWith('.') || SKIP_DIRS.has(e.name) || opts.skip?.(rel)) continue;
          dirs.add(rel);
          sub.push(rel);
        } else if (e.isFile()) {
          files.add(rel);
        }
      }
      return sub;
    });
    level = children.flat();
  }

  const chartDirs = [...files].filter((f) => baseOf(f) === 'Chart.yaml').map(dirOf);
  const inChartTemplates = (f: string): boolean =>
    chartDirs.some((c) => f.startsWith(c === '.' ? 'templates/' : `${c}/templates/`));

  const oversized = new Map<string, number>();
  const undecodable = new Map<string, EngineProblem>();
  // one open per file: the size check uses the handle, not a second path lookup
  const readText = async (rel: string): Promise<string | undefined> => {
    let fh: FileHandle | undefined;
    try {
      fh = await open(join(root, rel), 'r');
      const s = await fh.stat();
      if (s.isFile() && s.size > MAX_FILE_BYTES) oversized.set(rel, s.size);
      if (!s.isFile() || s.size > MAX_FILE_BYTES) return undefined;
      const buf = Buffer.allocUnsafe(s.size);
      let off = 0;
      while (off < s.size) {
        const { bytesRead } = await fh.read(buf, off, s.size - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      // UTF-16 is converted; other non-UTF-8 text is kept (lossy) for the callers, and the
      // problem is reported if the file turns out to declare apps
      const decoded = decodeManifestBytes(buf.subarray(0, off), rel, MAX_FILE_BYTES);
      if (decoded.problem) undecodable.set(rel, decoded.problem);
      return decoded.text ?? buf.toString('utf8', 0, off);
    } catch {
      return undefined;
    } finally {
      await fh?.close().catch(() => undefined);
    }
  };

  const gitopsDocs: YamlDoc[] = [];
  const kustomizations = new Map<string, KustomizationFile>();
  const configCandidates: string[] = [];
  const problems: EngineProblem[] = [];

  const yamlFiles = [...files].filter((f) => (isYamlFile(f) || baseOf(f) === 'Kustomization') && !inChartTemplates(f)).sort();
  await mapLimit(yamlFiles, 32, async (file) => {
    signal.throwIfAborted();
    const isKust = KUSTOMIZATION_FILES.includes(baseOf(file));
    const text = await readText(file);
    if (text === undefined) {
      // An app declared in such a file would silently be missing: when its head names an
      // Argo CD or Flux API, say the file was not read.
      const size = oversized.get(file);
      if (size !== undefined && GITOPS_TEXT.test(await readHead(join(root, file)))) problems.push({ severity: 'warning', message: `not read for Argo CD / Flux apps: the file is ${(size / 2 ** 20).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 2 ** 20} MiB discovery limit`, location: { file, line: 1 } });
      return;
    }
    if (CONFIG_TEXT.test(text)) configCandidates.push(file);
    if (!isKust && !GITOPS_TEXT.test(text)) return;
    const notUtf8 = undecodable.get(file);
    if (notUtf8 && !isKust) {
      problems.push(notUtf8);
      return;
    }
    if (isKust) {
      // problems in kustomization files are the renderer's to report
      const { doc } = parseConfigFile(text, file);
      if (!(isObj(doc?.value) && GITOPS_API.test(str(doc.value['apiVersion']) ?? ''))) {
        const dir = dirOf(file);
        // kustomize refuses a folder with two kustomization files; keep the one it reads first
        const prev = kustomizations.get(dir);
        if (!prev || KUSTOMIZATION_FILES.indexOf(baseOf(file)) < KUSTOMIZATION_FILES.indexOf(baseOf(prev.file))) {
          kustomizations.set(dir, { dir, file, doc });
        }
        return;
      }
    }
    const parsed = parseObjects(text, file);
    problems.push(...parsed.problems);
    for (const doc of parsed.docs) {
      if (!isObj(doc.value)) continue;
      const api = str(doc.value['apiVersion']);
      if (api && GITOPS_API.test(api)) gitopsDocs.push(doc);
    }
  });
  // deterministic order whatever the I/O order was
  gitopsDocs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.index - b.index));
  configCandidates.sort();
  const dirExists = async (rel: string): Promise<boolean> => {
    if (rel === '.' || dirs.has(rel)) return true;
    // only paths through a skipped folder are worth a system call
    if (!rel.split('/').some((seg) => seg.startsWith('.') || SKIP_DIRS.has(seg)) && !opts.skip) return false;
    return stat(join(root, rel)).then((s) => s.isDirectory(), () => false);
  };
  return { root, files, dirs, gitopsDocs, kustomizations, configCandidates, problems, readText, dirExists };
}
