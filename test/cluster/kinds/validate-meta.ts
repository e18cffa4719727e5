// ObjectMeta validation (apimachinery ValidateObjectMeta): name, generateName, labels,
// annotations and finalizers.
import type { KObject } from '../api/types.js';
import { invalidValue, required, tooLong, type Errs } from './field-errors.js';
import { isQualifiedName, isValidLabelValue, type NameCheck } from './names.js';
import { isObj } from './obj.js';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateMeta(obj: KObject, nameCheck: NameCheck): Errs {
  const errs: Errs = [];
  const m = obj.metadata ?? {};
  const name = typeof m.name === 'string' ? m.name : '';
  const generateName = typeof m.generateName === 'string' ? m.generateName : '';
  if (generateName) {
    // A prefix may end in '-': check it as the name it would become.
    for (const msg of nameCheck(maskTrailingDash(generateName))) errs.push(invalidValue('metadata.generateName', generateName, msg));
  }
  if (!name) {
    if (!generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameCheck(name)) errs.push(invalidValue('metadata.name', name, msg));
  }
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  for (const f of Array.isArray(m.finalizers) ? m.finalizers : []) {
    for (const msg of isQualifiedName(String(f))) errs.push(invalidValue('metadata.finalizers', f, msg));
  }
  return errs;
}

function maskTrailingDash(prefix: string): string {
  return prefix.endsWith('-') ? `${prefix.slice(0, -1)}a` : prefix;
}

/** ValidateLabels: qualified-name keys, label-syntax values; errors carry the whole field path. */
export function validateLabels(labels: unknown, path: string): Errs {
  const errs: Errs = [];
  if (!isObj(labels)) return errs;
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(invalidValue(path, k, msg));
    const value = typeof v === 'string' ? v : String(v);
    for (const msg of isValidLabelValue(value)) errs.push(invalidValue(path, value, msg));
  }
  return errs;
}

/** ValidateAnnotations: lower-cased keys must be qualified names; 256 KiB in total. */
export function validateAnnotations(annotations: unknown, path: string): Errs {
  const errs: Errs = [];
  if (!isObj(annotations)) return errs;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalidValue(path, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE));
  return errs;
}
