// Inline drift for one workspace file: which drifted fields of which objects are declared in it,
// on which line, with the after-line text and the hover; and the objects the file declares (for
// CodeLens). Lines come from the render's field sources (kustomize patches and Helm values map
// fields to the patch / values line); for an unsaved buffer the drift is recomputed against the
// buffer where the file declares the object, and moved to the buffer's lines elsewhere.
import { parseManifests, type ParsedDoc } from '../engine/manifests/index.js';
import type { FieldDrift, ResourceResult, ResourceStatus } from '../engine/status/app-status.js';
import type { SessionSnapshot } from '../engine/session/workspace-session.js';
import { refKey, refOf, type AppSpec, type IgnoreDifference, type KubeObject, type ObjectRef, type RenderedObject } from '../engine/types.js';
import { bufferDrift, desiredFromBuffer, docFor } from './drift/buffer-drift.js';
import { afterLineText, hoverMarkdown, type DriftFacts } from './drift/drift-text.js';
import { indexLines, placeOf, relocate, type LineIndex } from './drift/field-lines.js';

export interface DriftLineInput {
  /** repository-relative POSIX path of the file */
  file: string;
  snapshot: SessionSnapshot;
  /** for relative times ("2 h ago") */
  now: number;
  /** the editor's text, when it differs from the saved file */
  buffer?: string;
  /** the saved text (needed with `buffer` to move lines to where the fields are now) */
  saved?: string;
  /** the cached live object (drift against the buffer needs it) */
  live?: (ref: ObjectRef) => KubeObject | undefined;
}

export interface DriftLine {
  /** 1-based line in the file (or buffer) */
  line: number;
  /** the leading fact's app and object (every fact has its own) */
  app: string;
  ref: ObjectRef;
  facts: DriftFacts[];
  /** after-line text */
  text: string;
  /** hover markdown */
  hover: string;
  /** 'warning' when the drift conflicts with Git's value, else 'information' */
  severity: 'information' | 'warning';
}

export interface ObjectLine {
  line: number;
  app: string;
  ref: ObjectRef;
  status: ResourceStatus;
  health?: string;
  /** drifted fields of the object */
  drifted: number;
  /** "Synced · Healthy", "OutOfSync (2) · Progressing", "Missing" */
  title: string;
}

export interface FileDrift { lines: DriftLine[]; objects: ObjectLine[] }

interface Found { line: number; app: AppSpec; ref: ObjectRef; drift: FieldDrift; exact: boolean; declaredAt?: { file: string; line: number }; secret: boolean }

export function driftLinesForFile(input: DriftLineInput): FileDrift {
  const { file, snapshot } = input;
  const dirty = input.buffer !== undefined && input.saved !== undefined && input.buffer !== input.saved;
  let savedIdx: LineIndex | undefined;
  let bufferIdx: LineIndex | undefined;
  let bufferDocs: ParsedDoc[] | undefined;
  const moved = (line: number): number | undefined => {
    if (!dirty) return line;
    savedIdx ??= indexLines(input.saved!, file);
    bufferIdx ??= indexLines(input.buffer!, file);
    return relocate(line, savedIdx, bufferIdx);
  };
  const globalIgnores = snapshot.status.config?.ignore.map((l) => l.rule) ?? [];
  const found: Found[] = [];
  const objects: ObjectLine[] = [];

  snapshot.specs.forEach((app) => {
    const status = snapshot.status.apps.find((a) => a.name === app.name);
    const rendered = snapshot.rendered.get(app.name) ?? [];
    const results = new Map<string, ResourceResult>();
    for (const r of status?.resources ?? []) results.set(refKey({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name }), r);
    for (const r of rendered) {
      const ref = refOf(r.object);
      const res = results.get(refKey(ref));
      const secret = r.object.kind === 'Secret';
      if (r.source?.file === file && res) {
        const line = moved(r.source.line);
        if (line !== undefined) objects.push(objectLine(line, app.name, ref, res));
      }
      if (!res || !touchesFile(r, file)) continue;
      // Drift against the buffer where this file declares the object (a resource or a patch).
      if (dirty && input.live) {
        bufferDocs ??= parseManifests(input.buffer!, file).docs;
        const doc = docFor(bufferDocs, r);
        const live = input.live(ref);
        if (doc && live) {
          const { desired, edited } = desiredFromBuffer(r, doc, file);
          const ignores: IgnoreDifference[] = [...(app.ignoreDifferences ?? []), ...globalIgnores];
          for (const d of bufferDrift({ desired, edited, live, known: res.drift, ignoreDifferences: ignores })) {
            const at = r.fieldSources?.[d.path];
            if (at && at.file !== file) continue; // declared by another file: decorated there
            const own = doc.fields.get(d.path);
            const loc = own ?? doc.lineOf(d.path, { nearest: true });
            if (loc) found.push({ line: loc.line, app, ref, drift: d, exact: own !== undefined, secret });
          }
          continue;
        }
      }
      for (const d of res.drift) {
        const place = placeOf(r, d.path);
        if (!place || place.location.file !== file) continue;
        const line = moved(place.location.line);
        if (line === undefined) continue;
        found.push({ line, app, ref, drift: d, exact: place.exact, declaredAt: { file, line: place.location.line }, secret });
      }
    }
  });
  return { lines: group(found, input.now), objects: objects.sort((a, b) => a.line - b.line) };
}

function touchesFile(r: RenderedObject, file: string): boolean {
  if (r.source?.file === file) return true;
  for (const loc of Object.values(r.fieldSources ?? {})) if (loc.file === file) return true;
  return false;
}

function objectLine(line: number, app: string, ref: ObjectRef, res: ResourceResult): ObjectLine {
  const health = res.health?.status;
  const drifted = res.drift.length;
  const head = res.status === 'OutOfSync' && drifted ? `OutOfSync (${drifted})` : res.status;
  return { line, app, ref, status: res.status, ...(health ? { health } : {}), drifted, title: health && res.status !== 'Missing' ? `${head} · ${health}` : head };
}

/**
 * One decoration per line: the first field leads, the others are counted. A file rendered by two
 * apps (a base shared by overlays) contributes each app's drift to the same line.
 */
function group(found: Found[], now: number): DriftLine[] {
  const byLine = new Map<number, Found[]>();
  for (const f of found) {
    const k = f.line;
    const list = byLine.get(k) ?? [];
    if (!list.some((x) => x.drift.path === f.drift.path && x.app.name === f.app.name && refKey(x.ref) === refKey(f.ref))) list.push(f);
    byLine.set(k, list);
  }
  const out: DriftLine[] = [];
  for (const list of byLine.values()) {
    // the field declared on this very line first, then by path
    list.sort((a, b) => Number(b.exact) - Number(a.exact) || a.drift.path.localeCompare(b.drift.path) || a.app.name.localeCompare(b.app.name));
    const first = list[0]!;
    const facts: DriftFacts[] = list.map((f) => ({ app: f.app, ref: f.ref, drift: f.drift, exact: f.exact, secret: f.secret, ...(f.declaredAt ? { declaredAt: f.declaredAt } : {}) }));
    out.push({
      line: first.line, app: first.app.name, ref: first.ref, facts,
      text: afterLineText(facts[0]!, now, list.length - 1),
      hover: hoverMarkdown(facts, now),
      severity: list.some((f) => f.drift.kind === 'conflict') ? 'warning' : 'information',
    });
  }
  return out.sort((a, b) => a.line - b.line);
}
