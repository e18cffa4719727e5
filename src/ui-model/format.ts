// Small text helpers shared by the view models: relative times, short values, markdown escaping.

/** "just now", "2 min ago", "3 h ago", "5 d ago"; undefined for an unparsable time. */
export function ago(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** A value as one short line: strings bare, the rest as JSON, cut at `max` characters. */
export function shortValue(v: unknown, max = 40): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  const line = s.replace(/\s*\n\s*/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Text that markdown shows literally (names, messages and values come from users' files). */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** A value for a markdown code span (backticks inside are widened around). */
export function mdCode(s: string): string {
  const ticks = (s.match(/`+/g) ?? []).reduce((n, t) => Math.max(n, t.length), 0);
  const fence = '`'.repeat(ticks + 1);
  return ticks ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
