// `plumb compare`: JSON key order, the human summary, and bad input as exit 2 with file:line.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import type { CliIO } from '../../../src/cli/command.js';

const dir = mkdtempSync(join(tmpdir(), 'plumb-compare-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CASES = join(__dirname, 'cases');

async function plumb(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: dir, env: {}, signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return name; };

test('--json prints the verdict with the contract key order', async () => {
  const c = join(CASES, 'kubectl-edit-adds-env');
  const r = await plumb('compare', join(c, 'desired.yaml'), join(c, 'live.json'), '--json');
  assert.equal(r.code, 0, r.err);
  const v = JSON.parse(r.out) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ['inSync', 'driftPaths', 'note', 'pathKinds', 'health', 'sources']);
  assert.deepEqual(v['driftPaths'], ['spec.template.spec.containers[name=web].env[name=DEBUG]']);
});

test('--context is read and echoed; a comment-only desired file means "not in Git"', async () => {
  const c = join(CASES, 'extraneous-prune-false');
  const r = await plumb('compare', join(c, 'desired.yaml'), join(c, 'live.json'), '--context', join(c, 'context.json'), '--json');
  assert.equal(r.code, 0, r.err);
  const v = JSON.parse(r.out) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ['inSync', 'driftPaths', 'note', 'objectDrift', 'pruneCandidate', 'context', 'sources']);
  assert.equal(v['objectDrift'], 'extraneous');
  assert.equal(v['pruneCandidate'], false);
});

test('without --json: a short human summary, exit 0 even when out of sync', async () => {
  const c = join(CASES, 'kubectl-set-image');
  const r = await plumb('compare', join(c, 'desired.yaml'), join(c, 'live.json'));
  assert.equal(r.code, 0);
  assert.match(r.out, /^Deployment [\w-]+\/web: OutOfSync/);
  assert.match(r.out, /conflict {2}spec\.template\.spec\.containers\[name=web\]\.image/);
});

test('bad input: exit 2 with plumb compare: <file>:<line>: <message>', async () => {
  const ok = write('ok.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  const cases: Array<[string, RegExp]> = [
    [write('missing-ref.yaml', '# nothing\n') && 'does-not-exist.yaml', /^plumb compare: does-not-exist\.yaml:1: no such file\n$/],
    [write('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nkind: Secret\n'), /^plumb compare: dup\.yaml:5: .*unique/i],
    [write('tabs.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n'), /^plumb compare: tabs\.yaml:4: /],
    [write('two.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n'), /^plumb compare: two\.yaml:4: holds 2 documents/],
    [write('nokind.yaml', '# a values file\nreplicaCount: 2\n'), /^plumb compare: nokind\.yaml:2: not a Kubernetes object: no kind/],
    [write('noname.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n'), /^plumb compare: noname\.yaml:3: not a Kubernetes object: no metadata\.name/],
    [write('list.json', '{"apiVersion":"v1","kind":"List","metadata":{},"items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}]}'), /^plumb compare: list\.json:1: a List of 2 objects/],
    [write('scalar.yaml', 'just text\n'), /^plumb compare: scalar\.yaml:1: not a Kubernetes object/],
  ];
  for (const [file, re] of cases) {
    const r = await plumb('compare', file, ok, '--json');
    assert.equal(r.code, 2, `${file}: ${r.out}`);
    assert.match(r.err, re);
    assert.equal(r.out, '');
  }
  const badCtx = write('ctx.json', '{\n  "inventory": "not-a-list"\n}\n');
  const r = await plumb('compare', ok, ok, '--context', badCtx);
  assert.equal(r.code, 2);
  assert.match(r.err, /^plumb compare: ctx\.json:2: inventory must be a list/);
  const brokenJson = write('broken.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",,\n}\n');
  const b = await plumb('compare', ok, brokenJson);
  assert.equal(b.code, 2);
  assert.match(b.err, /^plumb compare: broken\.json:3: /);
  const alias = write('alias.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *nope\n');
  assert.match((await plumb('compare', alias, ok)).err, /^plumb compare: alias\.yaml:4: .*alias/i);
});

test('a List of one object is that object; an empty List is a 404', async () => {
  const one = write('one.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: x}\n  data: {k: v}\n');
  const none = write('none.yaml', 'apiVersion: v1\nkind: List\nitems: []\n');
  const git = write('git.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\ndata: {k: v}\n');
  assert.equal((JSON.parse((await plumb('compare', git, one, '--json')).out) as { inSync: boolean }).inSync, true);
  assert.equal((JSON.parse((await plumb('compare', git, none, '--json')).out) as { objectDrift: string }).objectDrift, 'missing');
});

test('usage errors: wrong number of files, unknown options', async () => {
  assert.equal((await plumb('compare', 'a.yaml')).code, 2);
  const r = await plumb('compare', 'a.yaml', 'b.yaml', '--frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option --frobnicate/);
  assert.match((await plumb('help', 'compare')).out, /plumb compare DESIRED\.yaml LIVE\.yaml/);
});
