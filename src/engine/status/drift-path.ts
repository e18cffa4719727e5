// Reading values back along a drift path (drift-contract grammar), for the per-field detail that
// `plumb diff` and the editor show: `spec.replicas`, `metadata.labels["a.b/c"]`,
// `containers[name=web].env[name=LOG_LEVEL]`, `ports[containerPort=9125,protocol=UDP]`, `args[0]`.

export type DriftStep =
  | { field: string }
  | { keys: Record<string, string> }
  | { index: number }
  | { value: unknown };

/** Parses a rendered drift path; undefined when it does not follow the grammar. */
export function parseDriftPath(path: string): DriftStep[] | undefined {
  const steps: DriftStep[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') { i++; continue; }
    if (c === '[') {
      if (path[i + 1] === '"') {
        // ["key"]: a JSON string up to the closing quote that is followed by ]
        let j = i + 2;
        while (j < path.length && !(path[j] === '"' && path[j - 1] !== '\\' && path[j + 1] === ']')) j++;
        try { steps.push({ field: JSON.parse(path.slice(i + 1, j + 1)) as string }); } catch { return undefined; }
        i = j + 2;
        continue;
      }
      const end = path.indexOf(']', i);
      if (end < 0) return undefined;
      const inner = path.slice(i + 1, end);
      if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^[A-Za-z0-9_-]+=/.test(inner)) {
        const keys: Record<string, string> = {};
        for (const part of inner.split(',')) {
          const eq = part.indexOf('=');
          if (eq < 0) return undefined;
          keys[part.slice(0, eq)] = part.slice(eq + 1);
        }
        steps.push({ keys });
      } else {
        try { steps.push({ value: JSON.parse(inner) as unknown }); } catch { return undefined; }
      }
      i = end + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_-]+/.exec(path.slice(i));
    if (!m) return undefined;
    steps.push({ field: m[0] });
    i += m[0].length;
  }
  return steps;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaulted key fields a path names but an item may omit (`protocol` of ports). */
const KEY_DEFAULTS: Record<string, string> = { protocol: 'TCP' };

function matches(item: unknown, keys: Record<string, string>): boolean {
  if (!isObj(item)) return false;
  return Object.entries(keys).every(([k, v]) => String(item[k] ?? KEY_DEFAULTS[k] ?? '') === v);
}

/** The value one step below `cur`, or undefined when absent. */
export function stepValue(cur: unknown, s: DriftStep): unknown {
  if (cur === undefined || cur === null) return undefined;
  if ('field' in s) return isObj(cur) ? cur[s.field] : undefined;
  if ('index' in s) return Array.isArray(cur) ? cur[s.index] : undefined;
  if ('keys' in s) return Array.isArray(cur) ? cur.find((x) => matches(x, s.keys)) : undefined;
  return Array.isArray(cur) ? cur.find((x) => JSON.stringify(x) === JSON.stringify(s.value)) : undefined;
}

/** The value at a drift path, or undefined when absent. */
export function valueAtDriftPath(root: unknown, steps: DriftStep[]): unknown {
  return steps.reduce<unknown>((cur, s) => stepValue(cur, s), root);
}
