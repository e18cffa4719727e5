// What the Problems panel shows per file: drift at the field's line (one entry per field, so
// each can carry its quick fixes), and the snapshot's problems that name a file and line, or an
// object (a dry-run rejection, an unknown field) placed at the object's declaring line.
import type { SessionSnapshot } from '../../engine/session/workspace-session.js';
import { refKey, refOf, type EngineProblem } from '../../engine/types.js';
import { shortValue } from '../format.js';
import type { DriftLine } from '../drift-lines.js';
import { MASK } from './drift-text.js';
import { placeOf } from './field-lines.js';

export interface FileDiagnostic {
  /** 1-based */
  line: number;
  column?: number;
  severity: 'error' | 'warning' | 'information';
  message: string;
  /** 'drift' entries have quick fixes */
  code: 'drift' | 'problem';
}

export function driftDiagnostics(lines: readonly DriftLine[]): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  for (const l of lines) {
    for (const f of l.facts) {
      const v = (x: unknown) => (x === undefined ? 'not set' : f.secret ? MASK : shortValue(x, 60));
      const who = f.drift.manager ? ` (changed by ${f.drift.manager})` : '';
      const obj = `${f.ref.kind} ${f.ref.namespace ? `${f.ref.namespace}/` : ''}${f.ref.name}`;
      out.push({
        line: l.line, code: 'drift', severity: f.drift.kind === 'conflict' ? 'warning' : 'information',
        message: `Drift in ${obj} (app ${f.app.name}): ${f.drift.path} is ${v(f.drift.live)} live, ${v(f.drift.desired)} in Git${who}`,
      });
    }
  }
  return out;
}

/** The snapshot's problems by repository-relative file. */
export function problemsByFile(snapshot: SessionSnapshot): Map<string, FileDiagnostic[]> {
  const out = new Map<string, FileDiagnostic[]>();
  const objects = new Map<string, { file: string; line: number }>();
  for (const [, list] of snapshot.rendered) for (const r of list) if (r.source) objects.set(refKey(refOf(r.object)), r.source);
  const all: EngineProblem[] = [...snapshot.status.problems, ...snapshot.status.apps.flatMap((a) => a.problems)];
  const seen = new Set<string>();
  for (const p of all) {
    const at = p.location ?? (p.object ? objects.get(refKey(p.object)) : undefined);
    if (!at) continue;
    const k = `${at.file}:${at.line}:${p.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const list = out.get(at.file) ?? [];
    list.push({ line: at.line, ...(p.location?.column ? { column: p.location.column } : {}), severity: p.severity, message: p.app && !p.message.includes(p.app) ? `${p.message} (app ${p.app})` : p.message, code: 'problem' });
    out.set(at.file, list);
  }
  return out;
}

/** Every file that declares a drifted field (for the Problems panel, open or not). */
export function filesWithDrift(snapshot: SessionSnapshot): Set<string> {
  const files = new Set<string>();
  for (const app of snapshot.status.apps) {
    const rendered = new Map((snapshot.rendered.get(app.name) ?? []).map((r) => [refKey(refOf(r.object)), r]));
    for (const res of app.resources) {
      if (!res.drift.length) continue;
      const r = rendered.get(refKey({ group: res.group, kind: res.kind, namespace: res.namespace, name: res.name }));
      if (!r) continue;
      for (const d of res.drift) { const p = placeOf(r, d.path); if (p) files.add(p.location.file); }
    }
  }
  return files;
}
