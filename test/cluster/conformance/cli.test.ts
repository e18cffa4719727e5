// The `npm run cluster` entry point (test/cluster/main.ts) as a separate process: usage and exit
// codes, --fault, --no-simulate, --restricted-kubeconfig, the kubeconfig appearing only once the
// server answers, and a clean exit on SIGINT. Run with `node --import tsx` (what `npm run cluster`
// does through tsx) to skip npm's start-up.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import type { KubectlResult } from '../testing/kubectl.js';
import { CM_YAML, deployYaml, dig, expectCode, expectLine, row, show, waitUntil, withTimeout, writeFile } from './helpers.js';

const ROOT = resolve(__dirname, '../../..');
const FAULT = 'POST /api/v1/namespaces/default/configmaps:nth=1:500';

interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(args: string[]): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cluster/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

interface KubeconfigParts { server: string; token: string; ca: string }

function kubeconfigParts(text: string): KubeconfigParts {
  const kc: unknown = YAML.parse(text);
  const server = dig(kc, 'clusters', 0, 'cluster', 'server');
  const ca = dig(kc, 'clusters', 0, 'cluster', 'certificate-authority-data');
  const token = dig(kc, 'users', 0, 'user', 'token');
  assert.ok(typeof server === 'string' && typeof ca === 'string' && typeof token === 'string', `incomplete kubeconfig:\n${text}`);
  return { server, token, ca: Buffer.from(ca, 'base64').toString('utf8') };
}

/** GET /version with a kubeconfig's credentials: the HTTP status, or the connection error. */
function version(p: KubeconfigParts): Promise<number | string> {
  return new Promise((resolvePromise) => {
    const u = new URL('/version', p.server);
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, ca: p.ca, headers: { authorization: `Bearer ${p.token}` }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolvePromise(res.statusCode ?? 0));
    });
    req.on('error', (e) => resolvePromise(e.message));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

