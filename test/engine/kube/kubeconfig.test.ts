// Kubeconfig loading as kubectl does it: KUBECONFIG merging, contexts, relative file references,
// problems naming the file; and the contexts list for the picker.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { listContexts, loadKubeconfig } from '../../../src/engine/kube/kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBclient\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBkey\n-----END PRIVATE KEY-----\n';

describe('loadKubeconfig', () => {
  let dir: string;
  let a: string;
  let b: string;
  const write = (rel: string, content: unknown) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : YAML.stringify(content));
    return p;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'plumb-kubeconfig-'));
    a = write('a/config', {
      apiVersion: 'v1', kind: 'Config', 'current-context': 'alpha',
      clusters: [{ name: 'c1', cluster: { server: 'https://one.example:6443/', 'certificate-authority-data': Buffer.from(CA).toString('base64') } }],
      users: [{ name: 'u1', user: { token: 'token-from-a' } }],
      contexts: [
        { name: 'alpha', context: { cluster: 'c1', user: 'u1', namespace: 'team-a' } },
        { name: 'shared', context: { cluster: 'c1', user: 'u1' } },
      ],
    });
    write('b/certs/ca.pem', CA);
    write('b/certs/client.crt', CERT);
    write('b/certs/client.key', KEY);
    write('b/token', 'token-from-file\n');
    b = write('b/config', {
      apiVersion: 'v1', kind: 'Config', 'current-context': 'beta',
      clusters: [
        { name: 'c1', cluster: { server: 'https://ignored.example' } },
        { name: 'c2', cluster: { server: 'https://two.example', 'certificate-authority': 'certs/ca.pem', 'tls-server-name': 'api.two' } },
        { name: 'c3', cluster: { server: 'https://three.example', 'insecure-skip-tls-verify': true, 'proxy-url': 'http://proxy:3128' } },
      ],
      users: [
        { name: 'u1', user: { token: 'ignored' } },
        { name: 'u2', user: { 'client-certificate': 'certs/client.crt', 'client-key': 'certs/client.key', as: 'someone', 'as-groups': ['devs'] } },
        { name: 'u3', user: { tokenFile: 'token' } },
        { name: 'gcp', user: { 'auth-provider': { name: 'gcp', config: {} } } },
        { name: 'u-exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/plugin', args: ['x'], env: [{ name: 'A', value: '1' }], interactiveMode: 'Never' } } },
        { name: 'u-exec-path', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin' } } },
        { name: 'u-exec-old', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' } } },
      ],
      contexts: [
        { name: 'shared', context: { cluster: 'c2', user: 'u2' } },
        { name: 'beta', context: { cluster: 'c2', user: 'u2', namespace: 'team-b' } },
        { name: 'insecure', context: { cluster: 'c3', user: 'u3' } },
        { name: 'google', context: { cluster: 'c3', user: 'gcp' } },
        { name: 'exec', context: { cluster: 'c3', user: 'u-exec' } },
        { name: 'exec-path', context: { cluster: 'c3', user: 'u-exec-path' } },
        { name: 'exec-old', context: { cluster: 'c3', user: 'u-exec-old' } },
        { name: 'no-cluster', context: { cluster: 'nope', user: 'u1' } },
        { name: 'no-user', context: { cluster: 'c1', user: 'nobody' } },
      ],
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const env = () => ({ HOME: join(dir, 'home'), KUBECONFIG: [a, join(dir, 'missing'), b].join(':') });

  it('merges KUBECONFIG files: first file wins per name and for current-context; missing files are skipped', async () => {
    const r = await loadKubeconfig({ env: env() });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.files, [a, b]);
    assert.equal(r.currentContext, 'alpha');
    const c = r.config!;
    assert.equal(c.context, 'alpha');
    assert.equal(c.namespace, 'team-a');
    assert.equal(c.server, 'https://one.example:6443', 'from file a, trailing slash dropped');
    assert.equal(c.caPem, CA);
    assert.equal(c.credentials.token, 'token-from-a');
    assert.equal(c.source, a);
    const shared = (await loadKubeconfig({ env: env(), context: 'shared' })).config!;
    assert.equal(shared.cluster, 'c1', 'the context "shared" of the first file wins');
    assert.equal(shared.namespace, 'default');
  });

  it('resolves relative certificate, key and token paths against the file that names them', async () => {
    const r = await loadKubeconfig({ env: env(), context: 'beta' });
    assert.deepEqual(r.problems, []);
    const c = r.config!;
    assert.equal(c.caPem, CA);
    assert.equal(c.tlsServerName, 'api.two');
    assert.equal(c.credentials.clientCertPem, CERT);
    assert.equal(c.credentials.clientKeyPem, KEY);
    assert.deepEqual(c.impersonate, { user: 'someone', uid: undefined, groups: ['devs'], extra: undefined });
    const t = (await loadKubeconfig({ env: env(), context: 'insecure' })).config!;
    assert.equal(t.credentials.tokenFile, join(dir, 'b/token'));
    assert.equal(t.insecureSkipTlsVerify, true);
  });

  it('exec plugins: a command with a path is relative to the file, a bare name is left for PATH', async () => {
    const x = (await loadKubeconfig({ env: env(), context: 'exec' })).config!.credentials.exec!;
    assert.equal(x.command, join(dir, 'b/bin/plugin'));
    assert.deepEqual(x.args, ['x']);
    assert.deepEqual(x.env, [{ name: 'A', value: '1' }]);
    assert.equal(x.interactiveMode, 'Never');
    const y = (await loadKubeconfig({ env: env(), context: 'exec-path' })).config!.credentials.exec!;
    assert.equal(y.command, 'gke-gcloud-auth-plugin');
    assert.equal(y.interactiveMode, 'IfAvailable');
    const old = await loadKubeconfig({ env: env(), context: 'exec-old' });
    assert.equal(old.config, undefined);
    assert.match(old.problems.find((x) => x.severity === 'error')!.message, /exec apiVersion "client.authentication.k8s.io\/v1alpha1" is not supported/);
  });

  it('proxy-url is reported as unsupported (a warning), auth-provider as an error with a hint', async () => {
    const p = await loadKubeconfig({ env: env(), context: 'insecure' });
    assert.ok(p.config);
    assert.deepEqual(p.problems.map((x) => x.severity), ['warning']);
    assert.match(p.problems[0]!.message, /cluster "c3" in .*b\/config: proxy-url is not supported/);
    const g = await loadKubeconfig({ env: env(), context: 'google' });
    assert.equal(g.config, undefined);
    const gp = g.problems.find((x) => x.severity === 'error')!;
    assert.match(gp.message, /user "gcp" in .*b\/config uses auth-provider "gcp", which is not supported; .*gke-gcloud-auth-plugin/);
    assert.equal(gp.location?.file, b);
  });

  it('missing contexts, clusters and users name the files', async () => {
    const m = await loadKubeconfig({ env: env(), context: 'nope' });
    assert.equal(m.config, undefined);
    assert.equal(m.problems.length, 1);
    assert.match(m.problems[0]!.message, /^context "nope" was not found in .*a\/config, .*b\/config \(contexts: "alpha", "shared", "beta"/);
    const nc = await loadKubeconfig({ env: env(), context: 'no-cluster' });
    assert.match(nc.problems[0]!.message, /context "no-cluster" refers to cluster "nope", which is not defined in/);
    assert.equal(nc.problems[0]!.location?.file, b);
    assert.ok((nc.problems[0]!.location?.line ?? 0) > 1, 'the line of the context entry');
    const nu = await loadKubeconfig({ env: env(), context: 'no-user' });
    assert.match(nu.problems[0]!.message, /refers to user "nobody"/);
  });

  it('malformed YAML names the file and line; an explicit missing file is an error', async () => {
    const bad = write('bad/config', 'apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: [\n');
    const r = await loadKubeconfig({ env: {}, explicitPath: bad });
    assert.equal(r.config, undefined);
    assert.match(r.problems[0]!.message, /^kubeconfig .*bad\/config is not valid YAML: /);
    assert.equal(r.problems[0]!.location?.file, bad);
    assert.ok((r.problems[0]!.location?.line ?? 0) >= 4);
    const dup = write('dup/config', 'current-context: a\ncurrent-context: b\n');
    assert.match((await loadKubeconfig({ env: {}, explicitPath: dup })).problems[0]!.message, /not valid YAML: .*[Mm]ap keys must be unique/);
    const notMap = write('list/config', '- a\n- b\n');
    assert.match((await loadKubeconfig({ env: {}, explicitPath: notMap })).problems[0]!.message, /is not a kubeconfig/);
    const missing = await loadKubeconfig({ env: {}, explicitPath: join(dir, 'nope/config') });
    assert.match(missing.problems[0]!.message, /cannot read kubeconfig .*nope\/config: no such file/);
    const none = await loadKubeconfig({ env: { HOME: join(dir, 'empty-home') } });
    assert.match(none.problems[0]!.message, /^no kubeconfig found: .*empty-home\/\.kube\/config does not exist/);
  });

  it('default ~/.kube/config; a missing certificate file names both files', async () => {
    const home = join(dir, 'home2');
    write('home2/.kube/config', {
      'current-context': 'x',
      clusters: [{ name: 'c', cluster: { server: 'https://h.example', 'certificate-authority': 'nope.pem' } }],
      contexts: [{ name: 'x', context: { cluster: 'c' } }],
    });
    const r = await loadKubeconfig({ env: { HOME: home } });
    assert.equal(r.config, undefined);
    assert.match(r.problems[0]!.message, /certificate-authority of cluster "c" \(.*home2\/\.kube\/nope\.pem, from .*home2\/\.kube\/config\) cannot be read: no such file/);
  });

  it('no current context: asks to choose one; the namespace option overrides the context namespace', async () => {
    const f = write('nocur/config', { clusters: [{ name: 'c', cluster: { server: 'https://x' } }], contexts: [{ name: 'k', context: { cluster: 'c' } }] });
    const r = await loadKubeconfig({ env: {}, explicitPath: f });
    assert.match(r.problems[0]!.message, /no current context is set in .*nocur\/config; choose one with --context \(contexts: "k"\)/);
    const n = await loadKubeconfig({ env: {}, explicitPath: f, context: 'k', namespace: 'ns1' });
    assert.equal(n.config?.namespace, 'ns1');
    assert.deepEqual(n.config?.credentials, {}, 'no user: anonymous');
  });

  it('credentials print as [redacted]', async () => {
    const c = (await loadKubeconfig({ env: env() })).config!;
    assert.ok(!JSON.stringify(c).includes('token-from-a'));
    assert.ok(!inspect(c, { depth: 10 }).includes('token-from-a'));
  });

  it('listContexts: every context with its cluster server, namespace, file and which is current', async () => {
    const l = await listContexts({ env: env() });
    assert.equal(l.currentContext, 'alpha');
    assert.deepEqual(l.contexts.slice(0, 3).map((c) => [c.name, c.server, c.namespace, c.current, c.file]), [
      ['alpha', 'https://one.example:6443/', 'team-a', true, a],
      ['shared', 'https://one.example:6443/', 'default', false, a],
      ['beta', 'https://two.example', 'team-b', false, b],
    ]);
  });
});
