// scripts/install-helm.mjs (postinstall): idempotent, and the binary it leaves runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '../../..');
const HELM = join(ROOT, 'node_modules/.cache/plumb/helm');

test('install-helm leaves an executable helm v4 and is a no-op when run again', { skip: process.platform !== 'linux' || process.arch !== 'x64' }, () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/install-helm.mjs')], { encoding: 'utf8' });
  const before = statSync(HELM);
  assert.ok(before.mode & 0o100, 'executable');
  const again = execFileSync(process.execPath, [join(ROOT, 'scripts/install-helm.mjs')], { encoding: 'utf8' });
  assert.equal(again, '', 'silent no-op');
  assert.equal(statSync(HELM).mtimeMs, before.mtimeMs);
  assert.match(execFileSync(HELM, ['version', '--short'], { encoding: 'utf8' }), /^v4\./);
});
