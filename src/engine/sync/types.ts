// Shapes of a sync plan: the ordered steps a sync would execute, computed before anything is written.
import type { EngineProblem, KubeObject, ObjectRef } from '../types.js';

export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
export type SyncAction = 'create' | 'update' | 'unchanged' | 'prune' | 'recreate' | 'skip';
export type HookType = SyncPhase | 'Skip' | 'PreDelete' | 'PostDelete';
export type HookDeletePolicy = 'BeforeHookCreation' | 'HookSucceeded' | 'HookFailed';

/** How the executor writes one object (from app syncOptions overridden by the object's annotation). */
export interface ApplyMode {
  serverSideApply: boolean;
  /** PUT instead of apply; never set for CRDs and Namespaces (replacing them would drop their contents) */
  replace: boolean;
  /** Argo `Force=true` / Flux `force: Enabled`: delete + create is pre-approved for this object */
  force: boolean;
  /** false → fieldValidation=Ignore instead of Strict */
  validate: boolean;
  respectIgnoreDifferences: boolean;
}

export interface SyncStep {
  action: SyncAction;
  ref: ObjectRef;
  reason?: string;
  driftPaths?: string[];
  phase: SyncPhase;
  wave: number;
  hook?: { type: HookType; deletePolicy: HookDeletePolicy[] };
  /** the desired object to write (create / update / recreate / hooks) */
  object?: KubeObject;
  /** the live object (prune, recreate) */
  live?: KubeObject;
  /** write options, for steps that write */
  apply?: ApplyMode;
  /** recreate or prune whose consent is given by an annotation (Force=true, force: Enabled) */
  preApproved?: boolean;
  /** written without Plumb's tracking annotation, so never part of the app's inventory (CreateNamespace) */
  untracked?: boolean;
}

export interface ResolvedSyncOptions {
  prune: boolean;
  createNamespace: boolean;
  serverSideApply: boolean;
  replace: boolean;
  force: boolean;
  pruneLast: boolean;
  applyOutOfSyncOnly: boolean;
  validate: boolean;
  respectIgnoreDifferences: boolean;
  /** app-wide Prune=false */
  pruneDisabled: boolean;
  /** app-wide Prune=confirm */
  pruneConfirm: boolean;
}

export interface SyncPlan {
  app: string;
  /** in execution order */
  steps: SyncStep[];
  needsConfirmation: { prune: boolean; recreate: boolean };
  options: ResolvedSyncOptions;
  problems: EngineProblem[];
}
