// `--state DIR` (issue 3): objects survive a restart, in-process and as `npm run cluster`, even when
// the process is killed with SIGKILL right after a 2xx write.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeKubectl, type Kubectl } from '../testing/kubectl.js';
import { startTestCluster } from '../server.js';
import { CRD_YAML, deployYaml, expectCode, expectLine, writeFile } from './helpers.js';

const ROOT = resolve(__dirname, '../../..');

interface Proc { child: ChildProcess; url: string; output(): string; closed: Promise<void> }

/** `npm run cluster -- --kubeconfig FILE --state DIR`, resolved once it prints `ready URL`. */
function startProcess(kubeconfig: string, state: string): Promise<Proc> {
  return new Promise((resolvePromise, reject) => {
    // Own process group, so SIGKILL reaches npm's children (tsx, node) too.
    const child = spawn('npm', ['run', '--silent', 'cluster', '--', '--kubeconfig', kubeconfig, '--state', state], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const closed = new Promise<void>((r) => child.on('close', () => r()));
    const timer = setTimeout(() => reject(new Error(`cluster did not become ready:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /^ready (https:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) { clearTimeout(timer); resolvePromise({ child, url: m[1]!, output: () => out, closed }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`cluster exited with ${code}:\n${out}`)); });
  });
}

/** Signal the whole process group and wait until every member has closed the output pipes. */
async function killGroup(p: Proc, signal: NodeJS.Signals): Promise<void> {
  try { process.kill(-p.child.pid!, signal); } catch { /* already gone */ }
  await p.closed;
}

/** kubectl against a kubeconfig file written by the process (fresh cache dir per server URL). */
async function kubectl(kubeconfig: string, cacheDir: string, cwd: string, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolvePromise) => {
    const c = spawn('kubectl', [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, ...args], { cwd, env: { ...process.env, HOME: cwd } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    c.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    c.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

describe('persistence with --state', { timeout: 150_000 }, () => {
  const dirs: string[] = [];
  const procs: Proc[] = [];
  const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'plumb-state-')); dirs.push(d); return d; };
  after(async () => {
    for (const p of procs) await killGroup(p, 'SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('in-process: objects, deletions and CRDs survive close() and restart', async () => {
    const state = tmp();
    let tc = await startTestCluster({ stateDir: state, simulate: false });
    let k: Kubectl = makeKubectl(tc);
    let uid: string;
    let rv: number;
    try {
      writeFile(k.dir, 'deploy.yaml', deployYaml(2));
      writeFile(k.dir, 'crd.yaml', CRD_YAML);
      writeFile(k.dir, 'app.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: kept\nspec:\n  project: default\n');
      expectCode(await k.run(['apply', '-f', 'deploy.yaml']), 0);
      expectCode(await k.run(['create', 'configmap', 'gone', '--from-literal=a=b']), 0);
      expectCode(await k.run(['create', 'configmap', 'kept', '--from-literal=a=b']), 0);
      expectCode(await k.run(['delete', 'configmap', 'gone']), 0);
      expectCode(await k.run(['apply', '-f', 'crd.yaml']), 0);
      expectCode(await k.run(['wait', '--for=condition=Established', 'crd/applications.argoproj.io']), 0);
      expectCode(await k.run(['apply', '-f', 'app.yaml']), 0);
      const d = tc.cluster.tryGet(tc.cluster.registry.find('apps', 'v1', 'deployments')!, 'default', 'web');
      uid = d!.metadata.uid!;
      rv = tc.cluster.store.resourceVersion;
    } finally {
      k.dispose();
      await tc.close();
    }

    tc = await startTestCluster({ stateDir: state, simulate: false });
    k = makeKubectl(tc);
    try {
      const g = await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.replicas}']);
      expectCode(g, 0);
      assert.equal(g.stdout, `${uid} 2`);
      expectCode(await k.run(['get', 'cm', 'kept']), 0);
      const gone = await k.run(['get', 'cm', 'gone']);
      expectCode(gone, 1);
      expectLine(gone.stderr, 'Error from server (NotFound): configmaps "gone" not found');
      const app = await k.run(['get', 'applications', 'kept', '-o', 'jsonpath={.spec.project}']);
      expectCode(app, 0);
      assert.equal(app.stdout, 'default');
      assert.ok(tc.cluster.store.resourceVersion >= rv, 'resourceVersion went backwards after a restart');
      const c = await k.run(['create', 'configmap', 'later', '--from-literal=a=b', '-o', 'jsonpath={.metadata.resourceVersion}']);
      expectCode(c, 0);
      assert.ok(Number(c.stdout) > rv, `new resourceVersion ${c.stdout} not above ${rv}`);
    } finally {
      k.dispose();
      await tc.close();
    }
  });

  it('npm run cluster: a 2xx write survives SIGKILL', async () => {
    const state = tmp();
    const work = tmp();
    const kc = join(work, 'kubeconfig');
    const p1 = await startProcess(kc, state);
    procs.push(p1);
    writeFile(work, 'many.json', Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}` }, data: { i: String(i) } })).join('\n'));
    const cache1 = join(work, 'cache1');
    expectCode(await kubectl(kc, cache1, work, 'apply', '-f', 'many.json'), 0);
    const last = await kubectl(kc, cache1, work, 'create', 'configmap', 'killed', '--from-literal=written=yes');
    expectCode(last, 0);
    expectLine(last.stdout, 'configmap/killed created');
    await killGroup(p1, 'SIGKILL');
    assert.equal(p1.child.signalCode, 'SIGKILL');

    const p2 = await startProcess(kc, state);
    procs.push(p2);
    const cache2 = join(work, 'cache2');
    const g = await kubectl(kc, cache2, work, 'get', 'cm', 'killed', '-o', 'jsonpath={.data.written}');
    expectCode(g, 0);
    assert.equal(g.stdout, 'yes');
    const names = await kubectl(kc, cache2, work, 'get', 'cm', '-o', 'name');
    expectCode(names, 0);
    for (let i = 0; i < 20; i++) assert.ok(names.stdout.includes(`configmap/bulk-${i}\n`), `bulk-${i} lost:\n${names.stdout}`);

    // SIGTERM stops the server cleanly.
    await killGroup(p2, 'SIGTERM');
    assert.match(p2.output(), /SIGTERM, stopping/);
  });
});
