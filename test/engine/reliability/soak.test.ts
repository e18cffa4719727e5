// A short soak for CI (the long one is `npm run soak`, test/bench/soak.ts): sync runs of two apps
// of the shop repository under random injected faults and kubectl drift, then a clean sync and
// `plumb diff --exit-code` 0; no object lost; every failed run named its object. The seed is
// random and printed (SOAK_SEED=… to replay); SOAK_RUNS overrides the number of runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSoak } from '../../bench/soak-run.js';

test('soak: sync runs under random faults and drift end with the cluster equal to Git and nothing lost', { timeout: 300_000 }, async (t) => {
  const seed = Number(process.env['SOAK_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  const runs = Number(process.env['SOAK_RUNS'] ?? 30);
  t.diagnostic(`seed ${seed} (replay: SOAK_SEED=${seed})`);
  const r = await runSoak({ runs, seed, apps: ['storefront', 'platform'], maxFaultsPerRun: 4 });
  t.diagnostic(`${r.runs} runs, ${r.faultRulesInjected} fault rules, ${r.faultsFired} faults fired, ${r.driftsApplied} drift changes, ${r.failedRuns} failed runs, ${r.objectsLost} objects lost, ${(r.wallMs / 1000).toFixed(1)} s`);
  assert.equal(r.runs, runs);
  assert.ok(r.faultsFired > 0, 'faults were injected and hit requests');
  assert.ok(r.driftsApplied > 0);
  assert.deepEqual(r.lost, [], `seed ${seed}`);
  assert.deepEqual(r.failuresWithoutObject, [], `seed ${seed}`);
  assert.equal(r.finalSyncCode, 0, `seed ${seed}`);
  assert.equal(r.finalDiffCode, 0, `seed ${seed}:\n${r.finalDiff}`);
});
