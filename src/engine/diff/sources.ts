// Where the behaviour each verdict relies on is defined upstream (the verdict's `sources`).
export const SOURCES = {
  contract: 'drift-contract.md (Plumb): reference semantics of the verdict',
  ssa: 'sigs.k8s.io/structured-merge-diff merge.Updater.Apply: server-side apply merge and removal of fields the applier no longer declares',
  takeover: 'fluxcd/pkg/ssa PatchReplaceFieldsManagers: kubectl managers taken over by the GitOps manager (Flux "Override")',
  csaMigration: 'k8s.io/client-go/util/csaupgrade: client-side-apply fields migrated to the server-side-apply manager',
  podDefaults: 'kubernetes pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe',
  appsDefaults: 'kubernetes pkg/apis/apps/v1/defaults.go: SetDefaults_Deployment, SetDefaults_StatefulSet, SetDefaults_DaemonSet',
  batchDefaults: 'kubernetes pkg/apis/batch/v1/defaults.go: SetDefaults_Job, SetDefaults_CronJob',
  coreDefaults: 'kubernetes pkg/apis/core/v1/defaults.go: SetDefaults_Service, SetDefaults_Secret, SetDefaults_Namespace, SetDefaults_PersistentVolumeClaim',
  serviceAlloc: 'kubernetes pkg/registry/core/service/storage/alloc.go: allocated clusterIP/ipFamilies kept when an update omits them',
  quantity: 'k8s.io/apimachinery pkg/api/resource/quantity.go: quantities canonicalised, compared by value',
  secret: 'kubernetes pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret: stringData stored as base64 data',
  immutable: 'kubernetes pkg/apis/*/validation: "field is immutable" (engine-reference §4.3)',
  ignore: 'argo-cd util/argo/normalizers/diff_normalizer.go, util/argo/managedfields: ignoreDifferences',
  prune: 'argo-cd docs sync-options.md (Prune=false), compare-options.md (IgnoreExtraneous); fluxcd kustomize-controller (kustomize.toolkit.fluxcd.io/prune: disabled)',
  health: 'argo-cd gitops-engine pkg/health: built-in health checks',
  order: 'kubernetes pkg/controller/controller_utils.go ComputeHash: the pod-template-hash covers list order',
} as const;

export type SourceKey = keyof typeof SOURCES;

/** The sources in a stable order. */
export function sourcesList(keys: ReadonlySet<SourceKey>): string[] {
  return (Object.keys(SOURCES) as SourceKey[]).filter((k) => keys.has(k)).map((k) => SOURCES[k]);
}
