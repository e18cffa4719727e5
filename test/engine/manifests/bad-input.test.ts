// Each bad-input fixture gives exactly one clear problem naming the file and line.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifestFile } from '../../../src/engine/manifests/index.js';

const BAD = join(__dirname, '../../fixtures/bad');
const signal = new AbortController().signal;

const cases: Array<{ file: string; severity: 'error' | 'warning'; line: number; message: RegExp; docs: number }> = [
  { file: 'malformed.yaml', severity: 'error', line: 9, message: /YAML syntax error: Flow sequence .* end with a \]/, docs: 0 },
  { file: 'duplicate-keys.yaml', severity: 'error', line: 7, message: /duplicate key replicas/, docs: 1 },
  { file: 'tabs.yaml', severity: 'error', line: 7, message: /tab used for indentation/, docs: 0 },
  { file: 'billion-laughs.yaml', severity: 'error', line: 1, message: /aliases expand past \d+ nodes/, docs: 0 },
  { file: 'bad-alias.yaml', severity: 'error', line: 6, message: /alias \*original has no anchor &original/, docs: 0 },
  { file: 'no-kind.yaml', severity: 'warning', line: 1, message: /document has no kind: .*skipped/, docs: 1 },
  { file: 'not-kubernetes.yaml', severity: 'warning', line: 2, message: /not Kubernetes YAML/, docs: 0 },
  { file: 'non-utf8.yaml', severity: 'error', line: 6, message: /not valid UTF-8 \(byte 0xE9\)/, docs: 0 },
];

for (const c of cases) {
  test(`bad input: ${c.file}`, async () => {
    const r = await readManifestFile(join(BAD, c.file), c.file, signal);
    assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
    const p = r.problems[0]!;
    assert.equal(p.severity, c.severity);
    assert.match(p.message, c.message);
    assert.equal(p.location?.file, c.file);
    assert.equal(p.location?.line, c.line);
    assert.equal(r.docs.length, c.docs);
  });
}

test('the duplicate key is read as the Go decoders do (last value wins)', async () => {
  const r = await readManifestFile(join(BAD, 'duplicate-keys.yaml'), 'd.yaml', signal);
  assert.equal((r.docs[0]!.object.spec as { replicas: number }).replicas, 3);
});

test('a huge file is refused before it is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-huge-'));
  try {
    const f = join(dir, 'huge.yaml');
    writeFileSync(f, Buffer.alloc(11 * 1024 * 1024, 0x61));
    const r = await readManifestFile(f, 'huge.yaml', signal);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /file is 11\.0 MiB, over the 10\.0 MiB limit/);
    assert.deepEqual(r.problems[0]!.location, { file: 'huge.yaml', line: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('UTF-16 with a BOM is converted, a UTF-8 BOM dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-bom-'));
  try {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\n';
    writeFileSync(join(dir, 'a.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(join(dir, 'b.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    for (const f of ['a.yaml', 'b.yaml']) {
      const r = await readManifestFile(join(dir, f), f, signal);
      assert.deepEqual(r.problems, []);
      assert.equal(r.docs[0]!.object.metadata?.name, 'wide');
      assert.equal(r.docs[0]!.lineOf('metadata.name')?.line, 4);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
