// apps/v1 and batch/v1 validation (pkg/apis/apps|batch/validation), plus HPA.
import type { KObject } from '../api/types.js';
import { forbidden, immutable, invalidValue, key, nonNegative, notSupported, required, type Errs } from './field-errors.js';
import { child, isObj, semanticEqual, str, stringMap, type Obj } from './obj.js';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from './selector.js';
import { validateAlwaysRestart, validatePodTemplate } from './validate-pod.js';

const spec = (o: KObject | undefined): Obj => child(o, 'spec') ?? {};
const templateLabels = (s: Obj) => stringMap(child(child(s, 'template'), 'metadata')?.['labels']);

/**
 * Selector required and non-empty, and selecting the template's labels. A missing selector
 * selects nothing, so it also yields the "does not match" error, as upstream does.
 */
function validateSelectorAndTemplate(s: Obj, what: string): Errs {
  const errs: Errs = [];
  const selector = s['selector'];
  if (!isObj(selector)) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (selectorIsEmpty(selector)) errs.push(invalidValue('spec.selector', selector, `empty selector is invalid for ${what}`));
  }
  const labels = templateLabels(s);
  const matches = selectorMatches(selector, labels);
  if (matches === undefined) errs.push(invalidValue('spec.selector', selector, 'invalid label selector'));
  else if (!matches && !selectorIsEmpty(selector)) {
    errs.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  return errs;
}

function selectorImmutable(next: Obj, old: Obj): Errs {
  return semanticEqual(next['selector'], old['selector']) ? [] : [immutable('spec.selector', next['selector'])];
}

