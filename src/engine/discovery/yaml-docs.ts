// YAML documents with the position of every field, read by the engine's manifest parser
// (src/engine/manifests: YAML 1.1 as the controllers' Go decoders read it, duplicate keys,
// tabs and bad anchors reported with their line).

import type { EngineProblem, SourceLocation } from '../types.js';
import { joinIndex, joinKey, parseManifests, parseYamlFile } from '../manifests/index.js';

export type FieldPath = ReadonlyArray<string | number>;

export interface YamlDoc {
  /** repository-relative file */
  file: string;
  /** 0-based index of the document in its file */
  index: number;
  /** 1-based line where the document's content starts */
  line: number;
  value: unknown;
  /** where a field is declared (its key), or the nearest declared ancestor */
  locate(path?: FieldPath): SourceLocation;
}

export interface ParsedYaml { docs: YamlDoc[]; problems: EngineProblem[] }

/** Drift-contract path of a field path (lists of GitOps objects are located by index). */
function grammarPath(path: FieldPath): string {
  let p = '';
  for (const seg of path) p = typeof seg === 'number' ? joinIndex(p, seg) : joinKey(p, seg);
  return p;
}

/** The Kubernetes objects of a manifest file. Documents that are not objects are skipped silently (rendering reports them). */
export function parseObjects(text: string, file: string): ParsedYaml {
  const r = parseManifests(text, file);
  const docs = r.docs.map((d): YamlDoc => ({
    file,
    index: d.index,
    line: d.source.line,
    value: d.object,
    locate: (path = []) => (path.length === 0 ? { file, line: d.source.line } : d.lineOf(grammarPath(path), { nearest: true }) ?? { file, line: d.source.line }),
  }));
  const problems = r.problems.filter((p) => !/no apiVersion or kind/.test(p.message));
  return { docs, problems };
}

/** The first document of a configuration file (kustomization.yaml, .plumb.yaml). */
export function parseConfigFile(text: string, file: string): { doc?: YamlDoc; problems: EngineProblem[] } {
  const r = parseYamlFile(text, file);
  if (r.value === undefined || r.value === null) return { problems: r.problems };
  const start = r.doc?.contents?.range?.[0];
  const line = start === undefined ? 1 : r.lines.linePos(start).line;
  const doc: YamlDoc = {
    file,
    index: 0,
    line,
    value: r.value,
    locate: (path = []) => {
      for (let n = path.length; n > 0; n--) {
        const hit = r.fields.get(grammarPath(path.slice(0, n)));
        if (hit) return hit;
      }
      return { file, line };
    },
  };
  return { doc, problems: r.problems };
}
