// Request body parsing with a nesting limit: a hostile body must get a 400, never a stack overflow.
import YAML from 'yaml';
import { badRequest } from '../api/errors.js';

export const MAX_DEPTH = 1000;

/** Nesting depth of a JSON text, counted without parsing (strings skipped). */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) return true; }
    else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export function parseJson(text: string, what = 'the object provided is unrecognized'): unknown {
  if (jsonDepthExceeds(text, MAX_DEPTH)) throw badRequest(`${what}: exceeded max depth of ${MAX_DEPTH}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`${what}: ${(e as Error).message}`);
  }
}

/** YAML (a JSON superset): apply-patch bodies. Aliases are capped so a YAML bomb cannot expand. */
export function parseYaml(text: string, what = 'error decoding YAML'): unknown {
  if (jsonDepthExceeds(text, MAX_DEPTH)) throw badRequest(`${what}: exceeded max depth of ${MAX_DEPTH}`);
  try {
    return YAML.parse(text, { maxAliasCount: 100, uniqueKeys: true }) as unknown;
  } catch (e) {
    throw badRequest(`${what}: ${(e as Error).message}`);
  }
}
