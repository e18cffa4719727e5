// The demo world, shared by `npm run demo` and the real-editor tests: the test cluster (state on
// disk), a scratch Git copy of the shop sample with a few commits of history, most apps synced by
// `plumb sync` (in-process), then realistic drift made with the real kubectl, and a last commit
// with a `:broken` image that is not synced yet.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CliIO } from '../../src/cli/command.js';
import { main as plumbMain } from '../../src/cli/main.js';
import { startTestCluster, type TestCluster } from '../cluster/server.js';

const execFileP = promisify(execFile);
export const SHOP_FIXTURE = resolve(__dirname, '..', 'fixtures', 'repos', 'shop');

/** Apps the demo syncs (the rest stay as Git declares them: Argo CD/Flux-owned, remote or not synced). */
export const DEMO_SYNCED_APPS = ['platform-local', 'payments', 'storefront', 'tools-echo', 'tools-status-page'];

export interface Commit { sha: string; subject: string }

export interface DriftChange {
  app: string;
  /** Kind namespace/name */
  object: string;
  /** what changed, for people */
  what: string;
  /** the kubectl command that made it */
  command: string;
}

export interface ShopRepo {
  repo: string;
  commits: Commit[];
  git(...args: string[]): Promise<string>;
  commitAll(subject: string): Promise<Commit>;
}

export interface DemoCluster {
  cluster: TestCluster;
  kubeconfig: string;
  kubectl(...args: string[]): Promise<string>;
  close(): Promise<void>;
}

export interface Demo extends DemoCluster {
  dir: string;
  repo: ShopRepo;
  synced: string[];
  drift: DriftChange[];
  /** the last commit: an image tagged :broken in `file`, committed but not synced */
  broken: { app: string; file: string; image: string; commit: Commit };
}

async function gitIn(dir: string, args: string[]): Promise<string> {
  const r = await execFileP('git', args, { cwd: dir, env: { ...process.env, LC_ALL: 'C', GIT_EDITOR: 'true' }, maxBuffer: 16 << 20 });
  return r.stdout.trim();
}

/**
 * Copies the shop sample into `dest` as a Git repository. With `history`, the first commit holds
 * slightly older versions of two apps and two later commits bring them to the sample's state, so
 * `plumb history` and the editor's history have something to show.
 */