export function validateDeployment(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [...nonNegative(s['replicas'], 'spec.replicas')];
  errs.push(...validateSelectorAndTemplate(s, 'deployment'));
  errs.push(...validatePodTemplate(s['template'], 'spec.template'));
  errs.push(...validateAlwaysRestart(s['template'], 'spec.template', 'ReplicaSet'));
  const strategy = child(s, 'strategy') ?? {};
  const type = strategy['type'];
  if (type !== 'Recreate' && type !== 'RollingUpdate') errs.push(notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
  if (type === 'Recreate' && isObj(strategy['rollingUpdate'])) {
    errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  }
  if (type === 'RollingUpdate') errs.push(...validateRollingUpdate(child(strategy, 'rollingUpdate') ?? {}, 'spec.strategy.rollingUpdate'));
  errs.push(...nonNegative(s['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  errs.push(...nonNegative(s['minReadySeconds'], 'spec.minReadySeconds'));
  const pds = s['progressDeadlineSeconds'];
  if (typeof pds === 'number' && pds <= (typeof s['minReadySeconds'] === 'number' ? s['minReadySeconds'] : 0)) {
    errs.push(invalidValue('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  if (old) errs.push(...selectorImmutable(s, spec(old)));
  return errs;
}

/** maxUnavailable / maxSurge: int ≥ 0 or a percentage ≤ 100% (for maxUnavailable), not both zero. */
function validateRollingUpdate(ru: Obj, path: string): Errs {
  const errs: Errs = [];
  const isZero = (v: unknown) => v === 0 || v === '0%';
  for (const f of ['maxUnavailable', 'maxSurge']) {
    const v = ru[f];
    if (typeof v === 'number' && v < 0) errs.push(invalidValue(`${path}.${f}`, v, 'must be greater than or equal to 0'));
    if (typeof v === 'string' && !/^\d+%$/.test(v)) errs.push(invalidValue(`${path}.${f}`, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
  }
  const mu = ru['maxUnavailable'];
  if (typeof mu === 'string' && /^\d+%$/.test(mu) && parseInt(mu, 10) > 100) errs.push(invalidValue(`${path}.maxUnavailable`, mu, 'must not be greater than 100%'));
  if (isZero(mu) && isZero(ru['maxSurge'])) errs.push(invalidValue(`${path}.maxUnavailable`, mu, 'may not be 0 when `maxSurge` is 0'));
  return errs;
}

export function validateReplicaSet(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [...nonNegative(s['replicas'], 'spec.replicas'), ...nonNegative(s['minReadySeconds'], 'spec.minReadySeconds')];
  errs.push(...validateSelectorAndTemplate(s, 'deployment'));
  errs.push(...validatePodTemplate(s['template'], 'spec.template'));
  errs.push(...validateAlwaysRestart(s['template'], 'spec.template', 'ReplicaSet'));
  if (old) errs.push(...selectorImmutable(s, spec(old)));
  return errs;
}

export function validateDaemonSet(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [...validateSelectorAndTemplate(s, 'daemonset')];
  errs.push(...validatePodTemplate(s['template'], 'spec.template'));
  errs.push(...validateAlwaysRestart(s['template'], 'spec.template', 'DaemonSet'));
  const us = child(s, 'updateStrategy') ?? {};
  if (us['type'] !== 'OnDelete' && us['type'] !== 'RollingUpdate') errs.push(notSupported('spec.updateStrategy.type', us['type'], ['OnDelete', 'RollingUpdate']));
  if (us['type'] === 'RollingUpdate') errs.push(...validateRollingUpdate(child(us, 'rollingUpdate') ?? {}, 'spec.updateStrategy.rollingUpdate'));
  errs.push(...nonNegative(s['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  if (old) errs.push(...selectorImmutable(s, spec(old)));
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSet(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [];
  const pmp = s['podManagementPolicy'];
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(notSupported('spec.podManagementPolicy', pmp, ['OrderedReady', 'Parallel']));
  const us = child(s, 'updateStrategy') ?? {};
  if (us['type'] !== 'OnDelete' && us['type'] !== 'RollingUpdate') errs.push(notSupported('spec.updateStrategy.type', us['type'], ['OnDelete', 'RollingUpdate']));
  if (us['type'] === 'OnDelete' && isObj(us['rollingUpdate'])) {
    errs.push(invalidValue('spec.updateStrategy.rollingUpdate', us['rollingUpdate'], "only allowed for updateStrategy 'RollingUpdate'"));
  }
  errs.push(...nonNegative(child(us, 'rollingUpdate')?.['partition'], 'spec.updateStrategy.rollingUpdate.partition'));
  errs.push(...nonNegative(s['replicas'], 'spec.replicas'), ...nonNegative(s['minReadySeconds'], 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(s, 'statefulset'));
  errs.push(...validatePodTemplate(s['template'], 'spec.template'));
  errs.push(...validateAlwaysRestart(s['template'], 'spec.template', 'StatefulSet'));
  if (old) {
    const strip = (x: Obj) => Object.fromEntries(Object.entries(x).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!semanticEqual(strip(s), strip(spec(old)))) {
      errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  }
  return errs;
}

/** validateJobSpec: what Job and CronJob.jobTemplate share (no selector rules). */
function validateJobSpec(s: Obj, path: string): Errs {
  const errs: Errs = [];
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) errs.push(...nonNegative(s[f], `${path}.${f}`));
  const ads = s['activeDeadlineSeconds'];
  if (typeof ads === 'number' && ads <= 0) errs.push(invalidValue(`${path}.activeDeadlineSeconds`, ads, 'must be greater than or equal to 0'));
  const mode = s['completionMode'];
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && (s['completions'] === undefined || s['completions'] === null)) {
    errs.push(required(`${path}.completions`, `when completion mode is Indexed`));
  }
  errs.push(...validatePodTemplate(s['template'], `${path}.template`));
  const rp = child(child(s, 'template'), 'spec')?.['restartPolicy'];
  if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(`${path}.template.spec.restartPolicy`, rp, ['OnFailure', 'Never']));
  return errs;
}

const JOB_LABELS = (o: KObject): Array<[string, string]> => [
  ['controller-uid', o.metadata.uid ?? ''], ['job-name', o.metadata.name ?? ''],
  ['batch.kubernetes.io/controller-uid', o.metadata.uid ?? ''], ['batch.kubernetes.io/job-name', o.metadata.name ?? ''],
];

export function validateJob(o: KObject, old?: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [];
  if (s['manualSelector'] !== true && !old) {
    // validateGeneratedSelector: the generated labels must be present and right.
    const labels = templateLabels(s);
    for (const [k, want] of JOB_LABELS(o)) {
      const f = key('spec.template.metadata.labels', k);
      if (labels[k] === undefined) errs.push(required(f));
      else if (labels[k] !== want) errs.push(invalidValue(f, labels[k], `must be '${want}'`));
    }
  }
  errs.push(...validateJobSpec(s, 'spec'));
  const selector = s['selector'];
  if (!isObj(selector)) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(selector, 'spec.selector'));
  const matches = selectorMatches(selector, templateLabels(s));
  if (matches === false) errs.push(invalidValue('spec.template.metadata.labels', templateLabels(s), '`selector` does not match template `labels`'));
  if (old) errs.push(...validateJobUpdate(s, spec(old)));
  return errs;
}

function validateJobUpdate(s: Obj, o: Obj): Errs {
  const errs: Errs = [];
  const elastic = s['completionMode'] === 'Indexed' && s['completions'] === s['parallelism'] && o['completions'] === o['parallelism'];
  if (!elastic && !semanticEqual(s['completions'], o['completions'])) errs.push(immutable('spec.completions', s['completions']));
  if (!semanticEqual(s['selector'], o['selector'])) errs.push(immutable('spec.selector', s['selector']));
  // A suspended Job may change its template (mutable scheduling directives).
  if (o['suspend'] !== true && !semanticEqual(s['template'], o['template'])) errs.push(immutable('spec.template', s['template']));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy']) {
    if (!semanticEqual(s[f], o[f])) errs.push(immutable(`spec.${f}`, s[f]));
  }
  return errs;
}

export function validateCronJob(o: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [];
  const name = o.metadata.name ?? '';
  if (name.length > 52) errs.push(invalidValue('metadata.name', name, 'must be no more than 52 characters'));
  const schedule = str(s['schedule']) ?? '';
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    const msg = scheduleError(schedule);
    if (msg) errs.push(invalidValue('spec.schedule', schedule, msg));
  }
  const cp = s['concurrencyPolicy'];
  if (!['Allow', 'Forbid', 'Replace'].includes(String(cp))) errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) errs.push(...nonNegative(s[f], `spec.${f}`));
  const jt = child(s, 'jobTemplate') ?? {};
  const jtSpec = child(jt, 'spec') ?? {};
  errs.push(...validateJobSpec(jtSpec, 'spec.jobTemplate.spec'));
  if (jtSpec['selector'] !== undefined && jtSpec['selector'] !== null) {
    errs.push(invalidValue('spec.jobTemplate.spec.selector', jtSpec['selector'], '`selector` will be auto-generated'));
  }
  if (jtSpec['manualSelector'] === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  return errs;
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** A rough robfig/cron standard-parser check: five fields or a descriptor. */
function scheduleError(schedule: string): string | undefined {
  if (/(^|\s)(CRON_)?TZ=/.test(schedule)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  const s = schedule.trim();
  if (s.startsWith('@')) {
    if (CRON_MACROS.includes(s) || /^@every\s+\S+$/.test(s)) return undefined;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${s}`;
  const ok = /^[\d*?/,\-A-Za-z]+$/;
  for (const f of fields) if (!ok.test(f)) return `failed to parse: ${f}`;
  return undefined;
}

export function validateHpa(o: KObject): Errs {
  const s = spec(o);
  const errs: Errs = [];
  const ref = child(s, 'scaleTargetRef') ?? {};
  if (!str(ref['kind'])) errs.push(required('spec.scaleTargetRef.kind'));
  if (!str(ref['name'])) errs.push(required('spec.scaleTargetRef.name'));
  const min = s['minReplicas'];
  const max = s['maxReplicas'];
  if (typeof min === 'number' && min < 1) errs.push(invalidValue('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (typeof max !== 'number' || max < 1) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than 0'));
  else if (typeof min === 'number' && max < min) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  return errs;
}
