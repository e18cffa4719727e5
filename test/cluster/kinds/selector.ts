// LabelSelector semantics (metav1.LabelSelectorAsSelector) and its validation.
import { invalidValue, required, forbidden, idx, type Errs } from './field-errors.js';
import { isObj, items, stringMap, str } from './obj.js';
import { validateLabels } from './validate-meta.js';

/**
 * Whether `selector` selects `labels`. A missing selector selects nothing; an empty one selects
 * everything. Undefined when the selector cannot be converted (bad operator).
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean | undefined {
  if (!isObj(selector)) return false;
  for (const [k, v] of Object.entries(stringMap(selector['matchLabels']))) if (labels[k] !== v) return false;
  for (const e of items(selector, 'matchExpressions')) {
    const k = str(e['key']) ?? '';
    const values = Array.isArray(e['values']) ? e['values'].map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, k);
    switch (e['operator']) {
      case 'In': if (!has || !values.includes(labels[k]!)) return false; break;
      case 'NotIn': if (has && values.includes(labels[k]!)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return undefined;
    }
  }
  return true;
}

/** True for a present selector with neither matchLabels nor matchExpressions. */
export function selectorIsEmpty(selector: unknown): boolean {
  if (!isObj(selector)) return false;
  return Object.keys(stringMap(selector['matchLabels'])).length + items(selector, 'matchExpressions').length === 0;
}

/** unversionedvalidation.ValidateLabelSelector. */
export function validateLabelSelector(selector: unknown, path: string): Errs {
  if (!isObj(selector)) return [];
  const errs: Errs = [...validateLabels(selector['matchLabels'], `${path}.matchLabels`)];
  items(selector, 'matchExpressions').forEach((e, i) => {
    const p = idx(`${path}.matchExpressions`, i);
    const op = e['operator'];
    const values = Array.isArray(e['values']) ? e['values'] : [];
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalidValue(`${p}.operator`, op, 'not a valid selector operator'));
    }
    if (!str(e['key'])) errs.push(required(`${p}.key`));
  });
  return errs;
}

