// Writing to a protected context from the CLI needs its name (--confirm-context); --yes alone
// is refused with nothing written; read-only runs are never asked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSyncEnv, type SyncEnv } from '../engine/sync/env.js';
import { plumbRunner } from './redis-repo.js';

let env: SyncEnv;
before(async () => {
  env = await startSyncEnv();
  await env.namespace('shop');
  // The test server's context is "plumb-test": protect it the way a team protects "prod-*".
  env.edit('.plumb.yaml', (s) => s.replace(/protectedContexts:.*\n/, 'protectedContexts: [plumb-*]\n'));
});
after(async () => { await env.close(); });

const plumb = plumbRunner(() => env);

const web = () => env.client.get({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }).then(() => true, () => false);

test('sync --yes to a protected context is refused, nothing written; --confirm-context must match the name', async () => {
  const dry = await plumb('sync', '--dry-run', 'storefront');
  assert.equal(dry.code, 0, dry.err);
  const refused = await plumb('sync', '--yes', 'storefront');
  assert.equal(refused.code, 2);
  assert.match(refused.err, /context "plumb-test" is protected \(protectedContexts: plumb-\*\): pass --confirm-context plumb-test/);
  assert.equal(await web(), false);
  const wrong = await plumb('sync', '--yes', '--confirm-context', 'plumb-prod', 'storefront');
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /does not match/);
  assert.equal(await web(), false);
  const ok = await plumb('sync', '--yes', '--confirm-context', 'plumb-test', 'storefront');
  assert.equal(ok.code, 0, ok.err);
  assert.equal(await web(), true);
});

test('restore, reconcile and the controller switches are guarded too', async () => {
  const restore = await plumb('restore', '--yes');
  assert.equal(restore.code, 2);
  assert.match(restore.err, /--confirm-context plumb-test/);
  const reconcile = await plumb('reconcile', '--once');
  assert.equal(reconcile.code, 2);
  assert.match(reconcile.err, /--confirm-context plumb-test/);
});
