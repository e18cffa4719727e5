// Drift against the editor's buffer, so decorations follow typing before a save: the saved render
// of the object, with the fields that this file declares replaced by the buffer's values, is
// compared with the live object. Only fields this file declares change: fields from other
// layers (a base, a patch, a name prefix) keep the render's value.
import { compareObject } from '../../engine/diff/index.js';
import type { ParsedDoc } from '../../engine/manifests/index.js';
import { attributeDrift } from '../../engine/status/attribution.js';
import type { FieldDrift } from '../../engine/status/app-status.js';
import { parseDriftPath, valueAtDriftPath, type DriftStep } from '../../engine/status/drift-path.js';
import type { IgnoreDifference, KubeObject, RenderedObject } from '../../engine/types.js';
import { MASK } from './drift-text.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLeaf = (v: unknown) => !(typeof v === 'object' && v !== null) || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/** The doc of `docs` that declares the rendered object (same kind; same name, or the name before a prefix/suffix). */
export function docFor(docs: readonly ParsedDoc[], r: RenderedObject): ParsedDoc | undefined {
  const kind = r.object.kind;
  const name = r.object.metadata?.name ?? '';
  const same = docs.filter((d) => d.object.kind === kind);
  return same.find((d) => d.object.metadata?.name === name)
    ?? same.find((d) => { const n = d.object.metadata?.name ?? ''; return n !== '' && name.includes(n); });
}

/** The render with this file's fields taken from the buffer; `edited` lists the paths that changed. */
export function desiredFromBuffer(r: RenderedObject, doc: ParsedDoc, file: string): { desired: KubeObject; edited: Set<string> } {
  const desired = structuredClone(r.object);
  const edited = new Set<string>();
  const fs = r.fieldSources ?? {};
  const ours = (p: string) => { const at = fs[p]; return at === undefined || at.file === file; };
  for (const p of doc.fields.keys()) {
    if (!ours(p)) continue;
    const steps = parseDriftPath(p);
    if (!steps) continue;
    const v = valueAtDriftPath(doc.object, steps);
    if (!isLeaf(v)) continue;
    if (p === 'metadata.name' || p === 'metadata.namespace') continue; // identity comes from the render
    const before = valueAtDriftPath(desired, steps);
    if (JSON.stringify(before) === JSON.stringify(v)) continue;
    setAt(desired, steps, structuredClone(v));
    edited.add(p);
  }
  for (const [p, at] of Object.entries(fs)) {
    if (at.file !== file || doc.fields.has(p) || p === 'metadata.name' || p === 'metadata.namespace') continue;
    const steps = parseDriftPath(p);
    if (!steps || !isLeaf(valueAtDriftPath(r.object, steps))) continue;
    if (deleteAt(desired, steps)) edited.add(p);
  }
  return { desired, edited };
}

function setAt(root: unknown, steps: DriftStep[], value: unknown): void {
  let cur = root;
  steps.forEach((s, i) => {
    const last = i === steps.length - 1;
    const nextIsList = !last && !('field' in steps[i + 1]!);
    if ('field' in s) {
      if (!isObj(cur)) return;
      if (last) { cur[s.field] = value; return; }
      if (cur[s.field] === undefined || cur[s.field] === null) cur[s.field] = nextIsList ? [] : {};
      cur = cur[s.field];
    } else if ('keys' in s) {
      if (!Array.isArray(cur)) return;
      let item = cur.find((x) => isObj(x) && Object.entries(s.keys).every(([k, v]) => String(x[k]) === v));
      if (!item) { item = Object.fromEntries(Object.entries(s.keys).map(([k, v]) => [k, /^-?\d+$/.test(v) ? Number(v) : v])); cur.push(item); }
      if (last) Object.assign(item as object, value);
      cur = item;
    } else if ('index' in s) {
      if (!Array.isArray(cur)) return;
      if (last) { cur[s.index] = value; return; }
      cur = cur[s.index];
    }
  });
}

function deleteAt(root: unknown, steps: DriftStep[]): boolean {
  const parent = valueAtDriftPath(root, steps.slice(0, -1));
  const s = steps[steps.length - 1]!;
  if ('field' in s && isObj(parent) && s.field in parent) { delete parent[s.field]; return true; }
  return false;
}

/**
 * Local verdict of the buffer against live. Without the server's dry-run a local compare may see
 * defaulting noise, so only paths the snapshot already reports or the user just edited are kept.
 */
export function bufferDrift(opts: {
  desired: KubeObject; edited: ReadonlySet<string>; live: KubeObject; known: readonly FieldDrift[];
  ignoreDifferences: IgnoreDifference[]; fieldManager?: string;
}): FieldDrift[] {
  const verdict = compareObject({ desired: opts.desired, live: opts.live, context: { ignoreDifferences: opts.ignoreDifferences }, ...(opts.fieldManager ? { fieldManager: opts.fieldManager } : {}) });
  const known = new Set(opts.known.map((d) => d.path));
  const touched = (p: string) => [...opts.edited].some((e) => e === p || e.startsWith(`${p}.`) || e.startsWith(`${p}[`) || p.startsWith(`${e}.`) || p.startsWith(`${e}[`));
  const secret = opts.desired.kind === 'Secret';
  return verdict.driftPaths.filter((p) => known.has(p) || touched(p)).map((path) => {
    const steps = parseDriftPath(path);
    const out: FieldDrift = { path, ...(verdict.pathKinds?.[path] ? { kind: verdict.pathKinds[path] } : {}) };
    if (steps) {
      const d = valueAtDriftPath(opts.desired, steps);
      const l = valueAtDriftPath(opts.live, steps);
      if (d !== undefined) out.desired = secret ? MASK : d;
      if (l !== undefined) out.live = secret ? MASK : l;
    }
    const by = attributeDrift(opts.live, path, opts.fieldManager);
    if (by) { out.manager = by.manager; if (by.time) out.time = by.time; }
    return out;
  });
}
