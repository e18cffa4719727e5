// Validation and immutability of built-in kinds (spec §3.6). The server turns the FieldErrors
// into a 422 with invalid(); an empty list means the object is valid. Custom resources only get
// the metadata checks here (their schema validation lives with the structural schema code).
import type { FieldError } from '../api/errors.js';
import type { KObject, ResourceType } from '../api/types.js';
import type { Errs } from './field-errors.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isPathSegmentName, type NameCheck } from './names.js';
import { validateConfigMap, validateNamespace, validatePod, validatePvc, validateSecret, validateService } from './validate-core.js';
import { validateCrd } from './validate-crd.js';
import { validateMeta } from './validate-meta.js';
import { validateIngress, validateNetworkPolicy } from './validate-networking.js';
import { validateBinding, validateRole } from './validate-rbac.js';
import {
  validateCronJob, validateDaemonSet, validateDeployment, validateHpa, validateJob, validateReplicaSet, validateStatefulSet,
} from './validate-workloads.js';

type KindValidator = (obj: KObject, old: KObject | undefined) => Errs;

interface KindRules { name: NameCheck; validate?: KindValidator }

const RBAC = 'rbac.authorization.k8s.io';

const RULES: Record<string, KindRules> = {
  '/Namespace': { name: isDns1123Label, validate: (o) => validateNamespace(o) },
  '/Service': { name: isDns1035Label, validate: validateService },
  '/ConfigMap': { name: isDns1123Subdomain, validate: validateConfigMap },
  '/Secret': { name: isDns1123Subdomain, validate: validateSecret },
  '/PersistentVolumeClaim': { name: isDns1123Subdomain, validate: validatePvc },
  '/Pod': { name: isDns1123Subdomain, validate: validatePod },
  'apps/Deployment': { name: isDns1123Subdomain, validate: validateDeployment },
  'apps/ReplicaSet': { name: isDns1123Subdomain, validate: validateReplicaSet },
  'apps/DaemonSet': { name: isDns1123Subdomain, validate: validateDaemonSet },
  'apps/StatefulSet': { name: isDns1123Subdomain, validate: validateStatefulSet },
  'batch/Job': { name: isDns1123Subdomain, validate: validateJob },
  'batch/CronJob': { name: isDns1123Subdomain, validate: (o) => validateCronJob(o) },
  'autoscaling/HorizontalPodAutoscaler': { name: isDns1123Subdomain, validate: (o) => validateHpa(o) },
  'networking.k8s.io/Ingress': { name: isDns1123Subdomain, validate: (o) => validateIngress(o) },
  'networking.k8s.io/NetworkPolicy': { name: isDns1123Subdomain, validate: (o) => validateNetworkPolicy(o) },
  [`${RBAC}/Role`]: { name: isPathSegmentName, validate: (o) => validateRole(o, true) },
  [`${RBAC}/ClusterRole`]: { name: isPathSegmentName, validate: (o) => validateRole(o, false) },
  [`${RBAC}/RoleBinding`]: { name: isPathSegmentName, validate: (o, old) => validateBinding(o, true, old) },
  [`${RBAC}/ClusterRoleBinding`]: { name: isPathSegmentName, validate: (o, old) => validateBinding(o, false, old) },
  'apiextensions.k8s.io/CustomResourceDefinition': { name: isDns1123Subdomain, validate: validateCrd },
};

/** Field errors of `obj` (created when `old` is absent, else updated from `old`). */
export function validateObject(t: ResourceType, obj: KObject, old?: KObject): FieldError[] {
  const rules: KindRules | undefined = t.custom ? undefined : RULES[`${t.group}/${t.kind}`];
  const errs = validateMeta(obj, rules?.name ?? isDns1123Subdomain);
  if (rules?.validate) errs.push(...rules.validate(obj, old));
  return errs;
}
