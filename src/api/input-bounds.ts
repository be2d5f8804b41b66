// Bounds every request obeys whatever its route declares, checked in one place: no NUL character in any string
// (PostgreSQL text cannot hold one), ids within PostgreSQL's integer (a larger one can name no row), and numbers
// within the widest NUMERIC column we have (NUMERIC(18,2)). Each violation names its field.
import type { FieldError } from '../errors';

const MAX_INT4 = 2_147_483_647;
const MAX_AMOUNT = 1e16; // NUMERIC(18,2) holds up to 10^16 - 0.01
const ID_FIELD = /(^id$|Id$|Ids$)/;

function walk(value: unknown, field: string, idContext: boolean, errors: FieldError[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) errors.push({ field, message: 'must not contain a NUL character' });
  } else if (typeof value === 'number') {
    if (idContext && Number.isInteger(value) && value > MAX_INT4)
      errors.push({ field, message: `must be at most ${MAX_INT4}` });
    else if (Math.abs(value) >= MAX_AMOUNT) errors.push({ field, message: `must be smaller than ${MAX_AMOUNT}` });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${field}.${i}`, idContext, errors));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) errors.push({ field, message: 'a field name must not contain a NUL character' });
      walk(item, field ? `${field}.${key}` : key, ID_FIELD.test(key), errors);
    }
  }
}

// Field errors for the validated parts of a request (field names as Joi reports them: "siteIds.2", "leadId").
export function boundErrors(parts: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const value of Object.values(parts)) walk(value, '', false, errors);
  return errors;
}
