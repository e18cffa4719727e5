// Builders for the FieldErrors of a 422, named after apimachinery's field.Required/Invalid/… .
import type { FieldError } from '../api/errors.js';

export type Errs = FieldError[];

export const required = (field: string, detail?: string): FieldError =>
  ({ type: 'FieldValueRequired', field, ...(detail ? { detail } : {}) });

export const invalidValue = (field: string, value: unknown, detail: string): FieldError =>
  ({ type: 'FieldValueInvalid', field, value, detail });

export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });

export const duplicate = (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, value });

export const tooLong = (field: string, max: number): FieldError =>
  ({ type: 'FieldValueTooLong', field, detail: `may not be more than ${max} bytes` });

/** `Unsupported value: "x": supported values: "a", "b"` */
export function notSupported(field: string, value: unknown, supported: string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

export const immutable = (field: string, value: unknown): FieldError => invalidValue(field, value, 'field is immutable');

/** field.Path.Index / .Key renderings: `a[0]`, `data[my key]`. */
export const idx = (path: string, i: number) => `${path}[${i}]`;
export const key = (path: string, k: string) => `${path}[${k}]`;

/** ValidateNonnegativeField. */
export function nonNegative(v: unknown, field: string): Errs {
  return typeof v === 'number' && v < 0 ? [invalidValue(field, v, 'must be greater than or equal to 0')] : [];
}
