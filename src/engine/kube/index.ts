// Talking to the cluster: kubeconfig, client, discovery, OpenAPI, the live cache and tracking.
export { loadKubeconfig, listContexts, type ClusterConfig, type ContextInfo, type Credentials, type ExecConfig, type KubeconfigOptions, type KubeconfigResult } from './kubeconfig.js';
export { createKubeClient, FIELD_MANAGER, type KubeClient, type KubeClientOptions, type ObjectTarget, type ListOptions, type ListResult, type WatchOptions, type WriteOptions, type ApplyOptions, type PatchType, type DeleteOptions } from './client.js';
export { Discovery, parseApiVersion, gvString, type GroupKind, type GroupVersionKind, type ResourceInfo } from './discovery.js';
export { OpenApiSchemas, type JsonSchema } from './openapi.js';
export { LiveCache, type CacheChange, type KindState, type KindStatus, type LiveCacheOptions } from './cache.js';
export { KubeError, isKubeError, isNotFound, isUnknownKind, isGone, isAbort, problemOf, type KubeStatus, type StatusDetails } from './errors.js';
export { trackingOf, trackingIdFor, parseTrackingId, PLUMB_TRACKING_ANNOTATION, ARGOCD_TRACKING_ANNOTATION, type Tracking, type TrackingId } from './tracking.js';
export type { WatchEvent, WatchStream } from './watch.js';
