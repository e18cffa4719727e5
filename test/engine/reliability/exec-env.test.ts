// Exec credential plugins run with the user's environment only (the CLI's environment, plus the
// plugin's own `env` entries and KUBERNETES_EXEC_INFO; nothing else from Plumb's process, no other
// user's credentials), and kubeconfig credentials never reach a log line or a message.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { createKubeClient } from '../../../src/engine/kube/client.js';
import { loadKubeconfig } from '../../../src/engine/kube/kubeconfig.js';
import { startRelEnv, type RelEnv } from './harness.js';

// Records the names of its environment variables (never their values) and whether the exec info
// it was given mentions any planted credential.
const PLUGIN = `#!/usr/bin/env node
const fs = require('fs');
const info = process.env.KUBERNETES_EXEC_INFO || '';
const planted = (process.env.PLANTED || '').split(',').filter(Boolean);
fs.writeFileSync(process.env.PLUGIN_OUT, JSON.stringify({ names: Object.keys(process.env).sort(), infoLeaks: planted.filter((p) => info.includes(p)).length, info: JSON.parse(info) }));
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: process.env.PLUGIN_TOKEN } }));
`;

const STATIC_TOKEN = 'PLANTotherUserTokenQw19';
const BASIC_PASSWORD = 'PLANTbasicPwdEr20';
const PROCESS_ONLY = 'PLUMB_TEST_PROCESS_ONLY_SECRET';

describe('exec plugins and credentials', { timeout: 90_000 }, () => {
  let env: RelEnv;
  let out: string;
  let kubeconfig: string;

  before(async () => {
    env = await startRelEnv();
    env.tc.addUser(STATIC_TOKEN, { username: 'other', groups: ['system:masters', 'system:authenticated'] });
    const plugin = join(env.dir, 'plugin.js');
    writeFileSync(plugin, PLUGIN);
    chmodSync(plugin, 0o755);
    out = join(env.dir, 'plugin-out.json');
    kubeconfig = join(env.dir, 'kubeconfig-exec');
    writeFileSync(kubeconfig, YAML.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'exec',
      clusters: [{ name: 'test', cluster: { server: env.tc.url, 'certificate-authority-data': Buffer.from(env.tc.caPem).toString('base64') } }],
      users: [
        { name: 'exec-user', user: { exec: {
          apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never', provideClusterInfo: true,
          env: [{ name: 'PLUGIN_TOKEN', value: env.tc.adminToken }, { name: 'PLUGIN_OUT', value: out }, { name: 'PLANTED', value: [STATIC_TOKEN, BASIC_PASSWORD].join(',') }],
        } } },
        { name: 'static-user', user: { token: STATIC_TOKEN } },
        { name: 'basic-user', user: { username: 'admin', password: BASIC_PASSWORD } },
        { name: 'wrong-user', user: { token: `${STATIC_TOKEN}-wrong` } },
      ],
      contexts: [
        { name: 'exec', context: { cluster: 'test', user: 'exec-user' } },
        { name: 'static', context: { cluster: 'test', user: 'static-user' } },
        { name: 'basic', context: { cluster: 'test', user: 'basic-user' } },
        { name: 'wrong', context: { cluster: 'test', user: 'wrong-user' } },
      ],
    }), { mode: 0o600 });
    process.env[PROCESS_ONLY] = 'not-for-plugins';
  });
  after(async () => {
    delete process.env[PROCESS_ONLY];
    await env?.close();
  });

  it('the plugin gets the CLI environment, its own env entries and KUBERNETES_EXEC_INFO: nothing more', async () => {
    const userEnv = { HOME: env.dir, KUBECONFIG: kubeconfig, PATH: process.env['PATH'], USER_CHOSEN: 'yes' };
    const r = await env.plumb(['status', 'storefront', '--json'], { env: userEnv });
    assert.equal(r.code === 0 || r.code === 1, true, r.err);
    const got = JSON.parse(readFileSync(out, 'utf8')) as { names: string[]; infoLeaks: number; info: { spec: { cluster?: { server?: string } } } };
    assert.deepEqual(got.names, ['HOME', 'KUBECONFIG', 'KUBERNETES_EXEC_INFO', 'PATH', 'PLANTED', 'PLUGIN_OUT', 'PLUGIN_TOKEN', 'USER_CHOSEN']);
    assert.ok(!got.names.includes(PROCESS_ONLY));
    // provideClusterInfo: the cluster (server, CA), never another user's credentials.
    assert.equal(got.info.spec.cluster?.server, env.tc.url);
    assert.equal(got.infoLeaks, 0);
  });

  it('no credential in the transport log or in messages, whichever way the user authenticates', async () => {
    const lines: string[] = [];
    const messages: string[] = [];
    for (const context of ['exec', 'static', 'basic', 'wrong']) {
      const kc = await loadKubeconfig({ env: { HOME: env.dir }, explicitPath: kubeconfig, context });
      assert.ok(kc.config, context);
      const c = createKubeClient(kc.config, { env: { HOME: env.dir, PATH: process.env['PATH'] }, log: (l) => lines.push(l), backoffMs: 10 });
      try {
        await c.list({ group: '', kind: 'ConfigMap' }, { namespace: 'default' });
        await c.get({ group: '', kind: 'Secret', namespace: 'default', name: 'absent' }).catch((e: Error) => messages.push(e.message));
      } catch (e) {
        messages.push((e as Error).message);
      } finally {
        c.close();
      }
    }
    const r = await env.plumb(['status', 'storefront', '--context', 'wrong'], { env: { HOME: env.dir, KUBECONFIG: kubeconfig, PATH: process.env['PATH'] } });
    messages.push(r.out, r.err);
    assert.ok(lines.length >= 8, `${lines.length} log lines`);
    assert.ok(messages.some((m) => /rejected the credentials of context "wrong" \(401 Unauthorized\)/.test(m)), messages.join('\n'));
    const planted = [env.tc.adminToken, STATIC_TOKEN, BASIC_PASSWORD, Buffer.from(`admin:${BASIC_PASSWORD}`).toString('base64')];
    for (const text of [...lines, ...messages]) for (const p of planted) assert.ok(!text.includes(p), `a credential in: ${text}`);
  });
});
