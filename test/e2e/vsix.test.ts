// The .vsix packer without an editor: .vscodeignore semantics (last rule wins, `!` re-includes,
// folder rules cover their contents) and a zip that reads back byte for byte.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { isIgnored, packageVsix, parseIgnore } from './vsix.js';
import { crc32, writeZip } from './zip.js';

/** Reads every entry of a zip through its central directory (the way extractors do). */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    assert.equal(buf.readUInt32LE(local), 0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    assert.equal(crc32(data), crc, `crc of ${name}`);
    out.set(name, data);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

test('crc32 matches the known check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
});

test('writeZip: deflated and stored entries read back unchanged', () => {
  const text = Buffer.from('apiVersion: v1\n'.repeat(200));
  const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251));
  const files = readZip(writeZip([{ name: 'a/b.yaml', data: text }, { name: 'bin.dat', data: random }, { name: 'empty', data: Buffer.alloc(0) }]));
  assert.deepEqual([...files.keys()], ['a/b.yaml', 'bin.dat', 'empty']);
  assert.ok(files.get('a/b.yaml')!.equals(text));
  assert.ok(files.get('bin.dat')!.equals(random));
  assert.equal(files.get('empty')!.length, 0);
});

test('.vscodeignore: the last matching rule wins; folder and ** rules cover what is below', () => {
  const rules = parseIgnore('# comment\n**\n!dist/extension.js\n!media/**\nmedia/screenshots/**\n!package.json\nsrc/\n');
  assert.equal(isIgnored('dist/extension.js', rules), false);
  assert.equal(isIgnored('dist/extension.js.map', rules), true);
  assert.equal(isIgnored('media/plumb.svg', rules), false);
  assert.equal(isIgnored('media/screenshots/app-tree.png', rules), true);
  assert.equal(isIgnored('package.json', rules), false);
  assert.equal(isIgnored('node_modules/yaml/index.js', rules), true);
  assert.equal(isIgnored('src/vscode/extension.ts', rules), true);
  assert.equal(isIgnored('x/package.json', rules), true);
});

test('packageVsix: the manifest, content types and extension/ files chosen by .vscodeignore', () => {
  const root = mkdtempSync(join(tmpdir(), 'plumb-vsix-'));
  try {
    const put = (rel: string, text: string) => { mkdirSync(dirname(join(root, rel)), { recursive: true }); writeFileSync(join(root, rel), text); };
    put('package.json', JSON.stringify({ name: 'demo', version: '1.2.3', publisher: 'me', displayName: 'A & B', main: './dist/extension.js', engines: { vscode: '^1.90.0' } }));
    put('dist/extension.js', 'exports.activate = () => {};');
    put('dist/extension.js.map', '{}');
    put('src/extension.ts', 'export {}');
    put('node_modules/yaml/index.js', '');
    put('.vscodeignore', '**\n!dist/extension.js\n');
    const r = packageVsix(root, join(root, 'out', 'demo.vsix'));
    assert.equal(r.id, 'me.demo');
    assert.deepEqual(r.files, ['dist/extension.js', 'package.json']);
    const zip = readZip(readFileSync(r.file));
    assert.deepEqual([...zip.keys()], ['extension.vsixmanifest', '[Content_Types].xml', 'extension/dist/extension.js', 'extension/package.json']);
    const manifest = zip.get('extension.vsixmanifest')!.toString();
    assert.match(manifest, /<Identity Language="en-US" Id="demo" Version="1\.2\.3" Publisher="me" \/>/);
    assert.match(manifest, /<DisplayName>A &amp; B<\/DisplayName>/);
    assert.match(manifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.90\.0"/);
    assert.match(zip.get('[Content_Types].xml')!.toString(), /Extension="\.js" ContentType="application\/javascript"/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