describe('npm run cluster (test/cluster/main.ts)', { timeout: 120_000 }, () => {
  let dir: string;
  let main: Proc;
  const kc = () => join(dir, 'kubeconfig');
  const janeKc = () => join(dir, 'jane.kubeconfig');
  /** what a script polling for the kubeconfig saw */
  const poll = { absent: 0, seenAt: 0, readyAt: 0, text: '', janeExisted: false, version: undefined as Promise<number | string> | undefined };
  let help: Proc;
  let noKubeconfig: Proc;
  let badFault: Proc;

  function kubectl(kubeconfig: string, ...args: string[]): Promise<KubectlResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn('kubectl', [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(dir, 'cache')}`, ...args], {
        cwd: dir, env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('error', reject);
      child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
    writeFile(dir, 'cm.yaml', CM_YAML);
    writeFile(dir, 'deploy.yaml', deployYaml(2));
    main = startCli(['--kubeconfig', kc(), '--restricted-kubeconfig', janeKc(), '--no-simulate', '--fault', FAULT]);
    // Poll like a script waiting for the file; on first sight use it at once.
    const timer = setInterval(() => {
      if (!poll.readyAt && /^ready /m.test(main.stdout())) poll.readyAt = Date.now();
      if (poll.seenAt) return;
      if (!existsSync(kc())) { poll.absent++; return; }
      poll.seenAt = Date.now();
      poll.janeExisted = existsSync(janeKc());
      poll.text = readFileSync(kc(), 'utf8');
      try { poll.version = version(kubeconfigParts(poll.text)); } catch (e) { poll.version = Promise.resolve(String(e)); }
    }, 2);
    // The short-lived runs start meanwhile (tsx start-up dominates every run).
    help = startCli(['--help']);
    noKubeconfig = startCli(['--port', '0']);
    badFault = startCli(['--kubeconfig', join(dir, 'never'), '--fault', 'GET:bogus']);
    try {
      await waitUntil(() => poll.seenAt > 0 && poll.readyAt > 0, `the kubeconfig and the ready line\n${main.stdout()}\n${main.stderr()}`, 30_000, 10);
    } finally {
      clearInterval(timer);
    }
  });

  after(async () => {
    if (main?.child.exitCode === null) { main.child.kill('SIGKILL'); await main.exited; }
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help prints the usage and exits 0', async () => {
    const { code } = await withTimeout(help.exited, 20_000, '--help');
    assert.equal(code, 0, help.stderr());
    assert.match(help.stdout(), /^Usage: npm run cluster -- --kubeconfig FILE \[options\]$/m);
    for (const flag of ['--kubeconfig FILE', '--restricted-kubeconfig FILE', '--no-simulate', '--fault SPEC']) assert.ok(help.stdout().includes(flag), `usage lacks ${flag}`);
  });

  it('without --kubeconfig it exits 2 with a message and the usage', async () => {
    const { code } = await withTimeout(noKubeconfig.exited, 20_000, 'no --kubeconfig');
    assert.equal(code, 2);
    assert.equal(noKubeconfig.stderr().split('\n')[0], 'cluster: --kubeconfig FILE is required');
    assert.match(noKubeconfig.stderr(), /^Usage: /m);
    assert.equal(noKubeconfig.stdout(), '');
  });

  it('a malformed --fault exits 2 naming the bad part, before writing anything', async () => {
    const { code } = await withTimeout(badFault.exited, 20_000, 'bad --fault');
    assert.equal(code, 2);
    assert.equal(badFault.stderr().split('\n')[0], 'cluster: invalid --fault "GET:bogus": unknown part "bogus"');
    assert.equal(existsSync(join(dir, 'never')), false);
  });

  it('the kubeconfig appears only once the server answers, complete, then `ready <url>`', async () => {
    assert.ok(poll.absent > 0, 'the kubeconfig existed before the server started');
    const ready = /^ready (https:\/\/127\.0\.0\.1:\d+)$/m.exec(main.stdout());
    assert.ok(ready, main.stdout());
    const parts = kubeconfigParts(poll.text);
    assert.equal(parts.server, ready[1]);
    // Used the moment it appeared, the kubeconfig already reaches a listening server.
    assert.equal(await poll.version, 200);
    assert.ok(poll.janeExisted, 'the restricted kubeconfig was not in place when the main one appeared');
    assert.ok(poll.readyAt - poll.seenAt < 1000, `ready printed ${poll.readyAt - poll.seenAt} ms after the kubeconfig appeared`);
    const ctx = await kubectl(kc(), 'config', 'current-context');
    expectCode(ctx, 0);
    assert.equal(ctx.stdout, 'plumb-test\n');
  });

  it('--fault: the first kubectl create fails with 500, the second succeeds', async () => {
    const first = await kubectl(kc(), 'create', '-f', 'cm.yaml');
    expectCode(first, 1);
    expectLine(first.stderr, 'Error from server (InternalError): error when creating "cm.yaml": Internal error occurred: injected fault');
    const second = await kubectl(kc(), 'create', '-f', 'cm.yaml');
    expectCode(second, 0);
    expectLine(second.stdout, 'configmap/c1 created');
  });

  it('--no-simulate: a Deployment stays unavailable and gets no ReplicaSet', async () => {
    expectCode(await kubectl(kc(), 'apply', '-f', 'deploy.yaml'), 0);
    const w = await kubectl(kc(), 'wait', '--for=condition=Available', 'deploy/web', '--timeout=1s');
    expectCode(w, 1);
    expectLine(w.stderr, 'error: timed out waiting for the condition on deployments/web');
    const g = await kubectl(kc(), 'get', 'deploy', 'web');
    expectCode(g, 0);
    assert.deepEqual(row(g.stdout, 'web')?.slice(0, 4), ['web', '0/2', '0', '0'], g.stdout);
    const rs = await kubectl(kc(), 'get', 'rs,pods');
    expectCode(rs, 0);
    assert.equal(rs.stdout, '', show(rs));
    expectLine(rs.stderr, 'No resources found in default namespace.');
  });

  it('--restricted-kubeconfig: jane is subject to RBAC (403)', async () => {
    const r = await kubectl(janeKc(), 'get', 'cm');
    expectCode(r, 1);
    expectLine(r.stderr, 'Error from server (Forbidden): configmaps is forbidden: User "jane" cannot list resource "configmaps" in API group "" in the namespace "default"');
    const can = await kubectl(janeKc(), 'auth', 'can-i', 'list', 'configmaps');
    expectCode(can, 1);
    assert.equal(can.stdout, 'no\n');
  });

  it('SIGINT stops the server and exits 0', async () => {
    const parts = kubeconfigParts(poll.text);
    main.child.kill('SIGINT');
    const { code, signal } = await withTimeout(main.exited, 10_000, 'exit after SIGINT');
    assert.equal(signal, null);
    assert.equal(code, 0, main.stderr());
    expectLine(main.stderr(), 'cluster: SIGINT, stopping');
    assert.notEqual(await version(parts), 200, 'the server still answers after exit');
  });
});
