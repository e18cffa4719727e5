// Per-field merge semantics of the built-in types: SSA (`+listType`, `+listMapKey`, `+mapType`/
// `+structType`) and strategic merge patch (`patchStrategy`, `patchMergeKey`). The generated client
// models drop these, so they are restated here from the upstream k8s.io/api tags (as published in
// kube-apiserver's OpenAPI, checked against a v1.34 swagger; 1.32 has the same tags for these types).
//
// Notation, per property (or '' for the type itself):
//   'map[k1,k2]'  list-type map with those keys      'set' / 'atomic'  list-type (or map-type for maps/structs)
//   'granular'    map-type granular                  'merge/key', 'merge,retainKeys/key', 'retainKeys', 'replace'
//                                                    SMP patch strategy [/ merge key]
// Keys are definition names without `io.k8s.api.` (or the apimachinery/apiextensions prefixes).
import type { SchemaNode } from './types.js';

const TAGS: Record<string, Record<string, string>> = {
  'apps.v1.DaemonSetStatus': { conditions: 'map[type] merge/type' },
  'apps.v1.DeploymentSpec': { strategy: 'retainKeys' },
  'apps.v1.DeploymentStatus': { conditions: 'map[type] merge/type' },
  'apps.v1.ReplicaSetStatus': { conditions: 'map[type] merge/type' },
  'apps.v1.StatefulSetSpec': { volumeClaimTemplates: 'atomic' },
  'apps.v1.StatefulSetStatus': { conditions: 'map[type] merge/type' },
  'authentication.v1.TokenReviewSpec': { audiences: 'atomic' },
  'authentication.v1.TokenReviewStatus': { audiences: 'atomic' },
  'authentication.v1.UserInfo': { groups: 'atomic' },
  'authorization.v1.FieldSelectorAttributes': { requirements: 'atomic' },
  'authorization.v1.LabelSelectorAttributes': { requirements: 'atomic' },
  'authorization.v1.NonResourceRule': { nonResourceURLs: 'atomic', verbs: 'atomic' },
  'authorization.v1.ResourceRule': {
    apiGroups: 'atomic',
    resourceNames: 'atomic',
    resources: 'atomic',
    verbs: 'atomic',
  },
  'authorization.v1.SubjectAccessReviewSpec': { groups: 'atomic' },
  'authorization.v1.SubjectRulesReviewStatus': { nonResourceRules: 'atomic', resourceRules: 'atomic' },
  'autoscaling.v1.CrossVersionObjectReference': { '': 'atomic' },
  'autoscaling.v2.HPAScalingRules': { policies: 'atomic' },
  'autoscaling.v2.HorizontalPodAutoscalerSpec': { metrics: 'atomic' },
  'autoscaling.v2.HorizontalPodAutoscalerStatus': { conditions: 'map[type] merge/type', currentMetrics: 'atomic' },
  'batch.v1.CronJobStatus': { active: 'atomic' },
  'batch.v1.JobStatus': { conditions: 'atomic merge/type' },
  'batch.v1.PodFailurePolicy': { rules: 'atomic' },
  'batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: 'set' },
  'batch.v1.PodFailurePolicyRule': { onPodConditions: 'atomic' },
  'batch.v1.SuccessPolicy': { rules: 'atomic' },
  'batch.v1.UncountedTerminatedPods': { failed: 'set', succeeded: 'set' },
  'core.v1.Capabilities': { add: 'atomic', drop: 'atomic' },
  'core.v1.CephFSPersistentVolumeSource': { monitors: 'atomic' },
  'core.v1.CephFSVolumeSource': { monitors: 'atomic' },
  'core.v1.ConfigMapKeySelector': { '': 'atomic' },
  'core.v1.ConfigMapProjection': { items: 'atomic' },
  'core.v1.ConfigMapVolumeSource': { items: 'atomic' },
  'core.v1.Container': {
    args: 'atomic',
    command: 'atomic',
    env: 'map[name] merge/name',
    envFrom: 'atomic',
    ports: 'map[containerPort,protocol] merge/containerPort',
    resizePolicy: 'atomic',
    restartPolicyRules: 'atomic',
    volumeDevices: 'map[devicePath] merge/devicePath',
    volumeMounts: 'map[mountPath] merge/mountPath',
  },
  'core.v1.ContainerImage': { names: 'atomic' },
  'core.v1.ContainerRestartRuleOnExitCodes': { values: 'set' },
  'core.v1.ContainerStatus': {
    allocatedResourcesStatus: 'map[name] merge/name',
    volumeMounts: 'map[mountPath] merge/mountPath',
  },
  'core.v1.DownwardAPIProjection': { items: 'atomic' },
  'core.v1.DownwardAPIVolumeSource': { items: 'atomic' },
  'core.v1.EndpointAddress': { '': 'atomic' },
  'core.v1.EndpointPort': { '': 'atomic' },
  'core.v1.EndpointSubset': { addresses: 'atomic', notReadyAddresses: 'atomic', ports: 'atomic' },
  'core.v1.Endpoints': { subsets: 'atomic' },
  'core.v1.EphemeralContainer': {
    args: 'atomic',
    command: 'atomic',
    env: 'map[name] merge/name',
    envFrom: 'atomic',
    ports: 'map[containerPort,protocol] merge/containerPort',
    resizePolicy: 'atomic',
    restartPolicyRules: 'atomic',
    volumeDevices: 'map[devicePath] merge/devicePath',
    volumeMounts: 'map[mountPath] merge/mountPath',
  },
  'core.v1.ExecAction': { command: 'atomic' },
  'core.v1.FCVolumeSource': { targetWWNs: 'atomic', wwids: 'atomic' },
  'core.v1.FileKeySelector': { '': 'atomic' },
  'core.v1.HTTPGetAction': { httpHeaders: 'atomic' },
  'core.v1.HostAlias': { hostnames: 'atomic' },
  'core.v1.ISCSIPersistentVolumeSource': { portals: 'atomic' },
  'core.v1.ISCSIVolumeSource': { portals: 'atomic' },
  'core.v1.LimitRangeSpec': { limits: 'atomic' },
  'core.v1.LinuxContainerUser': { supplementalGroups: 'atomic' },
  'core.v1.LoadBalancerIngress': { ports: 'atomic' },
  'core.v1.LoadBalancerStatus': { ingress: 'atomic' },
  'core.v1.LocalObjectReference': { '': 'atomic' },
  'core.v1.NamespaceSpec': { finalizers: 'atomic' },
  'core.v1.NamespaceStatus': { conditions: 'map[type] merge/type' },
  'core.v1.NodeAffinity': { preferredDuringSchedulingIgnoredDuringExecution: 'atomic' },
  'core.v1.NodeSelector': { '': 'atomic', nodeSelectorTerms: 'atomic' },
  'core.v1.NodeSelectorRequirement': { values: 'atomic' },
  'core.v1.NodeSelectorTerm': { '': 'atomic', matchExpressions: 'atomic', matchFields: 'atomic' },
  'core.v1.NodeSpec': { podCIDRs: 'set merge', taints: 'atomic' },
  'core.v1.NodeStatus': {
    addresses: 'map[type] merge/type',
    conditions: 'map[type] merge/type',
    declaredFeatures: 'atomic',
    images: 'atomic',
    runtimeHandlers: 'atomic',
    volumesAttached: 'atomic',
    volumesInUse: 'atomic',
  },
  'core.v1.ObjectFieldSelector': { '': 'atomic' },
  'core.v1.ObjectReference': { '': 'atomic' },
  'core.v1.PersistentVolumeClaimSpec': { accessModes: 'atomic' },
  'core.v1.PersistentVolumeClaimStatus': {
    accessModes: 'atomic',
    allocatedResourceStatuses: 'granular',
    conditions: 'map[type] merge/type',
  },
  'core.v1.PersistentVolumeSpec': { accessModes: 'atomic', claimRef: 'granular', mountOptions: 'atomic' },
  'core.v1.PodAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: 'atomic',
    requiredDuringSchedulingIgnoredDuringExecution: 'atomic',
  },
  'core.v1.PodAffinityTerm': { matchLabelKeys: 'atomic', mismatchLabelKeys: 'atomic', namespaces: 'atomic' },
  'core.v1.PodAntiAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: 'atomic',
    requiredDuringSchedulingIgnoredDuringExecution: 'atomic',
  },
  'core.v1.PodDNSConfig': { nameservers: 'atomic', options: 'atomic', searches: 'atomic' },
  'core.v1.PodExtendedResourceClaimStatus': { requestMappings: 'atomic' },
  'core.v1.PodSecurityContext': { supplementalGroups: 'atomic', sysctls: 'atomic' },
  'core.v1.PodSpec': {
    containers: 'map[name] merge/name',
    ephemeralContainers: 'map[name] merge/name',
    hostAliases: 'map[ip] merge/ip',
    imagePullSecrets: 'map[name] merge/name',
    initContainers: 'map[name] merge/name',
    nodeSelector: 'atomic',
    readinessGates: 'atomic',
    resourceClaims: 'map[name] merge,retainKeys/name',
    schedulingGates: 'map[name] merge/name',
    tolerations: 'atomic',
    topologySpreadConstraints: 'map[topologyKey,whenUnsatisfiable] merge/topologyKey',
    volumes: 'map[name] merge,retainKeys/name',
  },
  'core.v1.PodStatus': {
    conditions: 'map[type] merge/type',
    containerStatuses: 'atomic',
    ephemeralContainerStatuses: 'atomic',
    hostIPs: 'atomic merge/ip',
    initContainerStatuses: 'atomic',
    nodeAllocatableResourceClaimStatuses: 'atomic',
    podIPs: 'map[ip] merge/ip',
    resourceClaimStatuses: 'map[name] merge,retainKeys/name',
  },
  'core.v1.ProjectedVolumeSource': { sources: 'atomic' },
  'core.v1.RBDPersistentVolumeSource': { monitors: 'atomic' },
  'core.v1.RBDVolumeSource': { monitors: 'atomic' },
  'core.v1.ReplicationControllerSpec': { selector: 'atomic' },
  'core.v1.ReplicationControllerStatus': { conditions: 'map[type] merge/type' },
  'core.v1.ResourceFieldSelector': { '': 'atomic' },
  'core.v1.ResourceQuotaSpec': { scopes: 'atomic' },
  'core.v1.ResourceRequirements': { claims: 'map[name]' },
  'core.v1.ResourceStatus': { resources: 'map[resourceID]' },
  'core.v1.ScopeSelector': { '': 'atomic', matchExpressions: 'atomic' },
  'core.v1.ScopedResourceSelectorRequirement': { values: 'atomic' },
  'core.v1.SecretKeySelector': { '': 'atomic' },
  'core.v1.SecretProjection': { items: 'atomic' },
  'core.v1.SecretReference': { '': 'atomic' },
  'core.v1.SecretVolumeSource': { items: 'atomic' },
  'core.v1.ServiceAccount': { imagePullSecrets: 'atomic', secrets: 'map[name] merge/name' },
  'core.v1.ServiceSpec': {
    clusterIPs: 'atomic',
    externalIPs: 'atomic',
    ipFamilies: 'atomic',
    loadBalancerSourceRanges: 'atomic',
    ports: 'map[port,protocol] merge/port',
    selector: 'atomic',
  },
  'core.v1.ServiceStatus': { conditions: 'map[type] merge/type' },
  'core.v1.TopologySelectorLabelRequirement': { values: 'atomic' },
  'core.v1.TopologySelectorTerm': { '': 'atomic', matchLabelExpressions: 'atomic' },
  'core.v1.TopologySpreadConstraint': { matchLabelKeys: 'atomic' },
  'core.v1.TypedLocalObjectReference': { '': 'atomic' },
  'networking.v1.HTTPIngressRuleValue': { paths: 'atomic' },
  'networking.v1.IPBlock': { except: 'atomic' },
  'networking.v1.IngressLoadBalancerIngress': { ports: 'atomic' },
  'networking.v1.IngressLoadBalancerStatus': { ingress: 'atomic' },
  'networking.v1.IngressSpec': { rules: 'atomic', tls: 'atomic' },
  'networking.v1.IngressTLS': { hosts: 'atomic' },
  'networking.v1.NetworkPolicyEgressRule': { ports: 'atomic', to: 'atomic' },
  'networking.v1.NetworkPolicyIngressRule': { from: 'atomic', ports: 'atomic' },
  'networking.v1.NetworkPolicySpec': { egress: 'atomic', ingress: 'atomic', policyTypes: 'atomic' },
  'networking.v1.ServiceBackendPort': { '': 'atomic' },
  'policy.v1.PodDisruptionBudgetSpec': { selector: 'replace' },
  'policy.v1.PodDisruptionBudgetStatus': { conditions: 'map[type] merge/type' },
  'rbac.v1.AggregationRule': { clusterRoleSelectors: 'atomic' },
  'rbac.v1.ClusterRole': { rules: 'atomic' },
  'rbac.v1.ClusterRoleBinding': { subjects: 'atomic' },
  'rbac.v1.PolicyRule': {
    apiGroups: 'atomic',
    nonResourceURLs: 'atomic',
    resourceNames: 'atomic',
    resources: 'atomic',
    verbs: 'atomic',
  },
  'rbac.v1.Role': { rules: 'atomic' },
  'rbac.v1.RoleBinding': { subjects: 'atomic' },
  'rbac.v1.RoleRef': { '': 'atomic' },
  'rbac.v1.Subject': { '': 'atomic' },
  'storage.v1.StorageClass': { allowedTopologies: 'atomic', mountOptions: 'atomic' },
  'apiextensions.v1.CustomResourceDefinitionNames': { categories: 'atomic', shortNames: 'atomic' },
  'apiextensions.v1.CustomResourceDefinitionSpec': { versions: 'atomic' },
  'apiextensions.v1.CustomResourceDefinitionStatus': { conditions: 'map[type]', storedVersions: 'atomic' },
  'apiextensions.v1.CustomResourceDefinitionVersion': {
    additionalPrinterColumns: 'atomic',
    selectableFields: 'atomic',
  },
  'apiextensions.v1.JSONSchemaProps': {
    allOf: 'atomic',
    anyOf: 'atomic',
    enum: 'atomic',
    oneOf: 'atomic',
    required: 'atomic',
    'x-kubernetes-list-map-keys': 'atomic',
    'x-kubernetes-validations': 'map[rule] merge/rule',
  },
  'apiextensions.v1.WebhookConversion': { conversionReviewVersions: 'atomic' },
  'meta.v1.DeleteOptions': { dryRun: 'atomic' },
  'meta.v1.FieldSelectorRequirement': { values: 'atomic' },
  'meta.v1.LabelSelector': { '': 'atomic', matchExpressions: 'atomic' },
  'meta.v1.LabelSelectorRequirement': { values: 'atomic' },
  'meta.v1.ObjectMeta': { finalizers: 'set merge', managedFields: 'atomic', ownerReferences: 'map[uid] merge/uid' },
  'meta.v1.OwnerReference': { '': 'atomic' },
  'meta.v1.StatusDetails': { causes: 'atomic' },
};