export async function createShopRepo(dest: string, o: { history?: boolean } = {}): Promise<ShopRepo> {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  cpSync(SHOP_FIXTURE, dest, { recursive: true });
  const git = (...args: string[]) => gitIn(dest, args);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Plumb Demo');
  await git('config', 'user.email', 'demo@plumb.invalid');
  await git('config', 'commit.gpgsign', 'false');
  const commits: Commit[] = [];
  const commitAll = async (subject: string): Promise<Commit> => {
    await git('add', '-A');
    await git('commit', '-q', '-m', subject);
    const c = { sha: await git('rev-parse', 'HEAD'), subject };
    commits.push(c);
    return c;
  };
  if (!o.history) {
    await commitAll('Import the shop GitOps repository');
    return { repo: dest, commits, git, commitAll };
  }
  // The sample's current text, restored one commit at a time after an older first commit.
  const steps: Array<{ file: string; older: (s: string) => string; subject: string }> = [
    { file: 'apps/storefront/overlays/prod/kustomization.yaml', older: (s) => replaceOnce(s, 'newTag: 1.9.2', 'newTag: 1.9.0'), subject: 'storefront: release 1.9.2 to prod' },
    { file: 'charts/payments/values-prod.yaml', older: (s) => replaceOnce(s, 'replicaCount: 2', 'replicaCount: 1'), subject: 'payments: two replicas in prod' },
  ];
  const current = steps.map((s) => readFileSync(join(dest, s.file), 'utf8'));
  steps.forEach((s, i) => writeFileSync(join(dest, s.file), s.older(current[i]!)));
  await commitAll('Import the shop GitOps repository');
  for (const [i, s] of steps.entries()) {
    writeFileSync(join(dest, s.file), current[i]!);
    await commitAll(s.subject);
  }
  return { repo: dest, commits, git, commitAll };
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the shop sample changed: "${from}" not found (update test/e2e/demo-repo.ts)`);
  return text.replace(from, to);
}

/** Starts the test cluster (state in `stateDir` when given) and writes its admin kubeconfig. */
export async function startDemoCluster(o: { kubeconfig: string; stateDir?: string }): Promise<DemoCluster> {
  const cluster = await startTestCluster({ simulate: true, port: 0, ...(o.stateDir ? { stateDir: o.stateDir } : {}) });
  cluster.writeKubeconfig(o.kubeconfig);
  return {
    cluster,
    kubeconfig: o.kubeconfig,
    async kubectl(...args: string[]) {
      const r = await execFileP('kubectl', args, { env: { ...process.env, KUBECONFIG: o.kubeconfig }, timeout: 60_000 });
      return r.stdout.trim();
    },
    close: () => cluster.close(),
  };
}

/** Runs `plumb …` in-process against the repository and cluster; throws on a non-zero exit. */
export async function runPlumb(repo: string, kubeconfig: string, argv: string[], signal?: AbortSignal): Promise<string> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: repo,
    env: { ...process.env, KUBECONFIG: kubeconfig }, signal: signal ?? new AbortController().signal,
  };
  const code = await plumbMain(argv, io);
  if (code !== 0) throw new Error(`plumb ${argv.join(' ')} exited ${code}:\n${err || out}`);
  return out;
}

/** The drift the demo makes, each with the kubectl command a person would type. */
export const DEMO_DRIFT: Array<Omit<DriftChange, 'command'> & { args: string[] }> = [
  { app: 'tools-echo', object: 'Deployment tools/echo', what: 'scaled from 1 to 3 replicas', args: ['scale', 'deployment/echo', '-n', 'tools', '--replicas=3'] },
  { app: 'storefront', object: 'Deployment shop/web', what: 'env LOG_LEVEL set to debug (Git: warn)', args: ['set', 'env', 'deployment/web', '-n', 'shop', 'LOG_LEVEL=debug'] },
  { app: 'tools-status-page', object: 'ConfigMap tools/status-page', what: 'deleted', args: ['delete', 'configmap', 'status-page', '-n', 'tools'] },
];

const ARGOCD_BOOTSTRAP = 'bootstrap/argocd';
const DEMO_MARKER = '.plumb-demo-dir';

export const BROKEN = { app: 'tools-echo', file: 'apps/tools/echo/deployment.yaml', from: 'image: hashicorp/http-echo:1.0', image: 'hashicorp/http-echo:broken' };

/**
 * Builds the whole demo under `dir` (cluster/, kubeconfig, shop/; the caller adds editor/): fresh
 * each time, so a re-run gives the same world. Only those entries of `dir` are removed, and only
 * in a folder the demo made (or one holding nothing else).
 */
export async function buildDemo(o: { dir: string; log?: (line: string) => void; signal?: AbortSignal }): Promise<Demo> {
  const log = o.log ?? (() => undefined);
  const dir = resolve(o.dir);
  // Only a folder this function made (it holds the marker), or one holding nothing but the demo's
  // own entries (an older demo's), is ever cleared.
  const marker = join(dir, DEMO_MARKER);
  const ours = new Set(['cluster', 'kubeconfig', 'shop', 'editor', 'failures']);
  if (existsSync(dir) && !existsSync(marker) && readdirSync(dir).some((e) => !ours.has(e))) {
    throw new Error(`${dir} is not empty and was not made by the demo: choose another --dir`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, 'made by npm run demo (test/e2e/demo-repo.ts); its cluster/, kubeconfig, shop/ and editor/ are rebuilt on each run\n');
  for (const name of ['cluster', 'kubeconfig', 'shop', 'editor']) rmSync(join(dir, name), { recursive: true, force: true });
  const dc = await startDemoCluster({ kubeconfig: join(dir, 'kubeconfig'), stateDir: join(dir, 'cluster') });
  try {
    log(`test cluster at ${dc.cluster.url}`);
    const repo = await createShopRepo(join(dir, 'shop'), { history: true });
    log(`scratch Git repository ${repo.repo} (${repo.commits.length} commits)`);
    // As on a cluster where Argo CD is installed: its CRDs (no controller runs), when the sample has them.
    if (existsSync(join(repo.repo, ARGOCD_BOOTSTRAP))) {
      await dc.kubectl('apply', '--server-side', '-f', join(repo.repo, ARGOCD_BOOTSTRAP));
      log(`applied ${ARGOCD_BOOTSTRAP} (Argo CD's CRDs and namespace)`);
    }
    await runPlumb(repo.repo, dc.kubeconfig, ['sync', '--yes', ...DEMO_SYNCED_APPS], o.signal);
    log(`synced ${DEMO_SYNCED_APPS.join(', ')}`);
    const drift: DriftChange[] = [];
    for (const d of DEMO_DRIFT) {
      await dc.kubectl(...d.args);
      drift.push({ app: d.app, object: d.object, what: d.what, command: `kubectl ${d.args.join(' ')}` });
      log(`drift: ${d.object} ${d.what}`);
    }
    const file = join(repo.repo, BROKEN.file);
    writeFileSync(file, replaceOnce(readFileSync(file, 'utf8'), BROKEN.from, `image: ${BROKEN.image}`));
    const commit = await repo.commitAll('echo: move to the new image');
    log(`last commit ${commit.sha.slice(0, 7)} puts ${BROKEN.image} in ${BROKEN.file} (not synced)`);
    return { ...dc, dir, repo, synced: [...DEMO_SYNCED_APPS], drift, broken: { app: BROKEN.app, file: BROKEN.file, image: BROKEN.image, commit } };
  } catch (e) {
    await dc.close();
    throw e;
  }
}
