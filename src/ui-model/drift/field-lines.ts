// Where a drifted field is declared: the field's own line when Git has it, else the closest
// declared ancestor (a label added live → the `labels:` key), else the object's first line. Lines
// come from the last saved render; `relocate` moves them to the same field in an edited buffer.
import { parentPath, parseManifests, parseYamlFile } from '../../engine/manifests/index.js';
import type { RenderedObject, SourceLocation } from '../../engine/types.js';

export interface FieldPlace {
  location: SourceLocation;
  /** the field itself is declared there (not an ancestor or the object) */
  exact: boolean;
}

export function placeOf(r: RenderedObject, path: string): FieldPlace | undefined {
  const fs = r.fieldSources ?? {};
  const hit = fs[path];
  if (hit) return { location: hit, exact: true };
  for (let p = parentPath(path); p !== undefined && p !== ''; p = parentPath(p)) {
    const loc = fs[p];
    if (loc) return { location: loc, exact: false };
  }
  return r.source ? { location: r.source, exact: false } : undefined;
}

/** Key path → line of one text (documents numbered: `#<doc>/<path>`), and the reverse. */
export interface LineIndex {
  lineOf(key: string): number | undefined;
  keyAt(line: number): string | undefined;
}

/**
 * Indexes the fields of a YAML text by document and path. Manifests use the grammar's keyed list
 * items; other YAML (values files, kustomizations) uses the plain walk of parseYamlFile.
 */
export function indexLines(text: string, file: string): LineIndex {
  const byKey = new Map<string, number>();
  const byLine = new Map<number, string>();
  const add = (key: string, line: number) => {
    byKey.set(key, line);
    // the first (outermost) key declared on a line names the line
    if (!byLine.has(line)) byLine.set(line, key);
  };
  const parsed = parseManifests(text, file);
  if (parsed.docs.length) {
    for (const d of parsed.docs) {
      add(`#${d.index}/`, d.source.line);
      for (const [p, loc] of d.fields) add(`#${d.index}/${p}`, loc.line);
    }
  } else {
    const y = parseYamlFile(text, file);
    for (const [p, loc] of y.fields) add(`#0/${p}`, loc.line);
  }
  return { lineOf: (k) => byKey.get(k), keyAt: (l) => byLine.get(l) };
}

/**
 * Moves a line of the saved text to the same field in the buffer. Undefined when the field is
 * gone from the buffer (the user deleted it): no decoration is better than a wrong one.
 */
export function relocate(line: number, saved: LineIndex, buffer: LineIndex): number | undefined {
  const key = saved.keyAt(line);
  if (key === undefined) return undefined;
  return buffer.lineOf(key);
}
