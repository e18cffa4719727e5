// Prepares the two sides of a resource diff for display: noise hidden (server-set metadata,
// status, tracking metadata, server defaults Git never declared), Secret values masked, and drift
// paths resolved to the concrete places they name on each side.
import { TRACKING_ANNOTATIONS, TRACKING_LABELS } from '../../engine/diff/normalize.js';
import { parseDriftPath, type DriftStep } from '../../engine/status/drift-path.js';
import type { KubeObject } from '../../engine/types.js';
import { maskedPair } from './mask-credentials.js';
import { Masked, startsWith, type Seg } from './yaml-lines.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Masked);

const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];
const NOISE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', ...TRACKING_ANNOTATIONS];
/** holds the whole applied object, Secret values included: never shown for a Secret */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const MASK = '••••••';

const omit = (o: Obj, keys: readonly string[]): Obj => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** An object without what normalisation hides (drift-contract rule 2), keeping what Git declares. */
export function withoutNoise(o: KubeObject, declared?: KubeObject): Obj {
  const top = omit(o as Obj, ['status']);
  if (isObj(top['metadata'])) {
    const meta = omit(top['metadata'], SERVER_METADATA);
    const gitAnn = declared?.metadata?.annotations ?? {};
    const gitLabels = declared?.metadata?.labels ?? {};
    if (isObj(meta['annotations'])) {
      meta['annotations'] = Object.fromEntries(Object.entries(meta['annotations']).filter(([k]) => !NOISE_ANNOTATIONS.includes(k) || k in gitAnn));
      if (Object.keys(meta['annotations'] as Obj).length === 0) delete meta['annotations'];
    }
    if (isObj(meta['labels'])) {
      meta['labels'] = Object.fromEntries(Object.entries(meta['labels']).filter(([k]) => !TRACKING_LABELS.includes(k) || k in gitLabels));
      if (Object.keys(meta['labels'] as Obj).length === 0) delete meta['labels'];
    }
    top['metadata'] = meta;
  }
  return top;
}

const decode = (v: unknown): string | undefined => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined);

/**
 * Both sides of a Secret with every value replaced by a mask that says only whether the value
 * differs. Desired stringData is folded into data (as the API server stores it) so keys line up.
 * The last-applied annotation (which embeds the values) is replaced too. Non-Secrets pass through.
 */
export function maskSecrets(desired: Obj | undefined, live: Obj | undefined): { desired?: Obj; live?: Obj } {
  const kind = (desired?.['kind'] ?? live?.['kind']) as unknown;
  if (kind !== 'Secret') return { desired, live };
  const want = new Map<string, string | undefined>();
  if (desired && isObj(desired['data'])) for (const [k, v] of Object.entries(desired['data'])) want.set(k, decode(v));
  if (desired && isObj(desired['stringData'])) for (const [k, v] of Object.entries(desired['stringData'])) want.set(k, typeof v === 'string' ? v : undefined);
  const have = new Map<string, string | undefined>();
  if (live && isObj(live['data'])) for (const [k, v] of Object.entries(live['data'])) have.set(k, decode(v));
  if (live && isObj(live['stringData'])) for (const [k, v] of Object.entries(live['stringData'])) have.set(k, typeof v === 'string' ? v : undefined);
  const label = (k: string): { d: Masked; l: Masked } =>
    maskedPair(MASK, want.has(k), have.has(k), want.has(k) && have.has(k) && want.get(k) === have.get(k));
  const maskSide = (o: Obj | undefined, keys: Map<string, string | undefined>, side: 'd' | 'l'): Obj | undefined => {
    if (!o) return undefined;
    const out = omit(o, ['data', 'stringData']);
    if (keys.size) out['data'] = Object.fromEntries([...keys.keys()].map((k) => [k, label(k)[side]]));
    if (isObj(out['metadata']) && isObj(out['metadata']['annotations']) && LAST_APPLIED in out['metadata']['annotations']) {
      out['metadata'] = { ...out['metadata'], annotations: { ...out['metadata']['annotations'], [LAST_APPLIED]: new Masked(MASK, 'last-applied') } };
    }
    return out;
  };
  return { desired: maskSide(desired, want, 'd'), live: maskSide(live, have, 'l') };
}

