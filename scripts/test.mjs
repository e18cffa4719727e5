// `npm test`: the strict type-check, then every *.test.ts under test/ and src/ with Node's test
// runner (files listed explicitly: Node 20's runner does not expand globs). Paths given as
// arguments run only those tests (without the type-check); flags are passed to the runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts') && name.endsWith('.e2e.test.ts') === e2e) out.push(p);
  }
  return out;
}

// `--e2e`: the real-editor tests (*.e2e.test.ts, code-server + Chromium; `npm run test:e2e`), one
// file at a time. Without it they are left out: they need the tools scripts/e2e/install.mjs adds.
const e2e = process.argv.includes('--e2e');
const args = process.argv.slice(2).filter((a) => a !== '--e2e');
const only = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const files = (only.length ? only : ['test', 'src']).flatMap((p) => (p.endsWith('.test.ts') ? [p] : find(p))).sort();
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
// The whole suite starts with the strict type-check, so `npm test` alone is the gate CI runs.
if (!only.length && !e2e) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('type-check failed');
    process.exit(tsc.status ?? 1);
  }
}
// A test that hangs fails after 5 minutes (10 in the real editor) instead of holding CI to its limit.
const timeout = `--test-timeout=${e2e ? 600_000 : 300_000}`;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${e2e ? 1 : 2}`, timeout, ...flags, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
