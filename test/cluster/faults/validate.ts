// Shape checks for fault rules that arrive untyped (JSON bodies of POST /_plumb/faults, JSON --fault values).
import { badRequest } from '../api/errors.js';
import type { FaultAction, FaultRule } from './types.js';

const METACHARS = /[\^$*+?()[\]{}|\\]/;

/** `/…/` is a regular expression when it contains a regex metacharacter; otherwise a substring. */
export function pathMatcher(path: string | undefined): ((p: string) => boolean) | undefined {
  if (!path) return undefined;
  if (path.length > 2 && path.startsWith('/') && path.endsWith('/') && METACHARS.test(path.slice(1, -1))) {
    const re = new RegExp(path.slice(1, -1));
    return (p) => re.test(p);
  }
  return (p) => p.includes(path);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Check an untyped rule (e.g. a JSON body of POST /_plumb/faults); throws 400 BadRequest when malformed. */
export function validateFaultRule(x: unknown): FaultRule {
  const bad = (why: string) => badRequest(`invalid fault rule: ${why}`);
  if (!isObj(x)) throw bad('must be an object with "match" and "action"');
  const match = x['match'] ?? {};
  if (!isObj(match)) throw bad('"match" must be an object');
  const out: FaultRule = { match: {}, action: validateAction(x['action'], bad) };
  if (match['method'] !== undefined) { if (typeof match['method'] !== 'string') throw bad('match.method must be a string'); out.match.method = match['method']; }
  if (match['path'] !== undefined) {
    if (typeof match['path'] !== 'string') throw bad('match.path must be a string');
    try { pathMatcher(match['path']); } catch (e) { throw bad(`match.path: ${(e as Error).message}`); }
    out.match.path = match['path'];
  }
  if (match['watch'] !== undefined) { if (typeof match['watch'] !== 'boolean') throw bad('match.watch must be a boolean'); out.match.watch = match['watch']; }
  if (match['user'] !== undefined) { if (typeof match['user'] !== 'string') throw bad('match.user must be a string'); out.match.user = match['user']; }
  if (x['nth'] !== undefined) { if (!posInt(x['nth'])) throw bad('nth must be a positive integer'); out.nth = x['nth'] as number; }
  if (x['times'] !== undefined) { if (!posInt(x['times'])) throw bad('times must be a positive integer'); out.times = x['times'] as number; }
  if (x['id'] !== undefined) { if (typeof x['id'] !== 'string' || !x['id']) throw bad('id must be a non-empty string'); out.id = x['id']; }
  return out;
}

function validateAction(a: unknown, bad: (why: string) => Error): FaultAction {
  if (!isObj(a)) throw bad('"action" must be an object with a "type"');
  switch (a['type']) {
    case 'error': {
      const code = a['code'];
      if (code !== 500 && code !== 503 && code !== 409) throw bad('action.code must be 500, 503 or 409');
      const out: FaultAction = { type: 'error', code };
      if (a['message'] !== undefined) { if (typeof a['message'] !== 'string') throw bad('action.message must be a string'); out.message = a['message']; }
      return out;
    }
    case 'throttle': {
      const s = a['retryAfterSeconds'] ?? 1;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) throw bad('action.retryAfterSeconds must be a non-negative integer');
      return { type: 'throttle', retryAfterSeconds: s };
    }
    case 'delay': {
      const ms = a['ms'];
      if (typeof ms !== 'number' || ms < 0) throw bad('action.ms must be a non-negative number');
      return { type: 'delay', ms };
    }
    case 'drop': return { type: 'drop' };
    case 'expire': return { type: 'expire' };
    default: throw bad('action.type must be one of error, throttle, delay, drop, expire');
  }
}
