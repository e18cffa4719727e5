// A plain folder of manifests (Argo CD `directory` source, Plumb plain apps): every object with
// the line of every field.

import { readManifestDir } from '../manifests/index.js';
import type { RenderedObject } from '../types.js';
import type { RenderResult } from './types.js';

export interface DirectoryOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
  app?: string;
}

export async function renderDirectory(dir: string, repoRoot: string, opts: DirectoryOptions, signal: AbortSignal): Promise<RenderResult> {
  const read = await readManifestDir(dir, { recurse: opts.recurse ?? false, relativeTo: repoRoot, ...(opts.include ? { include: opts.include } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) }, signal);
  const objects: RenderedObject[] = read.docs.map((d) => ({ object: d.object, source: d.source, fieldSources: Object.fromEntries(d.fields) }));
  return { objects, problems: opts.app ? read.problems.map((p) => ({ ...p, app: opts.app! })) : read.problems };
}
