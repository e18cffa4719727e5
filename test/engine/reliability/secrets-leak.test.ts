// No secret value leaves Plumb. Distinctive values are planted everywhere a secret lives: Secret
// data and stringData in Git (plain YAML and a Helm chart) and live (kubectl edits), a Flux
// postBuild variable substituted from a Secret, fields named password/token in a custom resource,
// the kubeconfig (static token, basic-auth password, client key) and an exec plugin's token. Then
// status / diff / compare / sync --dry-run / sync / history / restore / apps run, as text and as
// --json, through the in-process CLI, with faults injected. stdout, stderr and every file written
// under the temp dirs (and os.tmpdir()) during the runs must hold none of the values, nor their base64.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { initRepo } from '../../cli/redis-repo.js';
import { startRelEnv, type RelEnv } from './harness.js';

const P = {
  gitData: 'PLANTgitDataQx71', gitString: 'PLANTgitStringWv28', chartPassword: 'PLANTchartPassEr39',
  liveData: 'PLANTliveDataTy40', livePassword: 'PLANTlivePassUi51', substVar: 'PLANTsubstVarOp62',
  crdPassword: 'PLANTcrdPassAs73', crdToken: 'PLANTcrdTokenDf84', liveCrdPassword: 'PLANTliveCrdGh95',
  staticToken: 'PLANTstaticTokenJk06', basicPassword: 'PLANTbasicPassKl17', clientKey: 'PLANTclientKeyZx28',
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

const PLUGIN = `#!/usr/bin/env node
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: process.env.PLUGIN_TOKEN } }));
`;

/** Every regular file under dir with its mtime (skipping node_modules, unreadable and large files). */
function filesUnder(dir: string, depth = 8, out = new Map<string, number>()): Map<string, number> {
  let names: string[];
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names) {
    const p = join(dir, n);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) { if (depth > 0 && n !== 'node_modules') filesUnder(p, depth - 1, out); }
    else if (st.isFile() && st.size < 20 * 1024 * 1024) out.set(p, st.mtimeMs);
  }
  return out;
}

