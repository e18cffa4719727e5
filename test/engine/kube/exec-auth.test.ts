// Exec credential plugins end to end: a tiny node script prints an ExecCredential; the client
// runs it asynchronously, caches the credential until it expires, runs it again after a 401,
// and turns every failure into a message naming the plugin (never the credential).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { createKubeClient } from '../../../src/engine/kube/client.js';
import { ExecAuthenticator } from '../../../src/engine/kube/exec-auth.js';
import { KubeError } from '../../../src/engine/kube/errors.js';
import { loadKubeconfig, type ClusterConfig } from '../../../src/engine/kube/kubeconfig.js';
import { startKubeEnv, type KubeEnv } from './helpers.js';

// The plugin: modes via PLUGIN_MODE; counts its runs in PLUGIN_COUNT; records its input in PLUGIN_INFO.
const PLUGIN = `#!/usr/bin/env node
const fs = require('fs');
const count = (fs.existsSync(process.env.PLUGIN_COUNT) ? Number(fs.readFileSync(process.env.PLUGIN_COUNT, 'utf8')) : 0) + 1;
fs.writeFileSync(process.env.PLUGIN_COUNT, String(count));
fs.writeFileSync(process.env.PLUGIN_INFO, JSON.stringify({ info: JSON.parse(process.env.KUBERNETES_EXEC_INFO), userVar: process.env.USER_VAR ?? null }));
const mode = process.env.PLUGIN_MODE;
const out = (status) => process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status }));
const future = new Date(Date.now() + 3600e3).toISOString();
if (mode === 'fail') { process.stderr.write('error: you must log in first (run: cloud auth login)\\n'); process.exit(3); }
if (mode === 'garbage') { process.stdout.write('SECRET-TOKEN-123 is not json'); process.exit(0); }
if (mode === 'slow') { setTimeout(() => out({ token: process.env.GOOD_TOKEN, expirationTimestamp: future }), 800); }
else if (mode === 'hang') { setTimeout(() => {}, 60000); }
else if (mode === 'expired') out({ token: process.env.GOOD_TOKEN, expirationTimestamp: new Date(Date.now() - 1000).toISOString() });
else if (mode === 'stale-first') out({ token: count === 1 ? 'stale-token' : process.env.GOOD_TOKEN, expirationTimestamp: future });
else out({ token: process.env.GOOD_TOKEN, expirationTimestamp: future });
`;