/** Key fields that identify list items across the two sides, in order of preference. */
const ITEM_KEYS = ['name', 'mountPath', 'containerPort', 'port', 'devicePath', 'ip', 'type', 'key'];

function itemKeyOf(items: unknown[]): string | undefined {
  return ITEM_KEYS.find((k) => items.length > 0 && items.every((i) => isObj(i) && i[k] !== undefined));
}

/** The concrete place a drift path names in a value, as far as it exists there. */
export function resolvePath(root: unknown, path: string): { segs: Seg[]; complete: boolean } | undefined {
  const steps = parseDriftPath(path);
  if (!steps) return undefined;
  const segs: Seg[] = [];
  let cur = root;
  for (const s of steps) {
    const next = step(cur, s);
    if (!next) return { segs, complete: false };
    segs.push(next.seg);
    cur = next.value;
  }
  return { segs, complete: true };
}

function step(cur: unknown, s: DriftStep): { seg: Seg; value: unknown } | undefined {
  if ('field' in s) return isObj(cur) && s.field in cur ? { seg: s.field, value: cur[s.field] } : undefined;
  if (!Array.isArray(cur)) return undefined;
  let i = -1;
  if ('index' in s) i = s.index < cur.length ? s.index : -1;
  else if ('keys' in s) i = cur.findIndex((x) => isObj(x) && Object.entries(s.keys).every(([k, v]) => String(x[k] ?? (k === 'protocol' ? 'TCP' : '')) === v));
  else i = cur.findIndex((x) => JSON.stringify(x) === JSON.stringify(s.value));
  return i < 0 ? undefined : { seg: i, value: cur[i] };
}

/** The live object with its map keys in Git's order (the rest after), so the two sides line up. */
export function alignToDesired(live: unknown, desired: unknown): unknown {
  if (isObj(live)) {
    const d = isObj(desired) ? desired : {};
    const order = [...Object.keys(d).filter((k) => k in live), ...Object.keys(live).filter((k) => !(k in d))];
    return Object.fromEntries(order.map((k) => [k, alignToDesired(live[k], d[k])]));
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    const key = itemKeyOf(desired);
    return live.map((item, i) => alignToDesired(item, key && isObj(item) ? desired.find((x) => isObj(x) && x[key] === item[key]) : desired[i]));
  }
  return live;
}

const OMIT = Symbol('omit');

/**
 * The live object cut down to what Git declares plus the drifted subtrees (`keep`): server
 * defaults and fields nobody declared are noise for the reader. Keys follow Git's order, so the
 * two sides line up.
 */
export function projectLive(live: unknown, desired: unknown, keep: readonly Seg[][]): unknown {
  const out = project(live, desired, [], keep);
  return out === OMIT ? {} : out;
}

function project(live: unknown, desired: unknown, at: Seg[], keep: readonly Seg[][]): unknown {
  if (keep.some((k) => startsWith(at, k))) return live; // inside a drifted subtree: all of it
  const through = (p: Seg[]) => keep.some((k) => startsWith(k, p));
  if (desired === undefined && !through(at)) return OMIT;
  if (isObj(live)) {
    const d = isObj(desired) ? desired : undefined;
    const out: Obj = {};
    const order = [...Object.keys(d ?? {}).filter((k) => k in live), ...Object.keys(live).filter((k) => !(d && k in d))];
    for (const k of order) {
      const v = project(live[k], d?.[k], [...at, k], keep);
      if (v !== OMIT) out[k] = v;
    }
    return out;
  }
  if (Array.isArray(live)) {
    if (!Array.isArray(desired)) return desired === undefined ? live.map((x, i) => project(x, undefined, [...at, i], keep)).filter((x) => x !== OMIT) : live;
    const key = itemKeyOf(desired);
    if (!key && !desired.some((x) => isObj(x))) return live; // a list of scalars: atomic
    const out: unknown[] = [];
    live.forEach((item, i) => {
      const match = key && isObj(item) ? desired.find((x) => isObj(x) && x[key] === item[key]) : desired[i];
      const v = project(item, match, [...at, i], keep);
      if (v !== OMIT) out.push(v);
    });
    return out;
  }
  return live;
}
