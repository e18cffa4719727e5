// Sync planning (issue 5): ordered steps, computed without writing to the cluster.
export { planSync, type PlanInput } from './plan.js';
export { formatPlan } from './format.js';
export { resolveSyncOptions, objectSyncOptions, applyModeOf, parseOptionList, type SyncOptions, type ObjectSyncOptions } from './options.js';
export { hookTypes, hookDeletePolicies, waveOf, isHook } from './hooks.js';
export { kindRank, compareApply, comparePrune, orderSteps, bubbleDependencies, mirrorPruneWaves, PHASE_RANK } from './order.js';
export type { SyncPlan, SyncStep, SyncAction, SyncPhase, HookType, HookDeletePolicy, ApplyMode, ResolvedSyncOptions } from './types.js';
