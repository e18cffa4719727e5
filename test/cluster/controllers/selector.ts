// Structured label selectors (metav1.LabelSelector) and Service-style label maps, evaluated the
// way apimachinery does: an empty LabelSelector matches everything, a missing one matches nothing.

export interface LabelSelectorRequirement { key: string; operator: string; values?: string[] }
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Narrow an untyped value to a LabelSelector (undefined when it is not an object). */
export function asLabelSelector(v: unknown): LabelSelector | undefined {
  if (!isRecord(v)) return undefined;
  const out: LabelSelector = {};
  if (isRecord(v['matchLabels'])) {
    out.matchLabels = {};
    for (const [k, x] of Object.entries(v['matchLabels'])) if (typeof x === 'string') out.matchLabels[k] = x;
  }
  if (Array.isArray(v['matchExpressions'])) {
    out.matchExpressions = v['matchExpressions'].filter(isRecord).map((e) => ({
      key: String(e['key'] ?? ''),
      operator: String(e['operator'] ?? ''),
      values: Array.isArray(e['values']) ? e['values'].map(String) : undefined,
    }));
  }
  return out;
}

export function matchesSelector(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(l[e.key]!)) return false; break;
      case 'NotIn': if (has && vals.includes(l[e.key]!)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** A Service selector (plain map): an empty or missing map selects nothing. */
export function matchesMap(sel: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel || !Object.keys(sel).length) return false;
  const l = labels ?? {};
  return Object.entries(sel).every(([k, v]) => l[k] === v);
}
