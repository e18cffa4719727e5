// RespectIgnoreDifferences=true (Argo CD): a sync keeps the live value of every field the app's
// ignoreDifferences match (jsonPointers, jqPathExpressions), instead of writing Git's value over
// it, e.g. the replica count an HPA owns. Argo CD does this by copying the live values into the
// desired object before applying; so does Plumb. managedFieldsManagers rules are not applied here.
import { matchingRules, parsePointer } from '../diff/ignore.js';
import { jqPaths, type PathPart } from '../diff/jq.js';
import { refOf, type IgnoreDifference, type KubeObject } from '../types.js';

type Doc = Record<string, unknown> | unknown[];

const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null;

function getAt(doc: unknown, path: readonly PathPart[]): { found: boolean; value?: unknown } {
  let cur = doc;
  for (const p of path) {
    if (Array.isArray(cur)) {
      const i = typeof p === 'number' ? p : /^\d+$/.test(p) ? Number(p) : NaN;
      if (!(i >= 0 && i < cur.length)) return { found: false };
      cur = cur[i];
    } else if (isDoc(cur) && Object.prototype.hasOwnProperty.call(cur, String(p))) {
      cur = (cur as Record<string, unknown>)[String(p)];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: cur };
}

/** Sets (or, with found=false, removes) the value at path; intermediate maps are created, missing list items are not. */
function setAt(doc: Doc, path: readonly PathPart[], v: { found: boolean; value?: unknown }): void {
  if (!path.length) return;
  let cur: unknown = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i]!;
    const next = getAt(cur, [p]);
    if (!next.found || !isDoc(next.value)) {
      if (!v.found || Array.isArray(cur)) return;
      (cur as Record<string, unknown>)[String(p)] = {};
    }
    cur = getAt(cur, [p]).value;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(cur)) {
    const i = Number(last);
    if (!(i >= 0 && i < cur.length)) return;
    if (v.found) cur[i] = structuredClone(v.value);
    else cur.splice(i, 1);
  } else if (isDoc(cur)) {
    const m = cur as Record<string, unknown>;
    if (v.found) m[String(last)] = structuredClone(v.value);
    else delete m[String(last)];
  }
}

/** The desired object with the live value of every ignored field (absent live → absent). */
export function respectIgnored(desired: KubeObject, live: KubeObject, rules: readonly IgnoreDifference[] | undefined): KubeObject {
  const ref = refOf(desired);
  const matching = matchingRules(rules, { group: ref.group, kind: ref.kind, name: ref.name, namespace: ref.namespace ?? '' });
  if (!matching.length) return desired;
  const out = structuredClone(desired) as KubeObject & Record<string, unknown>;
  for (const rule of matching) {
    for (const pointer of rule.jsonPointers ?? []) {
      const tokens = parsePointer(pointer);
      if (tokens?.length) setAt(out, tokens, getAt(live, tokens));
    }
    for (const expr of rule.jqPathExpressions ?? []) {
      try {
        const paths = [...jqPaths(expr, live), ...jqPaths(expr, out)];
        for (const p of paths) setAt(out, p, getAt(live, p));
      } catch {
        // A bad expression is reported by the diff (which skips it too).
      }
    }
  }
  return out;
}
