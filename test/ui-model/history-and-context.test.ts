// History rows from a real Git repository's app history; the Switch Context flow over a real
// kubeconfig file with the picker injected.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { appHistory } from '../../src/engine/git/history.js';
import { listContexts } from '../../src/engine/kube/kubeconfig.js';
import { isRollbackArgs } from '../../src/ui-model/command-args.js';
import { historyMessage, historyNodes } from '../../src/ui-model/history-model.js';
import { switchContext, type ContextPickItem } from '../../src/ui-model/switch-context.js';

const dir = mkdtempSync(join(tmpdir(), 'plumb-ui-hist-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: {
    ...process.env, GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.com', GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'ann@example.com',
    GIT_AUTHOR_DATE: '2026-11-20T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-20T10:00:00Z' } });
}

test('history rows: the app\'s commits newest first, the live one marked, rollback args on each', async () => {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'apps/web'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  const commit = (file: string, text: string, msg: string) => { writeFileSync(join(repo, file), text); git(repo, 'add', '-A'); git(repo, 'commit', '-q', '-m', msg); };
  commit('apps/web/cm.yaml', 'a: 1\n', 'web: first');
  commit('README.md', 'x\n', 'docs only');
  commit('apps/web/cm.yaml', 'a: 2\n', 'web: bump to 2');
  commit('apps/web/cm.yaml', 'a: 3\n', 'web: *bump* to 3');
  const commits = await appHistory(repo, ['apps/web'], { signal: AbortSignal.timeout(10_000) });
  assert.deepEqual(commits.map((c) => c.subject), ['web: *bump* to 3', 'web: bump to 2', 'web: first']);

  const live = commits[1]!.sha;
  const now = Date.parse('2026-11-26T10:00:00Z');
  const rows = historyNodes('web', commits, live, now);
  assert.deepEqual(rows.map((r) => r.contextValue), ['commit newest', 'commit live', 'commit']);
  assert.deepEqual(rows.map((r) => r.live), [false, true, false]);
  assert.equal(rows[1]!.description, `LIVE · ${commits[1]!.shortSha} · Ann · 6 d ago`);
  assert.equal(rows[1]!.icon.id, 'debug-stackframe');
  assert.match(rows[0]!.tooltip, /web: \\\*bump\\\* to 3/);
  assert.match(rows[0]!.tooltip, /`apps\/web\/cm\.yaml`/);
  assert.equal(rows[2]!.id, `commit:web:${commits[2]!.sha}`);
  for (const r of rows) assert.ok(isRollbackArgs(r));
  assert.deepEqual({ app: rows[2]!.app, to: rows[2]!.to }, { app: 'web', to: commits[2]!.sha });
  // The cluster runs a later commit that did not touch the app ("docs only" is not in its history):
  // the app's newest commit at that revision is the live one.
  const docs = git(repo, 'rev-list', '-n', '1', 'HEAD~2').trim();
  const asOf = await appHistory(repo, ['apps/web'], { signal: AbortSignal.timeout(10_000), revision: docs, limit: 1 });
  assert.equal(asOf[0]!.sha, commits[2]!.sha);
  const marked = historyNodes('web', commits, asOf[0]!.sha, now, docs);
  assert.deepEqual(marked.map((r) => r.live), [false, false, true]);
  assert.match(marked[2]!.tooltip, new RegExp(`deployed from \`${docs.slice(0, 12)}\`, same sources`));
  // A short live sha (as Argo CD may report) still marks its commit.
  assert.equal(historyNodes('web', commits, commits[2]!.sha.slice(0, 10), now)[2]!.live, true);

  assert.equal(historyMessage(undefined, 0, undefined), 'Select an application to see its history.');
  assert.equal(historyMessage('web', 0, undefined), "No commits touch web's sources.");
  assert.equal(historyMessage('web', 3, live), undefined);
  assert.match(historyMessage('web', 3, undefined)!, /no commit is known to be live/);
});

test('switch context: the kubeconfig\'s contexts offered sorted, the one in use marked, the choice written', async () => {
  const kc = join(dir, 'kubeconfig');
  writeFileSync(kc, `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster: { server: https://dev.example:6443 }
- name: c2
  cluster: { server: https://prod.example:6443 }
contexts:
- name: prod
  context: { cluster: c2, user: admin, namespace: shop }
- name: dev
  context: { cluster: c1, user: me }
users:
- name: me
  user: { token: t1 }
- name: admin
  user: { token: t2 }
`);
  const offered: ContextPickItem[][] = [];
  const written: Array<string | undefined> = [];
  const deps = (choose: (items: ContextPickItem[]) => ContextPickItem | undefined) => ({
    listContexts: () => listContexts({ env: {}, explicitPath: kc }),
    pick: async (items: ContextPickItem[]) => { offered.push(items); return choose(items); },
    setContext: async (name: string | undefined) => { written.push(name); },
    warn: (m: string) => assert.fail(m),
  });

  assert.equal(await switchContext(deps((items) => items.find((i) => i.label === 'prod')), 'dev', undefined), 'prod');
  assert.deepEqual(offered[0]!.map((i) => [i.label, i.active, i.description, i.detail]), [
    ['dev', true, 'in use · kubeconfig current', 'https://dev.example:6443 · user me'],
    ['prod', false, 'namespace shop', 'https://prod.example:6443 · user admin'],
  ]);
  assert.deepEqual(written, ['prod']);

  // Pinned to prod: un-pinning is offered; choosing it writes "no context"; cancelling writes nothing.
  assert.equal(await switchContext(deps((items) => items.at(-1)), 'prod', 'prod'), '');
  assert.equal(offered[1]!.at(-1)!.label, "Use the kubeconfig's current context");
  assert.equal(offered[1]!.at(-1)!.description, 'dev');
  assert.equal(await switchContext(deps(() => undefined), 'prod', 'prod'), undefined);
  assert.equal(await switchContext(deps((items) => items.find((i) => i.label === 'prod')), 'prod', 'prod'), undefined, 're-picking the pinned context changes nothing');
  assert.deepEqual(written, ['prod', undefined]);

  await assert.rejects(switchContext({ ...deps(() => undefined), listContexts: () => listContexts({ env: {}, explicitPath: join(dir, 'missing') }), warn: () => {} }, undefined, undefined), /missing|not found|no such|kubeconfig/i);
});
