// `plumb history APP`: in a Git copy of the sample repository, each app's history holds exactly
// the commits that changed the files it is rendered from.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { tempRepo, type TempRepo } from '../engine/git/repo.js';

const SHOP = join(__dirname, '../fixtures/repos/shop');

interface HistoryJson {
  app: string;
  paths: string[];
  commits: Array<{ sha: string; shortSha: string; author: string; email: string; date: string; subject: string; files: string[] }>;
}

async function plumb(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd, env: process.env, signal: new AbortController().signal });
  return { code, out, err };
}

describe('plumb history', () => {
  let repo: TempRepo;
  const sha: Record<string, string> = {};
  before(() => {
    repo = tempRepo();
    cpSync(SHOP, repo.dir, { recursive: true });
    sha['init'] = repo.commit('initial import', {});
    const base = repo.read('apps/storefront/base/deployment.yaml');
    sha['base'] = repo.commit('storefront: bump the base image', { 'apps/storefront/base/deployment.yaml': base.replace(/image: (\S+)/, 'image: $1-next') });
    sha['platform'] = repo.commit('platform: widen the reader role', { 'platform/rbac.yaml': repo.read('platform/rbac.yaml') + '\n# reviewed\n' });
    sha['prod'] = repo.commit('storefront: prod patch tweak', { 'apps/storefront/overlays/prod/deployment-patch.yaml': repo.read('apps/storefront/overlays/prod/deployment-patch.yaml') + '\n# tweak\n' });
    sha['payments'] = repo.commit('payments: values', { 'charts/payments/values-prod.yaml': repo.read('charts/payments/values-prod.yaml') + '\n# note\n' });
    sha['readme'] = repo.commit('docs only', { 'README.md': repo.read('README.md') + '\nMore.\n' });
  });
  after(() => repo?.close());

  it("storefront's history is the commits that touched its base or prod overlay, newest first", async () => {
    const r = await plumb(repo.dir, ['history', 'storefront', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as HistoryJson;
    assert.equal(j.app, 'storefront');
    assert.deepEqual(j.commits.map((c) => c.sha), [sha['prod'], sha['base'], sha['init']]);
    assert.ok(j.paths.includes('apps/storefront/overlays/prod') && j.paths.includes('apps/storefront/base/deployment.yaml'), j.paths.join(', '));
    const prod = j.commits[0]!;
    assert.equal(prod.subject, 'storefront: prod patch tweak');
    assert.equal(prod.author, 'Test User');
    assert.equal(prod.email, 'test@example.com');
    assert.equal(prod.shortSha, prod.sha.slice(0, prod.shortSha.length));
    assert.match(prod.date, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(prod.files, ['apps/storefront/overlays/prod/deployment-patch.yaml']);
  });

  it("platform's history holds its own commits only", async () => {
    const r = await plumb(repo.dir, ['history', 'platform', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as HistoryJson;
    assert.deepEqual(j.commits.map((c) => c.sha), [sha['platform'], sha['init']]);
    assert.deepEqual(j.commits[0]!.files, ['platform/rbac.yaml']);
  });

  it('--limit keeps the newest commits; the table shows SHA, DATE, AUTHOR, SUBJECT, FILES', async () => {
    const r = await plumb(repo.dir, ['history', 'storefront', '--limit', '2']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^SHA\s+DATE\s+AUTHOR\s+SUBJECT\s+FILES$/);
    assert.equal(lines.length, 3);
    assert.match(lines[1]!, new RegExp(`^${sha['prod']!.slice(0, 7)}\\w*\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+Test User\\s+storefront: prod patch tweak\\s+1$`));
    assert.match(lines[2]!, /storefront: bump the base image\s+1$/);
    const bad = await plumb(repo.dir, ['history', 'storefront', '--limit', 'ten']);
    assert.equal(bad.code, 2);
  });

  it('--repo points at the repository from elsewhere', async () => {
    const r = await plumb(tmpdir(), ['history', 'payments', '--json', '--repo', repo.dir]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as HistoryJson).commits.map((c) => c.sha), [sha['payments'], sha['init']]);
  });

  it('an unknown app, a remote app and a folder without Git exit 2 with a clear message', async () => {
    const unknown = await plumb(repo.dir, ['history', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no app named nope; run plumb apps/);
    const remote = await plumb(repo.dir, ['history', 'flux-system/podinfo']);
    assert.equal(remote.code, 2);
    assert.match(remote.err, /source is another repository/);
    const plain = mkdtempSync(join(tmpdir(), 'plumb-nogit-'));
    try {
      cpSync(SHOP, plain, { recursive: true });
      const nogit = await plumb(plain, ['history', 'storefront']);
      assert.equal(nogit.code, 2);
      assert.match(nogit.err, /is not inside a Git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    assert.equal((await plumb(repo.dir, ['history'])).code, 2);
  });
});
