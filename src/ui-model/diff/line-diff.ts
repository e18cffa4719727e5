// Line diff (Myers' O(ND) algorithm) turned into side-by-side rows: runs of removed and added lines
// are paired up as "changed" rows, the rest stay removed / added / same.
import type { DiffRow, LineView } from './types.js';

type Op = { op: 'same'; a: number; b: number } | { op: 'del'; a: number } | { op: 'ins'; b: number };

/** Above this many differing lines, the diff gives up pairing and shows both sides as replaced. */
const MAX_EDITS = 4000;

function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length, m = b.length, max = Math.min(n + m, MAX_EDITS);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, off, n, m, d);
    }
  }
  return undefined;
}

/** Walks the saved frontiers back from (n, m) to (0, 0): trace[d] is the frontier before step d. */
function backtrack(trace: Int32Array[], off: number, n: number, m: number, dEnd: number): Op[] {
  const ops: Op[] = [];
  let x = n, y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!; // state before step d
    const k = x - y;
    const prevK = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[off + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x--; y--; ops.push({ op: 'same', a: x, b: y }); }
    if (x === prevX) { y--; ops.push({ op: 'ins', b: y }); } else { x--; ops.push({ op: 'del', a: x }); }
  }
  while (x > 0 && y > 0) { x--; y--; ops.push({ op: 'same', a: x, b: y }); }
  return ops.reverse();
}

/** Side-by-side rows of two texts compared by their keys (line numbers are 1-based). */
export function diffRows(left: ReadonlyArray<{ text: string; key: string }>, right: ReadonlyArray<{ text: string; key: string }>): DiffRow[] {
  const ops = myers(left.map((l) => l.key), right.map((l) => l.key))
    ?? [...left.map((_, a) => ({ op: 'del' as const, a })), ...right.map((_, b) => ({ op: 'ins' as const, b }))];
  const rows: DiffRow[] = [];
  const L = (i: number): LineView => ({ n: i + 1, text: left[i]!.text });
  const R = (i: number): LineView => ({ n: i + 1, text: right[i]!.text });
  let dels: number[] = [], inss: number[] = [];
  const flush = () => {
    const pairs = Math.min(dels.length, inss.length);
    for (let i = 0; i < pairs; i++) rows.push({ kind: 'changed', left: L(dels[i]!), right: R(inss[i]!) });
    for (const a of dels.slice(pairs)) rows.push({ kind: 'removed', left: L(a) });
    for (const b of inss.slice(pairs)) rows.push({ kind: 'added', right: R(b) });
    dels = []; inss = [];
  };
  for (const o of ops) {
    if (o.op === 'del') dels.push(o.a);
    else if (o.op === 'ins') inss.push(o.b);
    else { flush(); rows.push({ kind: 'same', left: L(o.a), right: R(o.b) }); }
  }
  flush();
  return rows;
}

/** Row indices where a block of changed / added / removed rows starts. */
export function changeStarts(rows: readonly DiffRow[]): number[] {
  const out: number[] = [];
  const isChange = (r: DiffRow | undefined) => !!r && r.kind !== 'same' && !r.ignored;
  rows.forEach((r, i) => { if (isChange(r) && !isChange(rows[i - 1])) out.push(i); });
  return out;
}
