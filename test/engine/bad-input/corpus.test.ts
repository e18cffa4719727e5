// Every input of the bad-input corpus (test/fixtures/bad, plus huge files and symlinks made at
// test time) through the real offline pipeline: discovery, render of every app, and `plumb apps`
// in-process. Per case: the expected problems name their file (and line), nothing shows a stack
// trace, time and heap growth stay bounded, and the good app beside the bad input still renders.
// The figures are printed at the end (README "Reliability").
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { CASES, type BadCase } from './cases.js';
import { makeWorkspace, runPipeline, STACK_TRACE, type PipelineResult } from './workspace.js';

const execFileP = promisify(execFile);
const TIME_LIMIT_MS = 20_000;
const HEAP_LIMIT_MIB = 500;

interface Figure { input: string; ms: number; heapMiB: number }
const figures: Figure[] = [];

function describeProblems(r: PipelineResult): string {
  return r.problems.map((p) => `${p.severity} ${p.location?.file}:${p.location?.line} ${p.message}`).join('\n');
}

async function check(c: BadCase): Promise<void> {
  const ws = makeWorkspace();
  try {
    c.setup(ws);
    const r = await runPipeline(ws.repo);
    const all = describeProblems(r);

    // bounded time and memory
    assert.ok(r.ms < TIME_LIMIT_MS, `took ${r.ms.toFixed(0)} ms`);
    assert.ok(r.heapGrowthMiB < HEAP_LIMIT_MIB, `heap grew ${r.heapGrowthMiB.toFixed(0)} MiB`);

    // a clear message: the expected problems, each naming the file and line
    for (const e of c.expect) {
      const hit = r.problems.find((p) => p.location?.file === e.file && (e.line === undefined || p.location.line === e.line)
        && e.message.test(p.message) && (!e.severity || p.severity === e.severity));
      assert.ok(hit, `expected ${e.severity ?? ''} ${e.file}:${e.line ?? ''} ${e.message}, got:\n${all}`);
    }
    if (c.accepted) assert.deepEqual(r.problems, [], all);
    // every error names a file; none carries a stack trace or a temp path
    for (const p of r.problems) {
      if (p.severity === 'error') assert.ok(p.location?.file, `error without a file: ${p.message}`);
      assert.doesNotMatch(p.message, STACK_TRACE);
      assert.ok(!p.message.includes(ws.base), `absolute temp path in: ${p.message}`);
      assert.doesNotMatch(p.message, /from-outside-the-repo/);
    }
    // the CLI: exit 0 (problems are per file), no stack trace, discovery problems as file:line
    const { apps } = r.cli;
    for (const out of [apps.out, apps.err]) assert.doesNotMatch(out, STACK_TRACE);
    assert.equal(apps.code, 0, apps.err);
    for (const p of r.discoveryProblems) if (p.location) assert.ok(apps.err.includes(`${p.location.file}:${p.location.line}: `), `plumb apps does not print ${p.location.file}:${p.location.line}\n${apps.err}`);

    // the rest of the workspace still works
    const good = c.goodApp ?? 'good';
    assert.ok(apps.out.split('\n').some((l) => l.startsWith(`${good} `)), `app ${good} not listed: ${apps.out}`);
    const goodRender = r.renders.get(good);
    assert.ok(goodRender, `app ${good} not rendered`);
    assert.deepEqual(goodRender.objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`), ['ConfigMap/healthy'], JSON.stringify(goodRender.problems));
    assert.deepEqual(goodRender.problems.filter((p) => p.severity === 'error'), []);
    if (c.renders) assert.equal(r.renders.get(c.renders.app)?.objects.length, c.renders.objects);
    // nothing from outside the repository was read into any app
    for (const render of r.renders.values()) assert.ok(!render.objects.some((o) => o.object.metadata?.name === 'stolen'), 'read a file outside the repository');

    figures.push({ input: c.input, ms: r.ms, heapMiB: r.heapGrowthMiB });
  } finally {
    ws.close();
  }
}

for (const c of CASES) {
  test(`bad input: ${c.input} — ${c.what}`, { timeout: 60_000 }, () => check(c));
}

after(() => {
  const slowest = [...figures].sort((a, b) => b.ms - a.ms)[0];
  const heaviest = [...figures].sort((a, b) => b.heapMiB - a.heapMiB)[0];
  const errors = figures.filter((f) => !CASES.find((c) => c.input === f.input)?.accepted).length;
  // one line for the README's Reliability section
  console.log(`# bad inputs: ${figures.length} of ${CASES.length} passed; ${errors} gave a clear problem with file and line, ${figures.length - errors} valid-but-odd inputs were read without a problem; `
    + `slowest ${slowest?.input} ${slowest?.ms.toFixed(0)} ms, largest heap growth ${heaviest?.input} ${heaviest?.heapMiB.toFixed(0)} MiB`);
});

// The heap samples above miss a peak inside one synchronous parse: the heavy inputs are read
// once more in a child process whose peak RSS the kernel measures.
test('bounded memory: the bombs and the huge files together stay under 500 MiB of peak RSS', { timeout: 60_000 }, async () => {
  const heavy = ['billion-laughs.yaml', 'manifests/merge-key-bomb.yaml', 'manifests/deeply-nested-flow.yaml', 'generated: 50 MiB manifest',
    'generated: 50 MiB kustomize resource', 'generated: 8 MiB line', 'generated: 1 MiB line', 'generated: 10 000 documents', 'generated: 165 000 tiny documents', 'generated: 50 MiB Application file', 'generated: billion laughs in kustomize'];
  const ws = makeWorkspace();
  try {
    const apps: string[] = [];
    for (const [i, input] of heavy.entries()) {
      const c = CASES.find((x) => x.input === input)!;
      // each case builds its own small repository: build it in a scratch one and move it under a folder of its own
      const one = makeWorkspace();
      try {
        c.setup(one);
        cpSync(one.repo, join(ws.repo, `case${i}`), { recursive: true, filter: (src) => !src.endsWith('.plumb.yaml') && !src.includes('/good') });
        const app = existsSync(join(ws.repo, `case${i}`, 'broken')) ? `case${i}/broken` : `case${i}`;
        apps.push(`  - name: case${i}\n    path: ${app}\n`);
      } finally {
        one.close();
      }
    }
    ws.write('.plumb.yaml', `apps:\n${apps.join('')}`);
    const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', join(__dirname, 'memory-child.ts'), ws.repo], { maxBuffer: 16 * 2 ** 20 });
    const r = JSON.parse(stdout) as { maxRssMiB: number; startRssMiB: number; ms: number; problems: string[] };
    console.log(`# heavy inputs in one process: peak RSS ${r.maxRssMiB.toFixed(0)} MiB (start ${r.startRssMiB.toFixed(0)} MiB), ${r.ms.toFixed(0)} ms, ${r.problems.length} problems`);
    assert.ok(r.maxRssMiB < 500, `peak RSS ${r.maxRssMiB} MiB`);
    assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
    for (const what of [/aliases expand past/, /file is 50\.0 MiB/, /nesting is too deep/, /over the 10000 limit/, /MiB long, over the 2 MiB limit/]) assert.ok(r.problems.some((p) => what.test(p)), `${what} missing:\n${r.problems.join('\n')}`);
  } finally {
    ws.close();
  }
});