describe('exec credential plugins', { timeout: 60_000 }, () => {
  let env: KubeEnv;
  let n = 0;

  before(async () => {
    env = await startKubeEnv();
    const plugin = join(env.dir, 'bin', 'plugin.js');
    mkdirSync(join(env.dir, 'bin'), { recursive: true });
    writeFileSync(plugin, PLUGIN);
    chmodSync(plugin, 0o755);
  });
  after(async () => { await env?.close(); });

  /** A kubeconfig whose user runs the plugin (command relative to the kubeconfig file). */
  async function setup(mode: string, extra: Record<string, unknown> = {}): Promise<{ config: ClusterConfig; count: () => number; info: () => { info: { spec: Record<string, unknown> }; userVar: string | null } }> {
    const id = ++n;
    const countFile = join(env.dir, `count-${id}`);
    const infoFile = join(env.dir, `info-${id}`);
    const file = join(env.dir, `kubeconfig-exec-${id}`);
    writeFileSync(file, YAML.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': `exec-${id}`,
      clusters: [{ name: 'c', cluster: { server: env.tc.url, 'certificate-authority-data': Buffer.from(env.tc.caPem).toString('base64') } }],
      users: [{ name: 'u', user: { exec: {
        apiVersion: 'client.authentication.k8s.io/v1', command: './bin/plugin.js', interactiveMode: 'IfAvailable',
        env: [
          { name: 'PLUGIN_MODE', value: mode }, { name: 'PLUGIN_COUNT', value: countFile }, { name: 'PLUGIN_INFO', value: infoFile },
          { name: 'GOOD_TOKEN', value: env.tc.adminToken },
        ],
        ...extra,
      } } }],
      contexts: [{ name: `exec-${id}`, context: { cluster: 'c', user: 'u' } }],
    }));
    const r = await loadKubeconfig({ env: {}, explicitPath: file });
    assert.deepEqual(r.problems, []);
    return {
      config: r.config!,
      count: () => (existsSync(countFile) ? Number(readFileSync(countFile, 'utf8')) : 0),
      info: () => JSON.parse(readFileSync(infoFile, 'utf8')),
    };
  }

  const userEnv = { ...process.env, USER_VAR: 'from-the-user' };

  it('runs the plugin once and caches the credential until it expires', async () => {
    const s = await setup('ok', { provideClusterInfo: true });
    const kc = createKubeClient(s.config, { env: userEnv });
    await kc.list({ group: '', kind: 'Namespace' });
    await kc.list({ group: '', kind: 'ConfigMap' }, { namespace: 'default' });
    assert.equal(s.count(), 1);
    const { info, userVar } = s.info();
    assert.equal(userVar, 'from-the-user', "the user's environment reaches the plugin");
    assert.equal(info.spec['interactive'], false);
    assert.equal((info.spec['cluster'] as { server: string }).server, env.tc.url, 'provideClusterInfo');
    kc.close();
  });

  it('an expired credential is fetched again', async () => {
    const s = await setup('expired');
    const kc = createKubeClient(s.config, { env: userEnv });
    await kc.list({ group: '', kind: 'Namespace' });
    await kc.list({ group: '', kind: 'Namespace' });
    assert.ok(s.count() >= 2, `ran ${s.count()} times`);
    kc.close();
  });

  it('a 401 runs the plugin again once', async () => {
    const s = await setup('stale-first');
    const kc = createKubeClient(s.config, { env: userEnv });
    const l = await kc.list({ group: '', kind: 'Namespace' });
    assert.ok(l.items.length > 0);
    assert.equal(s.count(), 2);
    kc.close();
  });

  it('runs asynchronously: the event loop keeps turning while the plugin works', async () => {
    const s = await setup('slow');
    const kc = createKubeClient(s.config, { env: userEnv });
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 20);
    const p1 = kc.list({ group: '', kind: 'Namespace' });
    const p2 = kc.list({ group: '', kind: 'ConfigMap' });
    await Promise.all([p1, p2]);
    clearInterval(timer);
    assert.ok(ticks >= 20, `only ${ticks} ticks during an 800 ms plugin`);
    assert.equal(s.count(), 1, 'concurrent requests share one run');
    kc.close();
  });

  it('failures name the plugin and the context, with its stderr, never the output', async () => {
    const fail = await setup('fail');
    const e1 = await createKubeClient(fail.config).list({ group: '', kind: 'Namespace' }).then(() => undefined, (e: unknown) => e);
    assert.ok(e1 instanceof KubeError);
    assert.equal(e1.reason, 'ExecPlugin');
    assert.match(e1.message, /^exec plugin "plugin\.js" of context "exec-\d+" failed \(exit code 3\): error: you must log in first \(run: cloud auth login\)$/);

    const garbage = await setup('garbage');
    const e2 = await createKubeClient(garbage.config).list({ group: '', kind: 'Namespace' }).then(() => undefined, (e: unknown) => e) as KubeError;
    assert.match(e2.message, /printed an invalid ExecCredential: the output is not JSON/);
    assert.ok(!e2.message.includes('SECRET-TOKEN-123'));

    const missing = await setup('ok', { command: 'plumb-no-such-plugin', installHint: 'Install it with: apt install plumb-plugin' });
    const e3 = await createKubeClient(missing.config).list({ group: '', kind: 'Namespace' }).then(() => undefined, (e: unknown) => e) as KubeError;
    assert.match(e3.message, /exec plugin "plumb-no-such-plugin" of context "exec-\d+" was not found: .*not installed or not in PATH\nInstall it with: apt install plumb-plugin/);

    const always = await setup('ok', { interactiveMode: 'Always' });
    const e4 = await createKubeClient(always.config).list({ group: '', kind: 'Namespace' }).then(() => undefined, (e: unknown) => e) as KubeError;
    assert.match(e4.message, /needs an interactive terminal \(interactiveMode: Always\)/);
    assert.equal(always.count(), 0, 'never started');
  });

  it('a hanging plugin times out; an aborted wait stops it', async () => {
    const s = await setup('hang');
    const x = s.config.credentials.exec!;
    const execEnv = { ...process.env };
    const slow = new ExecAuthenticator(x, { env: execEnv, context: 'ctx', timeoutMs: 300 });
    const t0 = Date.now();
    await assert.rejects(slow.credential(), /exec plugin "plugin\.js" of context "ctx" did not finish within 0\.3 s \(is it waiting for an interactive login\?\)/);
    assert.ok(Date.now() - t0 < 2000);

    const ac = new AbortController();
    const a = new ExecAuthenticator(x, { env: execEnv, context: 'ctx' });
    const p = a.credential(ac.signal);
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(p, (e: unknown) => e instanceof KubeError && e.reason === 'Aborted');
  });
});
