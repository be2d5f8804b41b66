// Bounds every request obeys whatever its route declares, checked in one place: no NUL character in any string
// (PostgreSQL text cannot hold one), ids within PostgreSQL's integer (a larger one can name no row), and numbers
// within the widest NUMERIC column we have (NUMERIC(18,2) holds up to 10^16 - 0.01, more than any number JSON
// carries exactly). Each violation names its field. The OpenAPI document states the same bounds (json-schema.ts).
import type { FieldError } from '../errors';

export const INPUT_BOUNDS = {
  maxId: 2_147_483_647,
  maxNumber: Number.MAX_SAFE_INTEGER,
  noNulPattern: '^[^\\u0000]*$',
} as const;
const ID_FIELD = /(^id$|Id$|Ids$)/;

export const isIdField = (key: string): boolean => ID_FIELD.test(key);

function walk(value: unknown, field: string, idContext: boolean, errors: FieldError[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      errors.push({ field, message: 'must not contain a NUL character', code: 'string.nul' });
  } else if (typeof value === 'number') {
    if (idContext && Number.isInteger(value) && value > INPUT_BOUNDS.maxId)
      errors.push({ field, message: `must be at most ${INPUT_BOUNDS.maxId}`, code: 'number.max' });
    else if (Math.abs(value) > INPUT_BOUNDS.maxNumber)
      errors.push({
        field,
        message: `must be between -${INPUT_BOUNDS.maxNumber} and ${INPUT_BOUNDS.maxNumber}`,
        code: 'number.max',
      });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${field}.${i}`, idContext, errors));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000'))
        errors.push({ field, message: 'a field name must not contain a NUL character', code: 'object.nul' });
      walk(item, field ? `${field}.${key}` : key, isIdField(key), errors);
    }
  }
}

// Field errors for the validated parts of a request (field names as Joi reports them: "siteIds.2", "leadId").
export function boundErrors(parts: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const value of Object.values(parts)) walk(value, '', false, errors);
  return errors;
}
