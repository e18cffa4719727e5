// How printers render label maps and selectors (labels.FormatLabels, metav1.FormatLabelSelector).

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a=b,c=d` (keys sorted), `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  if (!isObj(labels)) return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${String(labels[k])}`).join(',');
}

/**
 * labels.Selector.String() of a LabelSelector: requirements sorted by key, `k=v`, `k in (a,b)`,
 * `k notin (a)`, `k`, `!k`. A missing or empty selector renders as "".
 */
export function selectorString(selector: unknown): string {
  if (!isObj(selector)) return '';
  const reqs: Array<{ key: string; text: string }> = [];
  const ml = selector['matchLabels'];
  if (isObj(ml)) for (const [k, v] of Object.entries(ml)) reqs.push({ key: k, text: `${k}=${String(v)}` });
  const exprs = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  for (const e of exprs) {
    if (!isObj(e)) continue;
    const k = String(e['key'] ?? '');
    const values = (Array.isArray(e['values']) ? e['values'].map(String) : []).sort();
    const uniq = [...new Set(values)];
    switch (e['operator']) {
      case 'In': reqs.push({ key: k, text: `${k} in (${uniq.join(',')})` }); break;
      case 'NotIn': reqs.push({ key: k, text: `${k} notin (${uniq.join(',')})` }); break;
      case 'Exists': reqs.push({ key: k, text: k }); break;
      case 'DoesNotExist': reqs.push({ key: k, text: `!${k}` }); break;
      default: return '<error>';
    }
  }
  // Stable sort by key, as labels.Requirements are sorted.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it is empty. */
export function formatLabelSelector(selector: unknown): string {
  const s = selectorString(selector);
  return s === '' ? '<none>' : s;
}
