// The --fault flag form of a fault rule:
//
//   [METHOD] [PATH] : option : … : ACTION          (colon-separated; order of the parts after the first is free)
//
// The first part selects requests: `PATCH /apis/apps/v1`, `/api/v1/pods` (any method), `GET`
// (any path), or `*` / nothing (everything). PATH is a substring of the request path, or /regex/
// when it contains a regex metacharacter (a regex cannot contain ':').
// Options:  nth=N (fire on the Nth match)  times=N (fire at most N times)  watch | watch=false
//           user=NAME  msg=TEXT (message of an error)
// ACTION:   500 | 503 | 409           answer with that error
//           429 | 429=SECONDS         TooManyRequests with Retry-After (default 1 s)
//           delay=MS                  answer normally after MS milliseconds
//           drop                      close the connection without an answer (watches: drop the stream)
//           410 | expire              410 Gone (a watch gets an ERROR event "too old resource version")
// A value starting with `{` is taken as a JSON FaultRule instead.
//
// Examples: "PATCH /apis/apps/v1:nth=3:500"   "GET /api/v1/configmaps:watch:drop:times=2"
//           "*:delay=300"                     "GET /apis/apps/v1/namespaces/default/deployments:429=2"
import type { FaultAction, FaultRule } from './types.js';
import { validateFaultRule } from './validate.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function fail(spec: string, why: string): never {
  throw new Error(`invalid --fault "${spec}": ${why}`);
}

function int(spec: string, key: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min) fail(spec, `${key} needs an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

export function parseFaultFlag(spec: string): FaultRule {
  const s = spec.trim();
  if (s.startsWith('{')) {
    let parsed: unknown;
    try { parsed = JSON.parse(s); } catch (e) { fail(spec, (e as Error).message); }
    try { return validateFaultRule(parsed); } catch (e) { fail(spec, (e as Error).message); }
  }
  const [head = '', ...parts] = s.split(':');
  const rule: FaultRule = { match: {}, action: { type: 'drop' } };
  let action: FaultAction | undefined;
  let message: string | undefined;
  const words = head.trim().split(/\s+/).filter(Boolean);
  if (words.length > 2) fail(spec, `"${head}" should be "METHOD PATH"`);
  for (const w of words) {
    if (w === '*') continue;
    if (METHODS.has(w.toUpperCase()) && !w.startsWith('/')) rule.match.method = w.toUpperCase();
    else if (w.startsWith('/')) rule.match.path = w;
    else fail(spec, `"${w}" is neither an HTTP method nor a path`);
  }
  const setAction = (a: FaultAction) => {
    if (action) fail(spec, 'more than one action');
    action = a;
  };
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const val = eq < 0 ? undefined : part.slice(eq + 1);
    switch (key) {
      case '500': case '503': case '409':
        if (val !== undefined) fail(spec, `${key} takes no value`);
        setAction({ type: 'error', code: Number(key) as 500 | 503 | 409 });
        break;
      case '429': setAction({ type: 'throttle', retryAfterSeconds: val === undefined ? 1 : int(spec, '429', val, 0) }); break;
      case 'delay': setAction({ type: 'delay', ms: int(spec, 'delay', val ?? '', 0) }); break;
      case 'drop': setAction({ type: 'drop' }); break;
      case '410': case 'expire': setAction({ type: 'expire' }); break;
      case 'nth': rule.nth = int(spec, 'nth', val ?? '', 1); break;
      case 'times': rule.times = int(spec, 'times', val ?? '', 1); break;
      case 'watch':
        if (val !== undefined && val !== 'true' && val !== 'false') fail(spec, 'watch is watch, watch=true or watch=false');
        rule.match.watch = val !== 'false';
        break;
      case 'user': if (!val) fail(spec, 'user needs a name'); rule.match.user = val; break;
      case 'msg': message = val ?? ''; break;
      default: fail(spec, `unknown part "${part}"`);
    }
  }
  if (!action) fail(spec, 'no action (500, 503, 409, 429[=s], delay=ms, drop, 410)');
  if (message !== undefined) {
    if (action.type !== 'error') fail(spec, 'msg= only goes with 500, 503 or 409');
    action = { ...action, message };
  }
  rule.action = action;
  return rule;
}
