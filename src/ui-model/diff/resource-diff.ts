// One resource's diff: desired (Git) on the left, live on the right, each drifted field annotated
// with who changed it and when on its line.
import type { FieldDrift, ResourceResult } from '../../engine/status/app-status.js';
import type { KubeObject } from '../../engine/types.js';
import { changeStarts, diffRows } from './line-diff.js';
import type { DiffRow, DriftNote, ResourceDiffView, ViewOptions } from './types.js';
import { maskCredentialFields } from './mask-credentials.js';
import { alignToDesired, maskSecrets, projectLive, resolvePath, withoutNoise } from './view-object.js';
import { startsWith, yamlLines, type Seg, type YamlLine } from './yaml-lines.js';

export interface ResourceDiffInput {
  id: string;
  title: string;
  resource: ResourceResult;
  desired?: KubeObject;
  live?: KubeObject;
  options: ViewOptions;
  connected: boolean;
}

/** Unchanged rows kept around each change when only drift is shown. */
const CONTEXT = 3;

export function resourceDiff(input: ResourceDiffInput): ResourceDiffView {
  const { resource, options } = input;
  const notes: string[] = [];
  const masked = (input.desired?.kind ?? input.live?.kind) === 'Secret';
  let desired: Record<string, unknown> | undefined = input.desired ? { ...(input.desired as Record<string, unknown>) } : undefined;
  if (desired) delete desired['status']; // status is never applied
  let live: Record<string, unknown> | undefined = input.live ? (options.showNoise ? { ...(input.live as Record<string, unknown>) } : withoutNoise(input.live, input.desired)) : undefined;
  ({ desired, live } = maskSecrets(desired, live));
  ({ desired, live } = maskCredentialFields(desired, live));
  if (!options.showNoise && live && desired) {
    const keep = resource.drift.map((d) => resolvePath(live, d.path)).filter((r) => r?.complete).map((r) => r!.segs);
    live = projectLive(live, desired, keep) as Record<string, unknown>;
  } else if (live && desired) {
    live = alignToDesired(live, desired) as Record<string, unknown>;
  }
  if (!input.live) notes.push(input.connected ? (resource.status === 'Missing' ? 'Not in the cluster: a sync creates it.' : 'No live object in the cache.') : 'Not connected to a cluster: only the desired side is shown.');
  if (!input.desired) notes.push('Not in Git: a sync with prune deletes it.');
  if (masked) notes.push('Secret values are masked; only whether each key differs is shown.');
  const left = yamlLines(desired);
  const right = yamlLines(live);
  let rows = diffRows(left, right);
  const drift = resource.drift.map((d) => noteOf(d));
  const rowOfLine = (side: 'left' | 'right', n: number) => rows.findIndex((r) => r[side]?.n === n);
  drift.forEach((note, i) => {
    const row = placeOf(resource.drift[i]!, live, right, 'right', rowOfLine) ?? placeOf(resource.drift[i]!, desired, left, 'left', rowOfLine);
    if (row === undefined) return;
    note.row = row;
    (rows[row]!.drift ??= []).push(i);
  });
  // Lines that differ on no drift path are not drift (an ignore rule, a normalised equality):
  // shown dimmed and skipped by navigation, so the panel never flags more than the verdict does.
  if (input.desired && input.live && (resource.status === 'OutOfSync' || resource.status === 'Synced')) {
    const ignored = markIgnored(rows, resource.drift, { obj: desired, lines: left }, { obj: live, lines: right });
    if (ignored) notes.push(`${ignored} line${ignored === 1 ? ' differs' : 's differ'} without being drift (an ignore rule, or equal once normalised): shown dimmed.`);
  }
  if (options.onlyDrift) {
    const { rows: folded, map } = fold(rows);
    rows = folded;
    for (const n of drift) n.row = n.row === undefined ? undefined : map.get(n.row);
    if (rows.length === 0 && resource.drift.length === 0) notes.push('No differences.');
  }
  return {
    id: input.id, title: input.title, status: resource.status, rows, changes: changeStarts(rows), drift, masked, notes,
    ...(resource.source ? { source: resource.source } : {}),
  };
}

function noteOf(d: FieldDrift): DriftNote {
  const n: DriftNote = { path: d.path };
  if (d.kind) n.kind = d.kind;
  if (d.manager) n.manager = d.manager;
  if (d.time) n.time = d.time;
  return n;
}

/** The row that shows a drifted field on one side: its first line, or its closest shown parent. */
function placeOf(d: FieldDrift, obj: unknown, lines: YamlLine[], side: 'left' | 'right', rowOfLine: (side: 'left' | 'right', n: number) => number): number | undefined {
  if (obj === undefined) return undefined;
  const r = resolvePath(obj, d.path);
  if (!r || (!r.complete && side === 'right')) return undefined;
  const target: Seg[] = r.segs;
  let idx = lines.findIndex((l) => startsWith(l.path, target));
  if (idx < 0) return undefined;
  const row = rowOfLine(side, idx + 1);
  return row < 0 ? undefined : row;
}

function markIgnored(rows: DiffRow[], drift: FieldDrift[], left: { obj: unknown; lines: YamlLine[] }, right: { obj: unknown; lines: YamlLine[] }): number {
  const targets = (side: { obj: unknown }) => drift.map((d) => resolvePath(side.obj, d.path)).filter((r) => r?.complete).map((r) => r!.segs);
  const lt = targets(left), rt = targets(right);
  const related = (path: Seg[] | undefined, ts: Seg[][]) => !!path && ts.some((t) => startsWith(path, t) || startsWith(t, path));
  let n = 0;
  for (const r of rows) {
    if (r.kind === 'same') continue;
    const lp = r.left ? left.lines[r.left.n - 1]?.path : undefined;
    const rp = r.right ? right.lines[r.right.n - 1]?.path : undefined;
    if (related(lp, lt) || related(rp, rt)) continue;
    r.ignored = true;
    n++;
  }
  return n;
}

/** Keeps changed and annotated rows with a few rows of context; the rest is folded away. */
function fold(rows: DiffRow[]): { rows: DiffRow[]; map: Map<number, number> } {
  const keep = new Array<boolean>(rows.length).fill(false);
  rows.forEach((r, i) => {
    if ((r.kind === 'same' || r.ignored) && !r.drift) return;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(rows.length - 1, i + CONTEXT); j++) keep[j] = true;
  });
  const out: DiffRow[] = [];
  const map = new Map<number, number>();
  rows.forEach((r, i) => { if (keep[i]) { map.set(i, out.length); out.push(r); } });
  return { rows: out, map };
}
