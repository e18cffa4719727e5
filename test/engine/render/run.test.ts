import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTool } from '../../../src/engine/render/run.js';

test('runTool: output, exit code, and a missing binary', async () => {
  const ok = await runTool(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'], new AbortController().signal);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr, ok.stopped], [3, 'out', 'err', undefined]);
  const missing = await runTool('/nonexistent/tool', [], new AbortController().signal);
  assert.equal(missing.spawnError?.code, 'ENOENT');
});

test('runTool: the child is killed on abort and on timeout', async () => {
  const ac = new AbortController();
  const t0 = Date.now();
  const p = runTool(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], ac.signal);
  setTimeout(() => ac.abort(), 100);
  const r = await p;
  assert.equal(r.stopped, 'aborted');
  assert.ok(Date.now() - t0 < 5000);
  const t = await runTool(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], new AbortController().signal, { timeoutMs: 150 });
  assert.equal(t.stopped, 'timeout');
});

test('runTool: output over the cap is dropped and flagged', async () => {
  const r = await runTool(process.execPath, ['-e', 'process.stdout.write("x".repeat(5000))'], new AbortController().signal, { maxStdout: 1000 });
  assert.equal(r.tooLarge, true);
  assert.equal(r.stdout, '');
});
