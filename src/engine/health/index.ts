// Health of live objects, computed as Argo CD computes it (gitops-engine pkg/health plus the
// Lua scripts Argo CD bundles or documents for CronJob, PodDisruptionBudget, CRDs, Flux and
// child Applications), with kstatus for other custom resources; and app-level aggregation.
// Pure functions of the objects: no I/O.
export { assessHealth } from './assess.js';
export { aggregateHealth, appHealth, IGNORE_HEALTHCHECK, type AppHealth, type ResourceHealthInput } from './aggregate.js';
export { HEALTH_ORDER, isWorse } from './order.js';
