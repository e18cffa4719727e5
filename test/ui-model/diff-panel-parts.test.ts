// The diff panel's parts on small hand-built inputs: the YAML line emitter and line diff, noise,
// masking and projection edge cases, the object under the cursor, the desired document, and the
// page's Content-Security-Policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionSnapshot } from '../../src/engine/session/workspace-session.js';
import type { KubeObject } from '../../src/engine/types.js';
import { desiredPath, desiredYaml, parseDesiredPath } from '../../src/ui-model/desired-document.js';
import { changeStarts, diffRows } from '../../src/ui-model/diff/line-diff.js';
import { resourceDiff } from '../../src/ui-model/diff/resource-diff.js';
import { maskSecrets, projectLive, resolvePath, withoutNoise } from '../../src/ui-model/diff/view-object.js';
import { yamlLines } from '../../src/ui-model/diff/yaml-lines.js';
import { DEFAULT_VIEW_OPTIONS } from '../../src/ui-model/diff/types.js';
import { objectAt, resolveDiffTarget } from '../../src/ui-model/diff-target.js';
import { diffPanelHtml, newNonce } from '../../src/vscode/webview/diff-panel-html.js';
import { drift, resource, snapshot } from './builders.js';

const lines = (v: unknown) => yamlLines(v).map((l) => l.text);

test('yaml lines: kubectl-style lists, quoting, block strings, empty values, paths per line', () => {
  const v = {
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', 'a b': 'x' } },
    data: { flag: 'true', port: '8080', empty: '', script: 'echo hi\nexit 0\n', colon: 'a: b' },
    spec: { ports: [{ port: 80, name: 'http' }], args: ['--x', 1], tolerations: [], sel: {} },
  };
  assert.deepEqual(lines(v), [
    'metadata:', '  name: web', '  labels:', '    app.kubernetes.io/name: web', '    a b: x',
    'data:', '  flag: "true"', '  port: "8080"', '  empty: ""', '  script: |', '    echo hi', '    exit 0', '  colon: "a: b"',
    'spec:', '  ports:', '  - port: 80', '    name: http', '  args:', '  - --x', '  - 1', '  tolerations: []', '  sel: {}',
  ]);
  const ls = yamlLines(v);
  assert.deepEqual(ls.find((l) => l.text === '    name: http')?.path, ['spec', 'ports', 0, 'name']);
  assert.deepEqual(ls.find((l) => l.text === '    exit 0')?.path, ['data', 'script']);
});

test('line diff: pairs removed and added runs as changed rows; change starts skip ignored rows', () => {
  const k = (t: string) => ({ text: t, key: t });
  const rows = diffRows(['a', 'b', 'c', 'd'].map(k), ['a', 'B', 'c', 'd', 'e'].map(k));
  assert.deepEqual(rows.map((r) => [r.kind, r.left?.text, r.right?.text]), [
    ['same', 'a', 'a'], ['changed', 'b', 'B'], ['same', 'c', 'c'], ['same', 'd', 'd'], ['added', undefined, 'e'],
  ]);
  assert.deepEqual(changeStarts(rows), [1, 4]);
  rows[1]!.ignored = true;
  assert.deepEqual(changeStarts(rows), [4]);
  assert.deepEqual(diffRows([], []), []);
  const big = Array.from({ length: 3000 }, (_, i) => k(`line ${i}`));
  const t0 = Date.now();
  const r2 = diffRows(big, big.map((l, i) => (i % 100 === 0 ? k(`${l.text}!`) : l)));
  assert.equal(r2.filter((r) => r.kind === 'changed').length, 30);
  assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
});

test('line diff on random inputs: both sides come back in order, with a longest common subsequence', () => {
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const lcs = (a: string[], b: string[]) => {
    const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
    return t[0]![0]!;
  };
  for (let round = 0; round < 300; round++) {
    const a = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]!);
    const b = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]!);
    const rows = diffRows(a.map((t) => ({ text: t, key: t })), b.map((t) => ({ text: t, key: t })));
    assert.deepEqual(rows.flatMap((r) => (r.left ? [r.left.text] : [])), a);
    assert.deepEqual(rows.flatMap((r) => (r.right ? [r.right.text] : [])), b);
    assert.equal(rows.filter((r) => r.kind === 'same').length, lcs(a, b), `${a.join('')} / ${b.join('')}`);
    assert.ok(rows.every((r) => r.kind !== 'same' || r.left!.text === r.right!.text));
  }
});

test('noise: server metadata, status and tracking go; what Git declares stays', () => {
  const live: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap', status: { x: 1 },
    metadata: { name: 'a', uid: 'u', resourceVersion: '9', managedFields: [{ manager: 'm' }], creationTimestamp: 't',
      annotations: { 'plumb.dev/tracking-id': 'x', keep: 'y', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
  };
  assert.deepEqual(withoutNoise(live), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations: { keep: 'y' } } });
  const declared = { metadata: { annotations: { 'plumb.dev/tracking-id': 'x' } } };
  assert.deepEqual((withoutNoise(live, declared)['metadata'] as { annotations: object }).annotations, { 'plumb.dev/tracking-id': 'x', keep: 'y' });
});

