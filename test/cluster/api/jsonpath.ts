// A small JSONPath evaluator for CRD additionalPrinterColumns (`.status.conditions[0].type`,
// `.metadata.labels['app.kubernetes.io/name']`, `.spec.items[*].name`). Only simple paths are
// supported, as the apiserver's table convertor assumes.

type Step = { key: string } | { index: number } | { all: true };

/** Parse `.a.b[0]['c.d']`; undefined when the path is not of that simple form. */
export function parseJsonPath(path: string): Step[] | undefined {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1).trim();
  if (p.startsWith('$')) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      let j = i + 1;
      let key = '';
      while (j < p.length && p[j] !== '.' && p[j] !== '[') {
        if (p[j] === '\\' && j + 1 < p.length) { key += p[j + 1]; j += 2; continue; }
        key += p[j];
        j++;
      }
      if (key === '') return undefined;
      steps.push({ key });
      i = j;
    } else if (c === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) return undefined;
      const inner = p.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: parseInt(inner, 10) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ key: inner.slice(1, -1) });
      else return undefined;
      i = end + 1;
    } else {
      return undefined;
    }
  }
  return steps;
}

/** All values the path selects (missing keys select nothing). */
export function evalJsonPath(data: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [data];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('key' in step) {
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && step.key in v) next.push((v as Record<string, unknown>)[step.key]);
      } else if ('index' in step) {
        if (Array.isArray(v)) {
          const k = step.index < 0 ? v.length + step.index : step.index;
          if (k >= 0 && k < v.length) next.push(v[k]);
        }
      } else if (Array.isArray(v)) {
        next.push(...v);
      } else if (typeof v === 'object' && v !== null) {
        next.push(...Object.values(v));
      }
    }
    current = next;
  }
  return current;
}

/** jsonpath's text output of one value: strings raw, scalars printed, objects and lists as JSON. */
export function jsonPathText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  return JSON.stringify(v);
}
