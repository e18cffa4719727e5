// Manifests read from files with the location of every document and field.
export { parseManifests, parseYamlFile, makeDoc, parentPath, type ParsedDoc, type ParseResult, type ParseManifestOptions, type YamlFile } from './parse.js';
export { readManifestDir, readManifestFile, type ReadDirOptions, type ReadDirResult } from './read-dir.js';
export { decodeManifestBytes, type Decoded } from './decode.js';
export { isNonManifestFile, isKustomizeConfig } from './classify.js';
export { globMatch, globToRegExp } from './glob.js';
export { joinKey, joinIndex, joinItem } from './field-path.js';
export { listKeys, setListKeyResolver, useFieldSemantics, schemaListKeys, builtinListKeys, type ListKeyResolver, type ListContext, type ListKeys } from './list-keys.js';
export { locateFields } from './locate.js';
export { MAX_ALIAS_COUNT, MAX_LINE_BYTES, MAX_MANIFEST_BYTES, MAX_MANIFEST_DOCUMENTS } from './yaml-options.js';
export { walkObject, pointerToPath, type ObjectKind } from './walk-object.js';