describe('secret values never leave Plumb', { timeout: 240_000 }, () => {
  let env: RelEnv;
  let adminToken: string;
  const capture = join(tmpdir(), `plumb-leak-tmp-${process.pid}`);
  const outputs: Array<{ what: string; text: string }> = [];
  let runEnv: NodeJS.ProcessEnv;

  before(async () => {
    env = await startRelEnv();
    adminToken = env.tc.adminToken;
    env.tc.addUser(P.staticToken, { username: 'static-admin', groups: ['system:masters', 'system:authenticated'] });
    // Git: a plain app with a Secret (data + stringData) and a custom resource with password/token fields,
    env.edit('.plumb.yaml', (s) => s.replace('apps:\n', 'apps:\n  - name: vault\n    path: vault\n    namespace: vault\n'));
    env.write('vault/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: vault}\n');
    env.write('vault/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata: {name: api, namespace: vault}\ntype: Opaque\ndata:\n  API_KEY: ${b64(P.gitData)}\nstringData:\n  DB_URL: "postgres://app:${P.gitString}@db"\n`);
    env.write('vault/database.yaml', `apiVersion: example.com/v1\nkind: Database\nmetadata: {name: orders, namespace: vault}\nspec:\n  engine: postgres\n  password: ${P.crdPassword}\n  auth:\n    token: ${P.crdToken}\n`);
    // the payments chart's database password,
    env.edit('charts/payments/values.yaml', (s) => s.replace('password: s3cr3t-demo-only', `password: ${P.chartPassword}`));
    // and a Flux Kustomization substituting a variable from a Secret declared in Git.
    env.write('flux/clusters/prod/vault-vars.yaml', `apiVersion: v1\nkind: Secret\nmetadata: {name: vault-vars, namespace: flux-system}\nstringData:\n  DB_PASS: ${P.substVar}\n`);
    env.write('flux/clusters/prod/vault-flux.yaml', `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: vault-flux, namespace: flux-system}
spec:
  interval: 10m
  sourceRef: {kind: GitRepository, name: shop}
  path: ./vault-flux
  prune: true
  targetNamespace: vault
  postBuild:
    substituteFrom:
      - {kind: Secret, name: vault-vars}
`);
    env.edit('flux/clusters/prod/kustomization.yaml', (s) => s.replace('resources:\n', 'resources:\n  - vault-vars.yaml\n  - vault-flux.yaml\n'));
    env.write('vault-flux/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [configmap.yaml]\n');
    env.write('vault-flux/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conn}\ndata:\n  url: "postgres://app:${DB_PASS}@db"\n  mode: ro\n');
    const { commitAll } = initRepo(env.repo);
    commitAll('shop with secrets');

    // The cluster: the Database CRD, then everything synced once, then kubectl edits of secret values.
    await env.client.apply({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'databases.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'databases', singular: 'database', kind: 'Database', listKind: 'DatabaseList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: {
          engine: { type: 'string' }, password: { type: 'string' }, auth: { type: 'object', properties: { token: { type: 'string' } } },
        } } } } } }],
      },
    }, { fieldManager: 'test' });
    for (let i = 0; ; i++) {
      try { await env.client.resourceFor({ group: 'example.com', kind: 'Database' }); break; } catch (e) { if (i > 50) throw e; await new Promise((r) => setTimeout(r, 100)); }
    }

    // Kubeconfig: the current context's user runs an exec plugin; others hold a static token, a
    // basic-auth password and a client key.
    const plugin = join(env.dir, 'plugin.js');
    writeFileSync(plugin, PLUGIN);
    chmodSync(plugin, 0o755);
    const fakeKey = `-----BEGIN PRIVATE KEY-----\n${b64(P.clientKey)}\n-----END PRIVATE KEY-----\n`;
    writeFileSync(env.kubeconfig, YAML.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'exec',
      clusters: [{ name: 'test', cluster: { server: env.tc.url, 'certificate-authority-data': b64(env.tc.caPem) } }],
      users: [
        { name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never', env: [{ name: 'PLUGIN_TOKEN', value: adminToken }] } } },
        { name: 'static-user', user: { token: P.staticToken } },
        { name: 'basic-user', user: { username: 'admin', password: P.basicPassword } },
        { name: 'cert-user', user: { 'client-certificate-data': b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), 'client-key-data': b64(fakeKey) } },
      ],
      contexts: [
        { name: 'exec', context: { cluster: 'test', user: 'exec-user' } },
        { name: 'static', context: { cluster: 'test', user: 'static-user' } },
        { name: 'basic', context: { cluster: 'test', user: 'basic-user' } },
        { name: 'cert', context: { cluster: 'test', user: 'cert-user' } },
      ],
    }), { mode: 0o600 });
    mkdirSync(capture, { recursive: true });
    runEnv = { HOME: env.dir, KUBECONFIG: env.kubeconfig, PATH: process.env['PATH'], TMPDIR: capture };
  });
  after(async () => {
    await env?.close();
    rmSync(capture, { recursive: true, force: true });
  });

  async function run(what: string, ...argv: string[]): Promise<number> {
    const r = await env.plumb(argv, { env: runEnv });
    outputs.push({ what: `${what} (stdout)`, text: r.out }, { what: `${what} (stderr)`, text: r.err });
    return r.code;
  }

  it('through status, diff, compare, sync, history, restore and apps, with faults: no planted value anywhere', async () => {
    // Files as they were before the runs: only what the runs write (or rewrite) is scanned.
    // Other instances of this test (another test run on the machine) keep the same planted values in
    // their own plumb-rel-* directories: those are theirs, not leaks of this run.
    const others = (f: string) => f.startsWith(join(tmpdir(), 'plumb-rel-')) && !f.startsWith(env.dir) || f.startsWith(join(tmpdir(), 'plumb-leak-tmp-')) && !f.startsWith(capture);
    const scanned = () => new Map([...filesUnder(env.dir), ...filesUnder(capture), ...[...filesUnder(tmpdir(), 2)].filter(([f]) => !others(f))]);
    const beforeRuns = scanned();
    const realTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = capture; // whatever the engine writes to os.tmpdir() lands where it is scanned
    try {
      const apps = ['vault', 'payments', 'flux-system/vault-flux'];
      await run('sync --dry-run', 'sync', ...apps, '--dry-run');
      await run('sync --dry-run --json', 'sync', ...apps, '--dry-run', '--json');
      assert.equal(await run('sync vault', 'sync', 'vault', '--yes'), 0, outputs.slice(-2).map((o) => o.text).join('\n')); // brings the namespace
      assert.equal(await run('sync', 'sync', ...apps, '--yes'), 0, outputs.slice(-2).map((o) => o.text).join('\n'));

      // Live edits: new secret values, a changed custom resource password, the substituted ConfigMap changed.
      await env.client.patch({ group: '', kind: 'Secret', namespace: 'vault', name: 'api' }, { data: { API_KEY: b64(P.liveData) } }, 'merge', { fieldManager: 'kubectl-edit' });
      await env.client.patch({ group: '', kind: 'Secret', namespace: 'payments', name: 'payments-db' }, { stringData: { DB_PASSWORD: P.livePassword } }, 'merge', { fieldManager: 'kubectl-edit' });
      await env.client.patch({ group: 'example.com', kind: 'Database', namespace: 'vault', name: 'orders' }, { spec: { password: P.liveCrdPassword } }, 'merge', { fieldManager: 'kubectl-edit' });
      await env.client.patch({ group: '', kind: 'ConfigMap', namespace: 'vault', name: 'conn' }, { data: { url: 'postgres://app:changed@db' } }, 'merge', { fieldManager: 'kubectl-edit' });

      for (const ctx of ['exec', 'static', 'basic']) {
        await run(`status --context ${ctx}`, 'status', ...apps, '--context', ctx);
        await run(`status --json --context ${ctx}`, 'status', ...apps, '--json', '--context', ctx);
      }
      await run('status (cert: TLS client key)', 'status', 'vault', '--context', 'cert');
      const d = await run('diff', 'diff', ...apps);
      assert.equal(d, 0, 'diff without --exit-code');
      await run('diff --json', 'diff', ...apps, '--json');
      await run('diff --exit-code', 'diff', ...apps, '--exit-code');
      // Make sure the runs did see the drift (else the test proves nothing).
      const diffText = outputs.find((o) => o.what === 'diff (stdout)')!.text;
      assert.match(diffText, /Secret\/vault\/api/);
      assert.match(diffText, /Database\.example\.com\/vault\/orders/);
      assert.match(diffText, /ConfigMap\/vault\/conn/);

      // compare: files as a user would give them (written before, so they are not scanned as output).
      const desired = join(env.dir, 'desired-secret.yaml');
      const live = join(env.dir, 'live-secret.json');
      writeFileSync(desired, readFileSync(join(env.repo, 'vault/secret.yaml')));
      writeFileSync(live, JSON.stringify(await env.client.get({ group: '', kind: 'Secret', namespace: 'vault', name: 'api' })));
      const desiredDb = join(env.dir, 'desired-db.yaml');
      const liveDb = join(env.dir, 'live-db.json');
      writeFileSync(desiredDb, readFileSync(join(env.repo, 'vault/database.yaml')));
      writeFileSync(liveDb, JSON.stringify(await env.client.get({ group: 'example.com', kind: 'Database', namespace: 'vault', name: 'orders' })));
      await run('compare', 'compare', desired, live);
      await run('compare --json', 'compare', desired, live, '--json');
      await run('compare CR', 'compare', desiredDb, liveDb);
      await run('compare CR --json', 'compare', desiredDb, liveDb, '--json');

      // Faults: the Secret's apply fails (500 → retried, then given up), a list is throttled, a GET dropped.
      env.tc.faults.add({ match: { method: 'PATCH', path: '/api/v1/namespaces/vault/secrets/api' }, action: { type: 'error', code: 500, message: 'etcd leader changed' }, nth: 2, times: 10 });
      env.tc.faults.add({ match: { method: 'GET', path: '/api/v1/secrets' }, action: { type: 'throttle', retryAfterSeconds: 0 }, nth: 1 });
      env.tc.faults.add({ match: { method: 'GET', path: '/apis/example.com' }, action: { type: 'drop' }, nth: 1 });
      await run('sync --dry-run (drift)', 'sync', ...apps, '--dry-run');
      assert.equal(await run('sync with a failing Secret', 'sync', ...apps, '--yes'), 1);
      assert.match(outputs[outputs.length - 1]!.text, /Secret vault\/api: the cluster at .* failed to (apply|patch) secrets "api" in namespace "vault": etcd leader changed/);
      env.tc.faults.clear();
      env.tc.faults.add({ match: { method: 'PATCH', path: '/apis/example.com/v1/namespaces/vault/databases/orders' }, action: { type: 'error', code: 409 }, nth: 1, times: 1 });
      await run('sync --json', 'sync', ...apps, '--yes', '--json');
      env.tc.faults.clear();
      await run('history', 'history', 'payments');
      await run('history --json', 'history', 'payments', '--json');
      await run('restore', 'restore', '--yes');
      await run('restore --json', 'restore', '--yes', '--json');
      await run('apps', 'apps');
      await run('apps --json', 'apps', '--json');
    } finally {
      if (realTmp === undefined) delete process.env['TMPDIR']; else process.env['TMPDIR'] = realTmp;
    }

    const compareInputs = ['desired-secret.yaml', 'live-secret.json', 'desired-db.yaml', 'live-db.json'].map((n) => join(env.dir, n)); // the test's own
    const files = [...scanned()].filter(([f, mtime]) => beforeRuns.get(f) !== mtime && !compareInputs.includes(f)).map(([f]) => f);
    assert.ok(files.length > 0, 'the runs wrote files (e.g. the renders), and they were scanned');
    const leaks: string[] = [];
    const needles = Object.entries(P).flatMap(([k, v]) => [[k, v], [`base64(${k})`, b64(v)]] as Array<[string, string]>);
    needles.push(['admin token (exec plugin)', adminToken], ['base64(admin token)', b64(adminToken)], ['base64(basic auth)', b64(`admin:${P.basicPassword}`)]);
    for (const o of outputs) for (const [name, v] of needles) if (o.text.includes(v)) leaks.push(`${name} in ${o.what}`);
    let scannedFiles = 0;
    for (const f of files) {
      let text: string;
      try { text = readFileSync(f, 'latin1'); } catch { continue; }
      for (const [name, v] of needles) if (text.includes(v)) leaks.push(`${name} in file ${f}`);
      scannedFiles++;
    }
    assert.deepEqual(leaks, []);
    // The runs said something useful all the same.
    assert.ok(outputs.some((o) => /\*\*\* \(masked\)/.test(o.text)), 'masked values are shown as such');
    // The server-side dry-runs behind the verdicts worked (the test server once lost metadata.name here).
    assert.ok(!outputs.some((o) => /name or generateName is required/.test(o.text)), 'dry-runs succeeded');
    // Files that vanished before they could be read belong to tests running alongside (their temp dirs):
  // nothing of ours is deleted before this scan.
  assert.ok(scannedFiles > 0, 'files were scanned');
  });
});
