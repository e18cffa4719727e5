// Where the real-editor tools are: scripts/e2e/install.mjs installs them (idempotent) and records
// their paths and versions in node_modules/.cache/plumb/e2e/tools.json, read here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const E2E_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'plumb', 'e2e');
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'media', 'screenshots');

export interface E2eTools {
  /** the Node 24 binary code-server runs on */
  node: string;
  nodeVersion: string;
  codeServer: { entry: string; version: string; vscode: string };
  /** '' when installed with --without-browser and Chromium is missing */
  chromium: string;
  chromiumVersion: string;
  playwrightCore: string;
}

/**
 * Runs the installer (a quick check when everything is already there) and returns the tools.
 * Throws with the installer's own words (which name the apt command) when something is missing.
 */
export function ensureTools(o: { quiet?: boolean; browser?: boolean } = {}): E2eTools {
  const args = [join(REPO_ROOT, 'scripts', 'e2e', 'install.mjs'), ...(o.browser === false ? ['--without-browser'] : [])];
  const r = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!o.quiet || r.status !== 0) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  const file = join(E2E_CACHE, 'tools.json');
  if (r.status !== 0 || !existsSync(file)) {
    throw new Error(`real-editor tools are not installed:\n${(r.stderr ?? '').trim() || r.error?.message || 'scripts/e2e/install.mjs failed'}`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as E2eTools;
}