const PREFIXES = ['io.k8s.api.', 'io.k8s.apiextensions-apiserver.pkg.apis.', 'io.k8s.apimachinery.pkg.apis.'];

/** `io.k8s.api.core.v1.PodSpec` → `core.v1.PodSpec` (the key form of the tables here). */
export function shortDefinitionName(name: string): string {
  for (const p of PREFIXES) if (name.startsWith(p)) return name.slice(p.length);
  return name;
}

/** Tag string of a property (`key`) or of the type itself (`key` = ''). */
export function builtinTags(definition: string, key: string): string | undefined {
  return TAGS[shortDefinitionName(definition)]?.[key];
}

/**
 * Applies a tag string to a node: list tags to arrays, map tags to maps/structs, SMP tags to any.
 * Mutates `node`; callers pass a node that belongs to this property (or type) alone.
 */
export function applyTags(node: SchemaNode, tags: string): void {
  for (const part of tags.split(' ')) {
    const list = /^map\[(.+)\]$/.exec(part);
    if (list) {
      node.listType = 'map';
      node.listMapKeys = list[1]!.split(',');
    } else if (part === 'set') {
      node.listType = 'set';
    } else if (part === 'atomic') {
      if (node.type === 'array') node.listType = 'atomic';
      else node.mapType = 'atomic';
    } else if (part === 'granular') {
      node.mapType = 'granular';
    } else {
      const [strategy, mergeKey] = part.split('/');
      node.patchStrategy = strategy!;
      if (mergeKey) node.patchMergeKey = mergeKey;
    }
  }
}