test('secret masking: data vs stringData, added and removed keys, nothing but masks', () => {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  const desired = { kind: 'Secret', stringData: { a: 'v-same', b: 'v-git' }, data: { c: b64('v-only-git') } };
  const live = { kind: 'Secret', data: { a: b64('v-same'), b: b64('v-live'), d: b64('v-only-live') } };
  const m = maskSecrets(desired, live);
  const text = [...lines(m.desired), '|', ...lines(m.live)];
  assert.deepEqual(text, [
    'kind: Secret', 'data:', '  c: •••••• (only in Git)', '  a: •••••• (unchanged)', '  b: •••••• (changed)', '|',
    'kind: Secret', 'data:', '  a: •••••• (unchanged)', '  b: •••••• (changed)', '  d: •••••• (only live)',
  ]);
  const json = JSON.stringify(m);
  for (const v of ['v-same', 'v-git', 'v-live', 'v-only-git', 'v-only-live']) assert.ok(!json.includes(v) && !json.includes(b64(v)), v);
  const rows = diffRows(yamlLines(m.desired), yamlLines(m.live));
  assert.equal(rows.find((r) => r.left?.text.includes(' b:'))?.kind, 'changed');
  assert.equal(rows.find((r) => r.left?.text.includes(' a:'))?.kind, 'same');
  // not a Secret: untouched
  assert.deepEqual(maskSecrets({ kind: 'ConfigMap', data: { a: '1' } }, undefined), { desired: { kind: 'ConfigMap', data: { a: '1' } }, live: undefined });
});

test('projection: live cut to what Git declares plus drifted subtrees, keyed lists matched by name', () => {
  const desired = { spec: { containers: [{ name: 'web', image: 'a', env: [{ name: 'A', value: '1' }] }] } };
  const live = { spec: { dnsPolicy: 'ClusterFirst', containers: [
    { name: 'sidecar', image: 's' },
    { name: 'web', image: 'b', imagePullPolicy: 'IfNotPresent', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
  ] } };
  const keep = ['spec.containers[name=web].env[name=B]'].map((p) => resolvePath(live, p)!.segs);
  assert.deepEqual(keep, [['spec', 'containers', 1, 'env', 1]]);
  assert.deepEqual(projectLive(live, desired, keep), { spec: { containers: [{ name: 'web', image: 'b', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } });
  assert.deepEqual(resolvePath(desired, 'spec.containers[name=web].env[name=B]'), { segs: ['spec', 'containers', 0, 'env'], complete: false });
  assert.equal(resolvePath(live, 'not a [path'), undefined);
});

test('resource diff: a Missing object is all Git, notes say why; a foreign field keeps its attribution', () => {
  const desired: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { a: '1' } };
  const missing = resourceDiff({ id: 'x', title: 'ConfigMap shop/c', resource: resource('ConfigMap', 'c', { status: 'Missing' }), desired, options: DEFAULT_VIEW_OPTIONS, connected: true });
  assert.ok(missing.rows.every((r) => r.kind === 'removed'));
  assert.deepEqual(missing.changes, [0]);
  assert.match(missing.notes.join(' '), /Not in the cluster/);
  const live: KubeObject = { ...desired, data: { a: '2', extra: 'x' }, metadata: { ...desired.metadata, resourceVersion: '5' } };
  const d = resourceDiff({
    id: 'x', title: 't', desired, live, options: DEFAULT_VIEW_OPTIONS, connected: true,
    resource: resource('ConfigMap', 'c', { status: 'OutOfSync', drift: [drift('data.a', { manager: 'kubectl-edit', time: '2026-01-01T00:00:00Z' }), drift('data.extra', { kind: 'foreign-edit', manager: 'kubectl-patch' })] }),
  });
  assert.deepEqual(d.rows.filter((r) => r.kind !== 'same').map((r) => [r.kind, r.left?.text, r.right?.text, r.drift?.map((i) => d.drift[i]!.manager)]), [
    ['changed', '  a: "1"', '  a: "2"', ['kubectl-edit']], ['added', undefined, '  extra: x', ['kubectl-patch']],
  ]);
  assert.ok(!d.rows.some((r) => r.right?.text.includes('resourceVersion')));
  const offline = resourceDiff({ id: 'x', title: 't', desired, resource: resource('ConfigMap', 'c', { status: 'Unknown' }), options: DEFAULT_VIEW_OPTIONS, connected: false });
  assert.match(offline.notes.join(' '), /Not connected/);
});

const snapWith = (file: string): SessionSnapshot => ({
  seq: 1, at: '', ...snapshot([
    { name: 'base-app', rendered: [
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'shop' } }, source: { file, line: 1 } },
      { object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'two', namespace: 'shop' }, stringData: { pw: 'hunter2' } }, source: { file, line: 9 } },
      { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'shop' } }, source: { file: 'other.yaml', line: 1 } },
    ] },
    { name: 'overlay', rendered: [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'prod' } }, source: { file, line: 1 } }] },
  ]),
}) as SessionSnapshot;

