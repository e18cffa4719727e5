// The engine benchmark cases of issue 4: one table row and one JSON line each. A missed target
// is printed as missed; `met` is never adjusted to look better.

export interface BenchCase {
  /** stable id, the `case` of the JSON line */
  case: string;
  /** what the table row says */
  title: string;
  value: number;
  unit: string;
  target: number;
  /** how value is compared with target */
  compare: '>=' | '<';
  met: boolean;
  /** further figures for the JSON line (times, counts, agreement) */
  extra?: Record<string, unknown>;
  /** lines printed under the row: how it was measured, what dominated */
  notes?: string[];
}

export function meets(value: number, compare: BenchCase['compare'], target: number): boolean {
  return compare === '>=' ? value >= target : value < target;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  // nearest-rank: the smallest value with at least p % of the samples at or below it
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function formatCases(cases: BenchCase[]): string {
  const head = ['case', 'value', 'target', 'result'];
  const rows = cases.map((c) => [c.title, `${c.value} ${c.unit}`, `${c.compare} ${c.target} ${c.unit}`, c.met ? 'met' : 'MISSED']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out: string[] = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  cases.forEach((c, i) => {
    out.push(line(rows[i]!));
    for (const n of c.notes ?? []) out.push(`    ${n}`);
  });
  return `${out.join('\n')}\n`;
}

export function jsonLine(c: BenchCase): string {
  return `${JSON.stringify({ case: c.case, value: c.value, unit: c.unit, target: c.target, met: c.met, ...c.extra })}\n`;
}

/** A case that could not run at all: reported as missed, with the reason. */
export function failedCase(id: string, title: string, unit: string, target: number, compare: BenchCase['compare'], err: unknown): BenchCase {
  const msg = err instanceof Error ? err.message : String(err);
  return { case: id, title, value: NaN, unit, target, compare, met: false, extra: { error: msg }, notes: [`did not complete: ${msg}`] };
}
