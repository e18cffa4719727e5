// Credentials outside Secrets: a custom resource's `spec.password`, an env var named DB_TOKEN with
// a literal value. The panel shows such values as masks that say only whether the two sides
// differ, the same way it shows a Secret's data (the engine's drift values are masked the same).
import { isSensitivePath, MASK } from '../../engine/diff/sensitive.js';
import { Masked } from './yaml-lines.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Masked);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The two sides of a hidden value: a mask that says only whether it is in Git, live, and the same. */
export function maskedPair(mask: string, inGit: boolean, inLive: boolean, same: boolean): { d: Masked; l: Masked } {
  const state = !inGit ? 'only live' : !inLive ? 'only in Git' : same ? 'unchanged' : 'changed';
  const text = `${mask} (${state})`;
  // the comparison key says only "same or not": equal values keep unchanged lines on one row
  return { d: new Masked(text, same ? 'same' : 'git'), l: new Masked(text, same ? 'same' : 'live') };
}

function masks(d: unknown, l: unknown): { d?: Masked; l?: Masked } {
  const same = d !== undefined && l !== undefined && JSON.stringify(d) === JSON.stringify(l);
  const pair = maskedPair(MASK, d !== undefined, l !== undefined, same);
  return { ...(d !== undefined ? { d: pair.d } : {}), ...(l !== undefined ? { l: pair.l } : {}) };
}

/** The item of `list` that corresponds to `item` of the other side (by name, else by index). */
function partner(list: unknown, item: unknown, index: number): unknown {
  if (!Array.isArray(list)) return undefined;
  const name = isObj(item) ? item['name'] : undefined;
  if (name !== undefined) return list.find((x) => isObj(x) && x['name'] === name);
  return list[index];
}

function walk(d: unknown, l: unknown): { d: unknown; l: unknown } {
  if (Array.isArray(d) || Array.isArray(l)) {
    const ds = Array.isArray(d) ? d : [];
    const ls = Array.isArray(l) ? l : [];
    const outD = ds.map((item, i) => walk(item, partner(ls, item, i)).d);
    const outL = ls.map((item, i) => walk(partner(ds, item, i), item).l);
    return { d: Array.isArray(d) ? outD : d, l: Array.isArray(l) ? outL : l };
  }
  if (!isObj(d) && !isObj(l)) return { d, l };
  const dd = isObj(d) ? { ...d } : d;
  const ll = isObj(l) ? { ...l } : l;
  // `{name: DB_PASSWORD, value: …}` (env vars and the like): the name says what the value is.
  const named = (isObj(d) ? d['name'] : undefined) ?? (isObj(l) ? l['name'] : undefined);
  const keys = new Set([...(isObj(d) ? Object.keys(d) : []), ...(isObj(l) ? Object.keys(l) : [])]);
  for (const k of keys) {
    const dv = isObj(d) ? d[k] : undefined;
    const lv = isObj(l) ? l[k] : undefined;
    const credential = isSensitivePath(k) || (k === 'value' && typeof named === 'string' && isSensitivePath(named));
    if (credential && (isScalar(dv) || isScalar(lv)) && !isObj(dv) && !isObj(lv) && !Array.isArray(dv) && !Array.isArray(lv)) {
      const m = masks(dv, lv);
      if (isObj(dd) && m.d) dd[k] = m.d;
      if (isObj(ll) && m.l) ll[k] = m.l;
    } else if (k !== 'metadata') {
      const w = walk(dv, lv);
      if (isObj(dd) && dv !== undefined) dd[k] = w.d;
      if (isObj(ll) && lv !== undefined) ll[k] = w.l;
    }
  }
  return { d: dd, l: ll };
}

/** Both sides with credential-named fields masked; Secrets are masked separately (maskSecrets). */
export function maskCredentialFields(desired: Obj | undefined, live: Obj | undefined): { desired?: Obj; live?: Obj } {
  const w = walk(desired, live);
  return { desired: maskLastApplied(w.d as Obj | undefined), live: maskLastApplied(w.l as Obj | undefined) };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** kubectl's last-applied annotation repeats every field: masked whole when it holds a credential-named one. */
function maskLastApplied(o: Obj | undefined): Obj | undefined {
  const meta = o?.['metadata'];
  if (!o || !isObj(meta) || !isObj(meta['annotations'])) return o;
  const text = meta['annotations'][LAST_APPLIED];
  if (typeof text !== 'string' || !hasCredential(text)) return o;
  return { ...o, metadata: { ...meta, annotations: { ...meta['annotations'], [LAST_APPLIED]: new Masked(MASK, 'last-applied') } } };
}

function hasCredential(json: string): boolean {
  try {
    const seen = (v: unknown): boolean => Array.isArray(v) ? v.some(seen)
      : isObj(v) ? Object.entries(v).some(([k, x]) => (isSensitivePath(k) && isScalar(x)) || (k === 'value' && typeof v['name'] === 'string' && isSensitivePath(v['name'])) || seen(x))
      : false;
    return seen(JSON.parse(json));
  } catch {
    return true; // unreadable: assume the worst
  }
}
