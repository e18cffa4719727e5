// YAML settings that read manifests the way the controllers' Go YAML (go-yaml v2 through
// sigs.k8s.io/yaml) does: YAML 1.1 scalars (`yes`/`on`/`y` are booleans, `0777` is octal),
// `<<` merge keys, but timestamps and sexagesimal numbers stay strings.

import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';

/** Cap on alias expansion: legitimate manifests stay far below it, a billion-laughs file does not. */
export const MAX_ALIAS_COUNT = 1000;

/** Largest manifest file read (Argo CD's default cap on a directory's manifests is 10M in total). */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

const STRING_LIKE = new Set(['tag:yaml.org,2002:timestamp']);

export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: false,
  customTags: (tags) => tags.filter((t) => !(typeof t === 'object' && (STRING_LIKE.has(t.tag) || t.format === 'TIME'))),
};

export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };
