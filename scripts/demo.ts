// `npm run demo`: the whole of Plumb in one command. Starts the test cluster (state in .plumb-demo/,
// or --dir), makes a scratch Git copy of the shop sample with history, syncs most apps, drifts some
// with kubectl, commits a :broken image, packages the extension and opens the repository in
// code-server, then prints the URL and how to use kubectl. Ctrl+C stops everything.
//   --dir DIR          where the demo lives (default .plumb-demo); its cluster/, shop/, editor/ are rebuilt
//   --port N           code-server's port (default: a free one)
//   --headless-check   open the editor in headless Chromium, run test/e2e/demo-checks.ts, save the
//                      screenshots (media/screenshots/, or --screenshots DIR), exit 0 only if all pass
import { join, resolve } from 'node:path';
import { launchBrowser } from '../test/e2e/browser.js';
import type { CodeServer } from '../test/e2e/code-server.js';
import { runDemoChecks } from '../test/e2e/demo-checks.js';
import { buildDemo, type Demo } from '../test/e2e/demo-repo.js';
import { buildVsix, startEditor } from '../test/e2e/editor.js';
import { ensureTools, SCREENSHOTS_DIR } from '../test/e2e/tools.js';
import { Workbench } from '../test/e2e/workbench.js';

interface Args { dir: string; port: number | undefined; headlessCheck: boolean; screenshots: string }

function parse(argv: string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const known = new Set(['--dir', '--port', '--headless-check', '--screenshots']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a} (use --dir DIR, --port N, --headless-check, --screenshots DIR)`);
  const port = value('--port');
  if (port !== undefined && !/^\d+$/.test(port)) throw new Error(`--port ${port}: not a port number`);
  return {
    dir: resolve(value('--dir') ?? '.plumb-demo'),
    port: port === undefined ? undefined : Number(port),
    headlessCheck: argv.includes('--headless-check'),
    screenshots: resolve(value('--screenshots') ?? SCREENSHOTS_DIR),
  };
}

const say = (s: string) => process.stdout.write(`${s}\n`);

function instructions(demo: Demo, editor: CodeServer): string {
  const url = editor.folderUrl(demo.repo.repo);
  return [
    '',
    `Plumb demo ready. Open the editor (no password, this machine only):`,
    `  ${url}`,
    '',
    `The scratch repository ${demo.repo.repo} (${demo.repo.commits.length} commits) is open there. Synced: ${demo.synced.join(', ')}.`,
    'Drift made with kubectl since:',
    ...demo.drift.map((d) => `  - ${d.object} ${d.what}   (${d.command})`),
    `The last commit ${demo.broken.commit.sha.slice(0, 7)} "${demo.broken.commit.subject}" sets ${demo.broken.image} in ${demo.broken.file} and is not synced yet.`,
    '',
    'Use kubectl against the demo cluster:',
    `  export KUBECONFIG=${demo.kubeconfig}`,
    '  kubectl get deploy,cm -A',
    '  kubectl scale deployment/payments -n payments --replicas=5   # more drift; the editor follows',
    `  npx plumb diff --repo ${demo.repo.repo}                       # the same drift from the CLI`,
    '',
    `Editor log: ${editor.dirs.logFile}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

async function headlessCheck(demo: Demo, editor: CodeServer, tools: ReturnType<typeof ensureTools>, a: Args): Promise<boolean> {
  const browser = await launchBrowser(tools);
  try {
    const wb = new Workbench(browser.page, a.screenshots);
    await browser.page.goto(editor.folderUrl(demo.repo.repo), { timeout: 60_000 });
    await wb.waitReady();
    const results = await runDemoChecks({ wb, demo, failuresDir: join(a.dir, 'failures') });
    for (const r of results) {
      say(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${(r.ms / 1000).toFixed(1)} s)`);
      say(`      ${r.detail.split('\n').join('\n      ')}`);
      if (r.screenshot) say(`      screenshot: ${r.screenshot}`);
    }
    if (browser.offLoopback.length) say(`FAIL  the page left loopback: ${browser.offLoopback.slice(0, 5).join(', ')}`);
    const passed = results.filter((r) => r.ok).length;
    say(`${passed} passed, ${results.length - passed} failed`);
    return passed === results.length && browser.offLoopback.length === 0;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<number> {
  const a = parse(process.argv.slice(2));
  const t0 = Date.now();
  say('Checking the editor tools (the first run installs Node 24 and code-server: a few minutes)…');
  const tools = ensureTools({ browser: a.headlessCheck });
  const demo = await buildDemo({ dir: a.dir, log: (l) => say(`  ${l}`) });
  let editor: CodeServer | undefined;
  const stop = async () => {
    await editor?.stop();
    await demo.close();
  };
  try {
    say('Packaging the extension…');
    const vsix = buildVsix();
    say(`  ${vsix.file} (${Math.round(vsix.bytes / 1024)} KiB, ${vsix.files.length} files)`);
    editor = await startEditor({ tools, dir: join(a.dir, 'editor'), kubeconfig: demo.kubeconfig, vsix, ...(a.port !== undefined ? { port: a.port } : {}) });
    say(`  code-server ${tools.codeServer.version} (VS Code ${tools.codeServer.vscode}) at ${editor.url} — ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (a.headlessCheck) {
      const ok = await headlessCheck(demo, editor, tools, a);
      await stop();
      return ok ? 0 : 1;
    }
    say(instructions(demo, editor));
  } catch (e) {
    await stop();
    throw e;
  }
  await new Promise<void>((res) => {
    process.once('SIGINT', res);
    process.once('SIGTERM', res);
  });
  say('Stopping…');
  await stop();
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`demo: ${(e as Error).message}\n`);
  process.exit(1);
});
