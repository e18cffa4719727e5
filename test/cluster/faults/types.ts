// Fault injection: rules matched against requests, configured at start or through /_plumb/faults.

export interface FaultMatch {
  method?: string;            // GET, PATCH, …
  /** substring or /regex/ of the path (without query) */
  path?: string;
  /** matches requests with watch=true only (or only non-watch when false) */
  watch?: boolean;
  /** only this user (by username) */
  user?: string;
}

export type FaultAction =
  | { type: 'error'; code: 500 | 503 | 409; message?: string }
  | { type: 'throttle'; retryAfterSeconds: number }          // 429 with Retry-After
  | { type: 'delay'; ms: number }                             // then handled normally
  | { type: 'drop' }                                          // destroy the connection without answering
  | { type: 'expire' };                                       // watch answers 410 Gone (ERROR event)

export interface FaultRule {
  id?: string;
  match: FaultMatch;
  action: FaultAction;
  /** fail only the Nth matching request (1-based); otherwise every matching request */
  nth?: number;
  /** how many times the rule may fire (default unlimited, or 1 when nth is set) */
  times?: number;
}

export interface RequestInfo { method: string; path: string; query: URLSearchParams; username?: string }
