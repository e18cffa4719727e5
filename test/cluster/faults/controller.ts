// Fault injection rules: which requests fail, and how. The server asks check() for every request
// (except the /_plumb control endpoint) and carries out the returned action.
//
// Counting: every rule counts the requests it matches. A rule fires on a matching request when
//   - it has `nth` and it has matched at least nth requests (so nth=3 fires on the 3rd match), and
//   - it has fired fewer than `times` times (default: 1 with nth, unlimited without).
// When several rules fire for one request, the first one added wins; the others still count.
import type { FaultAction, FaultMatch, FaultRule, RequestInfo } from './types.js';
import { parseFaultFlag } from './parse.js';
import { pathMatcher, validateFaultRule } from './validate.js';

export { parseFaultFlag } from './parse.js';
export { pathMatcher, validateFaultRule } from './validate.js';

/** A rule as listed by the control endpoint: with its id and counters. */
export interface FaultRuleState extends FaultRule { id: string; matched: number; fired: number }

interface Entry { rule: FaultRule & { id: string }; matched: number; fired: number; path?: (p: string) => boolean }

export function isWatchRequest(info: RequestInfo): boolean {
  const w = info.query.get('watch');
  return w === 'true' || w === '1' || /\/watch\//.test(info.path);
}

export class FaultController {
  private readonly entries: Entry[] = [];
  private seq = 0;

  constructor(rules: FaultRule[] = []) {
    for (const r of rules) this.add(r);
  }

  /** The action for this request, if a rule fires. Counts matches as a side effect. */
  check(info: RequestInfo): FaultAction | undefined {
    let action: FaultAction | undefined;
    for (const e of this.entries) {
      if (!this.matches(e, info)) continue;
      e.matched++;
      if (action) continue;
      const r = e.rule;
      const limit = r.times ?? (r.nth !== undefined ? 1 : Number.POSITIVE_INFINITY);
      if (e.fired >= limit) continue;
      if (r.nth !== undefined && e.matched < r.nth) continue;
      e.fired++;
      action = r.action;
    }
    return action;
  }

  /** Add (or replace, by id) a rule; accepts a FaultRule object or the --fault string form. */
  add(rule: FaultRule | string | unknown): string {
    const r = typeof rule === 'string' ? parseFaultFlag(rule) : validateFaultRule(rule);
    const id = r.id ?? `fault-${++this.seq}`;
    const entry: Entry = { rule: { ...r, id }, matched: 0, fired: 0, path: pathMatcher(r.match.path) };
    const i = this.entries.findIndex((e) => e.rule.id === id);
    if (i >= 0) this.entries[i] = entry; else this.entries.push(entry);
    return id;
  }

  remove(id: string): boolean {
    const i = this.entries.findIndex((e) => e.rule.id === id);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  clear(): void { this.entries.length = 0; }

  list(): FaultRuleState[] {
    return this.entries.map((e) => ({ ...structuredClone(e.rule), matched: e.matched, fired: e.fired }));
  }

  private matches(e: Entry, info: RequestInfo): boolean {
    const m: FaultMatch = e.rule.match;
    if (m.method && m.method !== '*' && m.method.toUpperCase() !== info.method.toUpperCase()) return false;
    if (e.path && !e.path(info.path)) return false;
    if (m.watch !== undefined && m.watch !== isWatchRequest(info)) return false;
    if (m.user !== undefined && m.user !== info.username) return false;
    return true;
  }
}
