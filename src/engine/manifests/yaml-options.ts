// YAML settings that read manifests the way the controllers' Go YAML (go-yaml v2 through
// sigs.k8s.io/yaml) does: YAML 1.1 scalars (`yes`/`on`/`y` are booleans, `0777` is octal),
// `<<` merge keys, but timestamps and sexagesimal numbers stay strings.

import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';

/** Cap on alias expansion: legitimate manifests stay far below it, a billion-laughs file does not. */
export const MAX_ALIAS_COUNT = 1000;

/** Largest manifest file read (Argo CD's default cap on a directory's manifests is 10M in total). */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/**
 * Most documents read from one file. Reading costs ~0.3 ms and ~20 KiB per small document on a
 * busy machine, so a file under the byte limit made of tiny documents (165 000 in 9.5 MiB)
 * would take minutes and gigabytes; real repositories stay far below this.
 */
export const MAX_MANIFEST_DOCUMENTS = 10_000;

/**
 * Longest line read. No object can be this large (the API server keeps at most ~1.5 MiB per
 * object), and one huge quoted scalar costs the parser ~40 bytes of memory per byte.
 */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;

const STRING_LIKE = new Set(['tag:yaml.org,2002:timestamp']);
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const FLOAT_WITH_DIGIT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;

export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: false,
  customTags: (tags) => tags
    .filter((t) => !(typeof t === 'object' && (STRING_LIKE.has(t.tag) || t.format === 'TIME')))
    // YAML 1.1's float pattern also matches "." (read as NaN); Go's decoders need a digit, so
    // `resources: [.]` (a kustomization listing its own folder) stays the string ".".
    .map((t) => (typeof t === 'object' && t.tag === FLOAT_TAG && !t.format && t.test?.test('.') ? { ...t, test: FLOAT_WITH_DIGIT } : t)),
};

export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };
