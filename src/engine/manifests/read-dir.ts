// Reads the manifests of a folder the way Argo CD's directory source does: .yaml/.yml/.json files
// in lexical order, optionally recursive, filtered by include/exclude globs on the path relative
// to the folder, files marked `+argocd:skip-file-rendering` left out.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { EngineProblem } from '../types.js';
import { decodeManifestBytes, tooLargeProblem } from './decode.js';
import { globToRegExp } from './glob.js';
import { parseManifests, type ParsedDoc } from './parse.js';
import { MAX_MANIFEST_BYTES } from './yaml-options.js';

export interface ReadDirOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
  /** file names in locations are relative to this folder (the repository root); default: `dir` */
  relativeTo?: string;
  maxFileBytes?: number;
}

export interface ReadDirResult {
  docs: ParsedDoc[];
  problems: EngineProblem[];
  /** the manifest files read, relative to `relativeTo` */
  files: string[];
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;
const SKIP_MARKER = '+argocd:skip-file-rendering';

export async function readManifestDir(dir: string, opts: ReadDirOptions, signal: AbortSignal): Promise<ReadDirResult> {
  const root = opts.relativeTo ?? dir;
  const include = opts.include ? globToRegExp(opts.include) : undefined;
  const exclude = opts.exclude ? globToRegExp(opts.exclude) : undefined;
  const out: ReadDirResult = { docs: [], problems: [], files: [] };
  const rootReal = await realpath(root).catch(() => root);
  const toName = (abs: string) => relative(root, abs).split(sep).join('/');

  const visit = async (folder: string): Promise<void> => {
    signal.throwIfAborted();
    let entries;
    try {
      entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (err) {
      out.problems.push({ severity: 'error', message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, location: { file: toName(folder) || '.', line: 1 } });
      return;
    }
    for (const entry of entries) {
      const abs = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (opts.recurse && entry.name !== '.git') await visit(abs);
        continue;
      }
      if (!MANIFEST_FILE.test(entry.name)) continue;
      const rel = relative(dir, abs).split(sep).join('/');
      if (exclude?.test(rel)) continue;
      if (include && !include.test(rel)) continue;
      await readOne(abs);
    }
  };

  const readOne = async (abs: string): Promise<void> => {
    const file = toName(abs);
    const max = opts.maxFileBytes ?? MAX_MANIFEST_BYTES;
    let info;
    try {
      info = await stat(abs);
      // A symlink must stay inside the repository, as in Argo CD.
      const real = await realpath(abs);
      if (real !== abs && relative(rootReal, real).startsWith('..')) {
        out.problems.push({ severity: 'error', message: 'symlink points outside the repository: skipped', location: { file, line: 1 } });
        return;
      }
    } catch {
      out.problems.push({ severity: 'warning', message: 'broken symlink: skipped', location: { file, line: 1 } });
      return;
    }
    if (!info.isFile()) return;
    if (info.size > max) {
      out.problems.push(tooLargeProblem(file, info.size, max));
      return;
    }
    const bytes = await readFile(abs, { signal });
    const decoded = decodeManifestBytes(bytes, file, max);
    if (decoded.problem) {
      out.problems.push(decoded.problem);
      return;
    }
    if (decoded.text.includes(SKIP_MARKER)) return;
    // Argo CD decodes .json files as JSON, not as YAML (which would forgive a trailing comma).
    const badJson = file.endsWith('.json') ? jsonProblem(decoded.text, file) : undefined;
    if (badJson) {
      out.problems.push(badJson);
      return;
    }
    out.files.push(file);
    const parsed = parseManifests(decoded.text, file, { maxBytes: max });
    out.docs.push(...parsed.docs);
    out.problems.push(...parsed.problems);
  };

  await visit(dir);
  return out;
}

/** The first JSON syntax error of a .json manifest, with its line. */
function jsonProblem(text: string, file: string): EngineProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = Number(/position (\d+)/.exec(msg)?.[1] ?? NaN);
    const line = Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : 1;
    return { severity: 'error', message: `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}: the file is skipped`, location: { file, line } };
  }
}

/** Reads and parses one manifest file. */
export async function readManifestFile(abs: string, file: string, signal: AbortSignal, maxBytes = MAX_MANIFEST_BYTES): Promise<{ docs: ParsedDoc[]; problems: EngineProblem[] }> {
  let bytes: Buffer;
  try {
    const info = await stat(abs);
    if (info.size > maxBytes) return { docs: [], problems: [tooLargeProblem(file, info.size, maxBytes)] };
    bytes = await readFile(abs, { signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return { docs: [], problems: [{ severity: 'error', message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, location: { file, line: 1 } }] };
  }
  const decoded = decodeManifestBytes(bytes, file, maxBytes);
  if (decoded.problem) return { docs: [], problems: [decoded.problem] };
  return parseManifests(decoded.text, file, { maxBytes });
}
