// `npm run soak [-- --runs N] [--seed S] [--apps a,b,c] [--max-minutes M] [--quiet]`: the reliability soak (see
// soak-run.ts). Prints the seed first (re-run a failure with --seed), one line per run, then the
// figures as a table and one JSON line. Exit code 1 when an object was lost, a failure named no
// object, or the cluster does not equal Git at the end.
import { runSoak } from './soak-run.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function soak(): Promise<number> {
  const runs = Number(flag('runs') ?? 1000);
  const seed = Number(flag('seed') ?? Math.floor(Math.random() * 2 ** 31));
  const apps = (flag('apps') ?? 'storefront,payments,platform').split(',');
  const quiet = process.argv.includes('--quiet');
  const maxMinutes = flag('max-minutes');
  process.stdout.write(`soak: seed ${seed}, ${runs} runs of plumb sync ${apps.join(' ')} --prune\n`);
  const r = await runSoak({ runs, seed, apps, ...(maxMinutes ? { maxMs: Number(maxMinutes) * 60_000 } : {}), log: (l) => { if (!quiet) process.stdout.write(l + '\n'); } });
  const rows: Array<[string, string | number]> = [
    ['seed', r.seed], ['runs', r.runs < r.runsPlanned ? `${r.runs} of ${r.runsPlanned} (time limit)` : r.runs], ['fault rules injected', r.faultRulesInjected], ['faults fired (requests)', r.faultsFired],
    ['drift changes', r.driftsApplied], ['failed runs', r.failedRuns], ['  naming the object', r.failuresNamingObject], ['  naming the kind (a list failed)', r.failuresNamingKind],
    ['  naming neither', r.failuresWithoutObject.length], ['objects lost', r.objectsLost], ['final sync exit', r.finalSyncCode],
    ['final diff --exit-code', r.finalDiffCode], ['run p50 / max (ms)', `${r.runMsP50} / ${r.runMsMax}`], ['wall time (s)', (r.wallMs / 1000).toFixed(1)],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(26)} ${v}\n`);
  for (const l of [...r.failuresWithoutObject, ...r.lost]) process.stdout.write(`  ${l}\n`);
  if (r.finalDiff) process.stdout.write(r.finalDiff);
  process.stdout.write(JSON.stringify({ soak: { ...r, finalDiff: undefined } }) + '\n');
  return r.objectsLost || r.failuresWithoutObject.length || r.finalSyncCode || r.finalDiffCode ? 1 : 0;
}

soak().then((code) => { process.exitCode = code; }, (e: unknown) => { process.stderr.write(`soak: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 2; });
