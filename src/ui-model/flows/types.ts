// What the operation flows (sync, rollback, controller actions) need from their host: the session,
// a way to ask the user, progress and cancellation. The VS Code adapter implements it with modal
// dialogs, input boxes, quick picks and a progress notification; tests implement it with a script.
import type { KubeClient } from '../../engine/kube/client.js';
import type { SessionSnapshot } from '../../engine/session/workspace-session.js';
import type { ControllerSyncResult } from '../../engine/sync/controller.js';
import type { SyncReport, SyncStepReport } from '../../engine/sync/execute.js';
import type { SyncPlan } from '../../engine/sync/types.js';
import type { KubeObject, ObjectRef } from '../../engine/types.js';

/** The part of a WorkspaceSession the flows use. */
export interface FlowSession {
  readonly repoRoot: string;
  /** the connected cluster's client; undefined when offline */
  client(): KubeClient | undefined;
  snapshot(): SessionSnapshot | undefined;
  /** the cached live object (watched kinds only), for the live commit in the history pick */
  live(ref: ObjectRef): KubeObject | undefined;
  /** re-read the cluster (and Git) after a write */
  refresh(): Promise<unknown>;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface FlowPrompt {
  /** A modal question with one action button (plus the host's Cancel); true when the action was chosen. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A modal question with several action buttons; undefined when dismissed (Cancel). */
  choose<A extends string>(message: string, detail: string, actions: readonly A[]): Promise<A | undefined>;
  /** Asks the user to type `expected` (e.g. a protected context's name); true only on an exact match. */
  confirmText(message: string, expected: string): Promise<boolean>;
  pick<T>(items: PickItem<T>[], placeholder: string): Promise<T | undefined>;
}

export interface FlowLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface FlowDeps {
  session: FlowSession;
  prompt: FlowPrompt;
  /** Shows the plan and asks for the first confirmation there (the diff panel's plan view): true
   * when the user confirmed, false when not, undefined when the view is unavailable. Without it
   * (or unavailable) the plan's steps are listed in a modal confirmation. */
  showPlan?: (plan: SyncPlan) => Promise<boolean | undefined>;
  /** `increment` is a percentage of the whole operation, as VS Code's progress reports it */
  progress: (report: { message: string; increment?: number }) => void;
  signal: AbortSignal;
  log: FlowLog;
}

export type FlowOutcome =
  | 'succeeded'
  /** the sync or the controller reported a failure */
  | 'failed'
  /** stopped by the user after it started; `applied` says what was written */
  | 'cancelled'
  /** the user said no at a question; nothing was written */
  | 'declined'
  /** Plumb will not do it (offline, render errors, dirty tree…); `message` says why */
  | 'refused'
  | 'nothing-to-do';

export interface FlowResult {
  outcome: FlowOutcome;
  /** one sentence for the notification */
  message: string;
  /** the steps that wrote to the cluster (applied, pruned, recreated), in order */
  applied: SyncStepReport[];
  report?: SyncReport;
  plan?: SyncPlan;
  controller?: ControllerSyncResult;
  /** rollback: the revert commit that was made */
  commit?: string;
}

export const result = (outcome: FlowOutcome, message: string, more: Partial<FlowResult> = {}): FlowResult =>
  ({ outcome, message, applied: [], ...more });
