// Bytes of a manifest file to text: UTF-8 (a BOM is dropped), UTF-16 with a BOM converted as
// Argo CD's repo-server does, anything else reported with the line of the first bad byte.

import type { EngineProblem } from '../types.js';
import { MAX_MANIFEST_BYTES } from './yaml-options.js';

export type Decoded = { text: string; problem?: undefined } | { text?: undefined; problem: EngineProblem };

export function decodeManifestBytes(bytes: Uint8Array, file: string, maxBytes = MAX_MANIFEST_BYTES): Decoded {
  if (bytes.length > maxBytes) return { problem: tooLargeProblem(file, bytes.length, maxBytes) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const bad = firstInvalidUtf8(bytes, start);
  if (bad >= 0) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) { line++; lineStart = i + 1; }
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      problem: {
        severity: 'error',
        message: `not valid UTF-8 (byte 0x${hex}): Kubernetes manifests must be UTF-8; re-save the file as UTF-8`,
        location: { file, line, column: bad - lineStart + 1 },
      },
    };
  }
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8') };
}

export function tooLargeProblem(file: string, size: number, max: number): EngineProblem {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return { severity: 'error', message: `file is ${mib(size)}, over the ${mib(max)} limit for a manifest file: it is skipped`, location: { file, line: 1 } };
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
function firstInvalidUtf8(b: Uint8Array, from: number): number {
  let i = from;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