/**
 * Properties whose client-node type loses the OpenAPI type: Quantity (a plain `string` in the
 * models), MicroTime, and the free-form `any` ones. Value: the special type of the property (for a
 * map property, of its values).
 */
export type SpecialType =
  | 'Quantity' | 'RawExtension' | 'FieldsV1' | 'JSON' | 'JSONSchemaPropsOrBool' | 'JSONSchemaPropsOrArray'
  | 'JSONSchemaPropsOrStringArray' | 'CustomResourceSubresourceStatus';

const SPECIAL: Record<string, Record<string, SpecialType>> = {
  'apps.v1.ControllerRevision': { data: 'RawExtension' },
  'autoscaling.v2.HPAScalingRules': { tolerance: 'Quantity' },
  'autoscaling.v2.MetricTarget': { averageValue: 'Quantity', value: 'Quantity' },
  'autoscaling.v2.MetricValueStatus': { averageValue: 'Quantity', value: 'Quantity' },
  'core.v1.ContainerStatus': { allocatedResources: 'Quantity' },
  'core.v1.EmptyDirVolumeSource': { sizeLimit: 'Quantity' },
  'core.v1.LimitRangeItem': { default: 'Quantity', defaultRequest: 'Quantity', max: 'Quantity', maxLimitRequestRatio: 'Quantity', min: 'Quantity' },
  'core.v1.NodeStatus': { allocatable: 'Quantity', capacity: 'Quantity' },
  'core.v1.PersistentVolumeClaimStatus': { allocatedResources: 'Quantity', capacity: 'Quantity' },
  'core.v1.PersistentVolumeSpec': { capacity: 'Quantity' },
  'core.v1.PodSpec': { overhead: 'Quantity' },
  'core.v1.PodStatus': { allocatedResources: 'Quantity' },
  'core.v1.ResourceFieldSelector': { divisor: 'Quantity' },
  'core.v1.ResourceQuotaSpec': { hard: 'Quantity' },
  'core.v1.ResourceQuotaStatus': { hard: 'Quantity', used: 'Quantity' },
  'core.v1.ResourceRequirements': { limits: 'Quantity', requests: 'Quantity' },
  'core.v1.VolumeResourceRequirements': { limits: 'Quantity', requests: 'Quantity' },
  'apiextensions.v1.CustomResourceSubresources': { status: 'CustomResourceSubresourceStatus' },
  'apiextensions.v1.JSONSchemaProps': {
    additionalItems: 'JSONSchemaPropsOrBool', additionalProperties: 'JSONSchemaPropsOrBool', default: 'JSON',
    dependencies: 'JSONSchemaPropsOrStringArray', enum: 'JSON', example: 'JSON', items: 'JSONSchemaPropsOrArray',
  },
  'meta.v1.ManagedFieldsEntry': { fieldsV1: 'FieldsV1' },
  'meta.v1.WatchEvent': { object: 'RawExtension' },
};

export function specialType(definition: string, key: string): SpecialType | undefined {
  return SPECIAL[shortDefinitionName(definition)]?.[key];
}

/** Schema defaults that matter to clients: SSA fills omitted list-map key fields from them (§4.2). */
const DEFAULTS: Record<string, Record<string, string>> = {
  'core.v1.ContainerPort': { protocol: 'TCP' },
  'core.v1.ServicePort': { protocol: 'TCP' },
};

export function builtinDefault(definition: string, key: string): string | undefined {
  return DEFAULTS[shortDefinitionName(definition)]?.[key];
}
