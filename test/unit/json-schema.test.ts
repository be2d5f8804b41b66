// The document must call valid exactly what the validator accepts: a trimmed field that keeps its own pattern
// still refuses blanks, with JavaScript's idea of a blank.
import Joi from 'joi';
import { jsonSchema } from '../../src/api/json-schema';

const patternsOf = (schema: Record<string, any>): RegExp[] =>
  [schema.pattern, ...(schema.allOf ?? []).map((p: { pattern: string }) => p.pattern)].map((p) => new RegExp(p, 'u'));

const documentSays = (joi: Joi.Schema, value: string) =>
  patternsOf(jsonSchema(joi, 'request')).every((re) => re.test(value));

describe('a trimmed string in the request document', () => {
  const titled = Joi.string()
    .trim()
    .max(255)
    .pattern(/^[^<>]*$/);

  it.each(['\f', ' \t ', '\ufeff', '\u00a0\u3000'])('calls %j invalid, as the validator does', (blank) => {
    expect(titled.validate(blank).error?.details[0].type).toBe('string.empty');
    expect(documentSays(titled, blank)).toBe(false);
  });

  it.each(['Pasal 1', ' a ', '\u001c'])('calls %j valid, as the validator does', (value) => {
    expect(titled.validate(value).error).toBeUndefined();
    expect(documentSays(titled, value)).toBe(true);
  });

  it('allows a blank where the field allows the empty string', () => {
    const optional = Joi.string().trim().allow('');
    expect(optional.validate('  ').error).toBeUndefined();
    expect(documentSays(optional, '  ')).toBe(true);
  });
});
