// The bad-input corpus in one repository against the test cluster: `plumb status`, `plumb diff`
// (text and --json), `plumb apps --json` and `plumb sync` of the good app run in-process through
// the real CLI. Every
// bad input is reported with its file and line, nothing prints a stack trace, and the good app
// syncs and then shows Synced while its neighbours stay broken.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import { BAD, makeWorkspace, plumb, STACK_TRACE, type CaseWorkspace, type CliRun } from './workspace.js';

let tc: TestCluster;
let ws: CaseWorkspace;
let env: NodeJS.ProcessEnv;
const files: string[] = [];

before(async () => {
  tc = await startTestCluster({ simulate: true });
  ws = makeWorkspace();
  // every single-file case as its own plain app, the kustomize folders as apps of their own
  const apps: string[] = ['  - name: team-a\n    path: team-a\n', '  - name: team-b\n    path: team-b\n'];
  const singles = [
    ...readdirSync(BAD).filter((f) => /\.ya?ml$/.test(f)),
    ...readdirSync(join(BAD, 'manifests')).map((f) => `manifests/${f}`),
  ];
  for (const f of singles) {
    const name = `m-${f.replace(/^manifests\//, '').replace(/\.ya?ml$/, '').replace(/[^a-z0-9-]/gi, '-').toLowerCase()}`;
    ws.write(`${name}/${f.replace(/^manifests\//, '')}`, readFileSync(join(BAD, f)));
    apps.push(`  - name: ${name}\n    path: ${name}\n    namespace: bad\n`);
    files.push(`${name}/${f.replace(/^manifests\//, '')}`);
  }
  for (const d of readdirSync(BAD).filter((f) => f.startsWith('kustomize-'))) cpSync(join(BAD, d), join(ws.repo, d), { recursive: true });
  cpSync(join(BAD, 'repos/kustomize-outside-repo'), ws.repo, { recursive: true });
  cpSync(join(BAD, 'repos/two-apps-same-object/team-a'), join(ws.repo, 'team-a'), { recursive: true });
  cpSync(join(BAD, 'repos/two-apps-same-object/team-b'), join(ws.repo, 'team-b'), { recursive: true });
  writeFileSync(join(ws.base, 'outside.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen\nstringData:\n  token: from-outside-the-repo\n');
  ws.write('.plumb.yaml', `apps:\n${apps.join('')}`);
  const kubeconfig = join(ws.base, 'kubeconfig');
  tc.writeKubeconfig(kubeconfig);
  env = { HOME: ws.base, KUBECONFIG: kubeconfig };
  const nsType = tc.cluster.registry.find('', 'v1', 'namespaces')!;
  for (const ns of ['good', 'shared', 'bad']) tc.cluster.create(nsType, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { manager: 'test' });
});

after(async () => {
  ws.close();
  await tc.close();
});

const run = (...argv: string[]): Promise<CliRun> => plumb([...argv, '--repo', ws.repo], ws.repo, env);

function clean(r: CliRun): void {
  for (const s of [r.out, r.err]) {
    assert.doesNotMatch(s, STACK_TRACE);
    assert.ok(!s.includes(ws.base), 'an absolute temp path was printed');
    assert.doesNotMatch(s, /from-outside-the-repo/);
  }
}

test('plumb status and diff over the whole corpus: every bad file named, the good app still compared', { timeout: 60_000 }, async () => {
  const t0 = performance.now();
  const status = await run('status');
  const ms = performance.now() - t0;
  clean(status);
  assert.ok(ms < 30_000, `plumb status took ${ms.toFixed(0)} ms`);
  assert.match(status.out, /^good\s+plain\s+OutOfSync\s+Missing\s+1 \(1 out of sync\)/m);
  assert.equal(status.code, 0, status.err);
  // one line per problem, `severity: [app] file:line: message`
  for (const line of status.err.trim().split('\n')) assert.match(line, /^(error|warning): (\[[^\]]+\] )?\S+:\d+: \S/, line);
  // each bad file of the corpus is named (the valid-but-odd ones are not)
  const valid = /m-(empty|only-comments|deeply-nested-block|unknown-apiversion)\//;
  for (const f of files.filter((x) => !valid.test(x))) assert.ok(status.err.includes(`${f}:`), `${f} not reported:\n${status.err}`);
  assert.match(status.err, /escape\/kustomization\.yaml:4: \.\.\/\.\.\/outside\.yaml listed in escape\/kustomization\.yaml is outside the repository/);
  assert.match(status.err, /warning: \[team-b\] team-b\/settings\.yaml:1: ConfigMap shared\/settings is also declared by app team-a/);

  // the offline listing of the same repository, machine-readable
  const apps = await run('apps', '--json');
  clean(apps);
  assert.equal(apps.code, 0, apps.err);
  const listed = JSON.parse(apps.out) as { apps: Array<{ name: string }>; problems: Array<{ location?: { file: string } }> };
  assert.ok(listed.apps.some((a) => a.name === 'good'));
  assert.ok(listed.problems.every((p) => p.location?.file));

  const diff = await run('diff');
  clean(diff);
  assert.equal(diff.code, 0);
  const json = await run('diff', '--json');
  clean(json);
  const parsed = JSON.parse(json.out) as { apps: Array<{ name: string; sync: string; resources: Array<{ status: string }> }> };
  assert.deepEqual(parsed.apps.find((a) => a.name === 'good')?.resources.map((r) => r.status), ['Missing']);
  // exit code 2 is for run-level errors only; drift alone is 1
  assert.equal((await run('diff', '--exit-code', 'good')).code, 1);
});

test('a kind the cluster does not serve is a clear problem for its app only', async () => {
  const r = await run('status', 'm-unknown-apiversion', 'good');
  clean(r);
  assert.match(r.out, /^m-unknown-apiversion\s+plain\s+(Unknown|OutOfSync)/m);
  // named at the object's file and line, for that app: the run itself is not failed for it
  assert.match(r.err, /^error: \[m-unknown-apiversion\] m-unknown-apiversion\/unknown-apiversion\.yaml:1: live state of Widget\.widgets\.example\.com is unavailable: .*does not serve kind Widget\.widgets\.example\.com \(is its CustomResourceDefinition installed\?\)$/m);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^good\s+plain\s+OutOfSync/m);
});

test('the good app syncs beside the broken ones and is then Synced', { timeout: 60_000 }, async () => {
  const sync = await run('sync', 'good', '--yes');
  clean(sync);
  assert.equal(sync.code, 0, sync.out + sync.err);
  const status = await run('status', 'good', 'team-a', 'm-malformed');
  clean(status);
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /^good\s+plain\s+Synced\s+Healthy\s+1\s*$/m);
  assert.match(status.err, /m-malformed\/malformed\.yaml:9: YAML syntax error/);
  assert.equal((await run('diff', '--exit-code', 'good')).code, 0);
  // an object the API server refuses (bad base64) fails its sync with a message, not a trace
  const bad = await run('sync', 'm-secret-bad-base64', '--yes');
  clean(bad);
  assert.notEqual(bad.code, 0);
  assert.match(bad.out + bad.err, /m-secret-bad-base64\/secret-bad-base64\.yaml:7: Secret creds: data\.password is not valid base64/);
});
