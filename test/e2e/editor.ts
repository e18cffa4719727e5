// The extension packaged and installed into a fresh code-server pointed at one cluster: shared by
// the real-editor harness and `npm run demo`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_CACHE_PATH } from '../../src/engine/render/helm-binary.js';
import { installVsix, prepareCodeServerDirs, startCodeServer, type CodeServer } from './code-server.js';
import { E2E_CACHE, REPO_ROOT, type E2eTools } from './tools.js';
import { buildBundles, packageVsix, type VsixResult } from './vsix.js';

/** Builds the bundles (npm run build) and packs them into `outFile` (default node_modules/.cache/plumb/e2e/plumb.vsix). */
export function buildVsix(outFile: string = join(E2E_CACHE, 'plumb.vsix')): VsixResult {
  buildBundles(REPO_ROOT);
  return packageVsix(REPO_ROOT, outFile);
}

export interface EditorOptions {
  tools: E2eTools;
  /** folder for code-server's config, user data, extensions and log (created) */
  dir: string;
  kubeconfig: string;
  vsix: VsixResult;
  /** more user settings */
  settings?: Record<string, unknown>;
  port?: number;
}

/**
 * Installs the .vsix into a new extensions folder and starts code-server with settings that point
 * Plumb at `kubeconfig` (setting `plumb.kubeconfig`, and KUBECONFIG for anything else).
 * The installed extension cannot see the repository's node_modules, so PLUMB_HELM names the helm
 * binary that `npm install` extracted (without it Plumb looks for helm on PATH).
 */
export async function startEditor(o: EditorOptions): Promise<CodeServer> {
  const dirs = prepareCodeServerDirs(o.dir, {
    'plumb.kubeconfig': o.kubeconfig,
    // The Chat side bar would take a third of every screenshot.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...o.settings,
  });
  await installVsix(o.tools, dirs, o.vsix.file, o.vsix.id);
  const helm = join(REPO_ROOT, HELM_CACHE_PATH);
  return startCodeServer({
    tools: o.tools, dirs,
    env: { KUBECONFIG: o.kubeconfig, ...(existsSync(helm) ? { PLUMB_HELM: helm } : {}) },
    ...(o.port !== undefined ? { port: o.port } : {}),
  });
}
