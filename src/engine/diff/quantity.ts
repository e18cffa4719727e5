// resource.Quantity compared by value, as the API server canonicalises it: `1000m` = `1`,
// `0.5` = `500m`, `1Gi` = `1024Mi`, `1G` ≠ `1Gi`. Values are rounded up to milli-units first
// (SetDefaults_ResourceList). Exact arithmetic with BigInt, no floating point.

const RE = /^([+-]?)(\d+\.?\d*|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A quantity as an exact fraction num / den. */
interface Fraction { num: bigint; den: bigint }

function parse(q: string | number): Fraction | undefined {
  const s = typeof q === 'number' ? (Number.isFinite(q) ? String(q).replace('e+', 'e') : '') : q.trim();
  const m = RE.exec(s);
  if (!m) return undefined;
  const [, sign, digits, exp, suffix = ''] = m;
  const [int = '', frac = ''] = digits!.split('.');
  let num = BigInt((int || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  if (sign === '-') num = -num;
  let e10 = exp ? Number(exp.slice(1)) : DECIMAL[suffix] ?? 0;
  if (suffix in BINARY) {
    num *= 2n ** BigInt(BINARY[suffix]!);
    e10 = 0;
  }
  if (e10 >= 0) num *= 10n ** BigInt(e10);
  else den *= 10n ** BigInt(-e10);
  return { num, den };
}

/** The value in milli-units, rounded up (towards +∞) as the server rounds resource lists. */
function milli(f: Fraction): bigint {
  const scaled = f.num * 1000n;
  const q = scaled / f.den;
  return scaled % f.den !== 0n && scaled > 0n ? q + 1n : q;
}

/** Whether a string or number is a valid quantity. */
export function isQuantity(v: unknown): boolean {
  return (typeof v === 'string' || typeof v === 'number') && parse(v) !== undefined;
}

/**
 * Equality of two quantities by value. Values that do not parse compare as they are (a string
 * the server would reject stays different from everything but itself).
 */
export function quantityEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) return false;
  const fa = parse(a);
  const fb = parse(b);
  if (!fa || !fb) return String(a) === String(b);
  return milli(fa) === milli(fb);
}
