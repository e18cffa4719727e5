// code-server (the real VS Code workbench, served to a browser) for the demo and the real-editor
// tests: own config, user-data and extensions folders, auth off, bound to 127.0.0.1 on a free
// port, telemetry, update checks and the extension gallery off (the network is loopback only).
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnGroup, withTimeout, type GroupProcess } from './processes.js';
import type { E2eTools } from './tools.js';

const execFileP = promisify(execFile);

export interface CodeServerDirs {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  logFile: string;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  dirs: CodeServerDirs;
  /** the URL that opens `folder` in the workbench */
  folderUrl(folder: string): string;
  /** everything code-server printed so far */
  log(): string;
  stop(): Promise<void>;
}

/** User settings every session starts with: quiet, offline, no trust prompt, no welcome page. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
};

/** Creates the folders, the code-server config file and the user's settings.json under `root`. */
export function prepareCodeServerDirs(root: string, settings: Record<string, unknown> = {}): CodeServerDirs {
  const dirs: CodeServerDirs = {
    root,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    configFile: join(root, 'config.yaml'),
    logFile: join(root, 'code-server.log'),
  };
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  mkdirSync(dirs.extensionsDir, { recursive: true });
  writeFileSync(dirs.configFile, 'auth: none\ndisable-telemetry: true\ndisable-update-check: true\ndisable-workspace-trust: true\n');
  writeFileSync(join(dirs.userDataDir, 'User', 'settings.json'), `${JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2)}\n`);
  return dirs;
}

/** The environment code-server (and so the extension host) runs with. */
function serverEnv(dirs: CodeServerDirs, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing of the npm script or tsx loader that started us leaks into VS Code's own Node.
    if (/^npm_/i.test(k) || k === 'NODE_OPTIONS' || k === 'VSCODE_IPC_HOOK_CLI') continue;
    env[k] = v;
  }
  return {
    ...env,
    // code-server writes its default config and state under XDG folders: keep them in our root.
    XDG_CONFIG_HOME: join(dirs.root, 'xdg-config'),
    XDG_DATA_HOME: join(dirs.root, 'xdg-data'),
    // An empty gallery: the Extensions view never calls a marketplace.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function baseArgs(tools: E2eTools, dirs: CodeServerDirs): string[] {
  return [tools.codeServer.entry, '--config', dirs.configFile, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

/** Installs a .vsix with `code-server --install-extension` and checks it is listed afterwards. */
export async function installVsix(tools: E2eTools, dirs: CodeServerDirs, vsix: string, id: string): Promise<void> {
  const env = serverEnv(dirs, {});
  const opts = { env, timeout: 120_000, maxBuffer: 16 << 20 };
  const r = await execFileP(tools.node, [...baseArgs(tools, dirs), '--force', '--install-extension', vsix], opts);
  appendFileSync(dirs.logFile, r.stdout + r.stderr);
  const list = await execFileP(tools.node, [...baseArgs(tools, dirs), '--list-extensions'], opts);
  if (!list.stdout.split('\n').map((s) => s.trim()).includes(id)) {
    throw new Error(`${id} is not installed after --install-extension ${vsix}:\n${r.stdout}${r.stderr}`);
  }
}

export interface StartOptions {
  tools: E2eTools;
  dirs: CodeServerDirs;
  /** extra environment (KUBECONFIG, PLUMB_HELM…) */
  env?: NodeJS.ProcessEnv;
  /** 0 (default): a free port chosen by the OS */
  port?: number;
  timeoutMs?: number;
}

export async function startCodeServer(o: StartOptions): Promise<CodeServer> {
  const { tools, dirs } = o;
  const args = [...baseArgs(tools, dirs), '--bind-addr', `127.0.0.1:${o.port ?? 0}`, '--disable-workspace-trust', '--ignore-last-opened'];
  const proc: GroupProcess = spawnGroup(tools.node, args, { env: serverEnv(dirs, o.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<number>((res, rej) => {
    const onData = (b: Buffer) => {
      const s = b.toString();
      output += s;
      appendFileSync(dirs.logFile, s);
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) res(Number(m[1]));
    };
    proc.child.stdout?.on('data', onData);
    proc.child.stderr?.on('data', onData);
    void proc.exited.then((code) => rej(new Error(`code-server exited (${code}) before listening:\n${output.slice(-3000)}`)));
  });
  let port: number;
  try {
    port = await withTimeout(listening, o.timeoutMs ?? 60_000, 'code-server to listen');
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const url = `http://127.0.0.1:${port}/`;
  return {
    url, port, dirs,
    folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder)}`,
    log: () => { try { return readFileSync(dirs.logFile, 'utf8'); } catch { return output; } },
    stop: () => proc.stop(),
  };
}
