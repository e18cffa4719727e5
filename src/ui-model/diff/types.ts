// The diff panel's view model: what the webview renders, as plain serialisable data. Built on the
// host from a session snapshot (src/ui-model/diff-panel-state.ts); never holds Secret values.
import type { ObjectRef, SourceLocation } from '../../engine/types.js';
import type { SyncAction, SyncPhase } from '../../engine/sync/types.js';

export type DiffMode = 'split' | 'unified';

/** How the user looks at the diff; persisted by the webview and restored after a reload. */
export interface ViewOptions {
  mode: DiffMode;
  /** list only resources that differ, and fold unchanged lines away from the changes */
  onlyDrift: boolean;
  /** show what normalisation hides: status, managedFields, resourceVersion, server defaults… */
  showNoise: boolean;
}

export const DEFAULT_VIEW_OPTIONS: ViewOptions = { mode: 'split', onlyDrift: false, showNoise: false };

/** What a panel is about: a whole app, or one resource of it. */
export interface PanelIdentity { app: string; ref?: ObjectRef }

export type ResourceStatusView = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra' | 'Unknown';

export interface ResourceItem {
  /** refKey of the object: stable across snapshots */
  id: string;
  ref: ObjectRef;
  /** `Deployment shop/web` */
  label: string;
  status: ResourceStatusView;
  health?: string;
  /** number of drifted fields */
  driftCount: number;
  source?: SourceLocation;
}

export type RowKind = 'same' | 'changed' | 'added' | 'removed';

export interface LineView { n: number; text: string }

/** One row of the side-by-side diff: left is Git (desired), right is the cluster (live). */
export interface DiffRow {
  kind: RowKind;
  left?: LineView;
  right?: LineView;
  /** indices into ResourceDiffView.drift of the fields annotated on this row */
  drift?: number[];
  /** the text differs but it is not drift: an ignore rule, or equal once normalised (1000m = 1) */
  ignored?: boolean;
}

export interface DriftNote {
  path: string;
  /** conflict / missing / orphaned / foreign-edit / order (drift-contract pathKinds) */
  kind?: string;
  /** the field manager that last wrote the live value, and when (ISO) */
  manager?: string;
  time?: string;
  /** the row the note is shown on, when the field is visible */
  row?: number;
}

export interface ResourceDiffView {
  id: string;
  title: string;
  status: ResourceStatusView;
  rows: DiffRow[];
  /** row indices where each block of changes starts (n / p navigation); ignored rows are not changes */
  changes: number[];
  drift: DriftNote[];
  /** a Secret: values are replaced by a mask, only "changed / unchanged" is shown */
  masked: boolean;
  /** why the diff is partial or empty (not connected, object missing…) */
  notes: string[];
  source?: SourceLocation;
}

export interface PlanStepView {
  action: SyncAction;
  id: string;
  label: string;
  reason?: string;
  driftPaths?: string[];
  hook?: string;
  preApproved?: boolean;
}

export interface PlanWaveView { phase: SyncPhase; wave: number; steps: PlanStepView[] }

export interface SyncPlanView {
  /** one plan shown at a time; confirm/cancel messages name it so a stale click cannot confirm another */
  id: string;
  app: string;
  waves: PlanWaveView[];
  counts: Record<SyncAction, number>;
  needsConfirmation: { prune: boolean; recreate: boolean };
  problems: string[];
  /** nothing to write: every step is unchanged or skipped */
  empty: boolean;
}

export interface AppHeader {
  name: string;
  controller: string;
  sync: string;
  health: string;
}

export interface DiffPanelState {
  /** the snapshot this state was built from */
  seq: number;
  at: string;
  identity: PanelIdentity;
  options: ViewOptions;
  connection: { state: string; message?: string };
  app?: AppHeader;
  /** the resources listed (filtered by onlyDrift) */
  resources: ResourceItem[];
  /** total before filtering */
  resourceTotal: number;
  selected?: string;
  diff?: ResourceDiffView;
  plan?: SyncPlanView;
  /** a problem with the whole panel (app not found, still loading…) */
  message?: string;
}
