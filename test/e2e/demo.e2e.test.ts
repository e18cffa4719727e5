// The demo world in the real editor: the same checks `npm run demo -- --headless-check` runs
// (test/e2e/demo-checks.ts), so every UI claim the demo makes is verified in CI too.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_CHECKS, runDemoChecks } from './demo-checks.js';
import { startE2e, type E2eSession } from './harness.js';

let s: E2eSession;

before(async () => { s = await startE2e({ world: 'demo' }); });
after(async () => { await s?.close(); });

test('the demo world is what the demo promises: history, synced apps, drift, an unsynced :broken commit', async () => {
  const demo = s.demo!;
  assert.equal(demo.repo.commits.length, 4);
  assert.match(await demo.repo.git('log', '-1', '--format=%s'), /echo: move to the new image/);
  assert.equal(await demo.kubectl('get', 'deployment/echo', '-n', 'tools', '-o', 'jsonpath={.spec.replicas}'), '3');
  assert.equal(await demo.kubectl('get', 'deployment/echo', '-n', 'tools', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'), 'hashicorp/http-echo:1.0');
  assert.match(await demo.kubectl('get', 'deployment/web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].env}'), /"LOG_LEVEL","value":"debug"/);
  await assert.rejects(demo.kubectl('get', 'configmap/status-page', '-n', 'tools'), /NotFound|not found/);
});

for (const [i, check] of DEMO_CHECKS.entries()) {
  test(`demo check: ${check.name}`, async () => {
    const [r] = await runDemoChecks({ wb: s.wb, demo: s.demo!, failuresDir: join(s.dir, 'failures') }, [DEMO_CHECKS[i]!]);
    assert.ok(r!.ok, r!.detail);
  });
}