test('the object under the cursor: last declaration at or above the line, the most specific app', async () => {
  const s = snapWith('base/all.yaml');
  assert.deepEqual(objectAt(s, 'base/all.yaml', 12), { app: 'base-app', ref: { group: '', kind: 'Secret', namespace: 'shop', name: 'two' } });
  assert.deepEqual(objectAt(s, 'base/all.yaml', 3), { app: 'overlay', ref: { group: '', kind: 'ConfigMap', namespace: 'prod', name: 'one' } });
  assert.equal(objectAt(s, 'nope.yaml', 3), undefined);
  const picked: string[] = [];
  const fromPick = await resolveDiffTarget(undefined, { snapshot: s, active: { file: 'nope.yaml', line: 1 }, pick: async (items) => { picked.push(...items.map((i) => i.value)); return 'overlay'; } });
  assert.deepEqual(fromPick, { app: 'overlay' });
  assert.deepEqual(picked, ['base-app', 'overlay']);
  assert.deepEqual(await resolveDiffTarget({ app: 'base-app' }, { snapshot: s, pick: async () => 'x' }), { app: 'base-app' });
  assert.equal(await resolveDiffTarget(undefined, { snapshot: s, pick: async () => undefined }), undefined);
});

test('desired document: round-trip URI path, Secret values masked', () => {
  const ref = { group: '', kind: 'Secret', namespace: 'shop', name: 'two' };
  const p = desiredPath('base app/x', ref);
  assert.deepEqual(parseDesiredPath(p), { app: 'base app/x', ref });
  const yaml = desiredYaml(snapWith('f.yaml'), 'base-app', ref);
  assert.ok(!yaml.includes('hunter2'));
  assert.match(yaml, /data:\n\s+pw: "?\*\*\* \(masked\)"?/);
  assert.match(desiredYaml(snapWith('f.yaml'), 'overlay', ref), /not rendered by overlay/);
});

test('page: strict CSP with a fresh nonce on the script and stylesheet, nothing remote', () => {
  const webview = { cspSource: 'https://webview.example', asWebviewUri: (u: { path: string }) => ({ toString: () => `https://webview.example${u.path}` }) };
  const html = diffPanelHtml(webview as never, { path: '/ext' } as never, (b, ...p) => ({ path: `${(b as { path: string }).path}/${p.join('/')}` }) as never);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
  const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp)![1]!;
  assert.ok(nonce.length >= 16);
  assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src https://webview.example 'nonce-${nonce}'; img-src https://webview.example data:; font-src https://webview.example`);
  assert.match(html, new RegExp(`<script type="module" nonce="${nonce}" src="https://webview.example/ext/dist/webview.js">`));
  assert.match(html, /href="https:\/\/webview.example\/ext\/media\/diff-panel.css"/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/unsafe-inline|unsafe-eval|http:\/\//.test(html));
  assert.notEqual(newNonce(), newNonce());
});

test('resource diff: credential-named fields outside Secrets are masked, saying only whether they differ', () => {
  const desired: KubeObject = {
    apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'orders', namespace: 'shop' },
    spec: { size: 'small', auth: { user: 'app', password: 'git-pass-1234' }, env: [{ name: 'API_TOKEN', value: 'tok-git-5678' }, { name: 'MODE', value: 'fast' }] },
  };
  const lastApplied = JSON.stringify({ spec: { auth: { password: 'live-pass-9999' } } });
  const live: KubeObject = {
    ...desired, metadata: { ...desired.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
    spec: { size: 'small', auth: { user: 'app', password: 'live-pass-9999' }, env: [{ name: 'API_TOKEN', value: 'tok-git-5678' }, { name: 'MODE', value: 'slow' }] },
  };
  for (const showNoise of [false, true]) {
    const d = resourceDiff({
      id: 'x', title: 't', desired, live, options: { ...DEFAULT_VIEW_OPTIONS, showNoise }, connected: true,
      resource: resource('Database', 'orders', { status: 'OutOfSync', drift: [drift('spec.auth.password'), drift('spec.env[name=MODE].value')] }),
    });
    const text = JSON.stringify(d);
    for (const planted of ['git-pass-1234', 'live-pass-9999', 'tok-git-5678']) assert.ok(!text.includes(planted), `${planted} leaked (showNoise ${showNoise})`);
    const changed = d.rows.filter((r) => r.kind === 'changed').map((r) => r.right?.text.trim());
    assert.ok(changed.includes('password: *** (masked) (changed)'), JSON.stringify(changed));
    assert.ok(changed.includes('value: slow'), JSON.stringify(changed));
    assert.ok(d.rows.some((r) => r.kind === 'same' && r.right?.text.trim() === 'value: *** (masked) (unchanged)'));
  }
});
