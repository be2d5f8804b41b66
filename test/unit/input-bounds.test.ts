// The bounds every request obeys, whatever its route: NUL characters, ids beyond PostgreSQL's integer, numbers beyond
// the numbers JSON carries exactly — each named by its field.
import { boundErrors } from '../../src/api/input-bounds';

it('names a NUL character in any string, query or body', () => {
  expect(boundErrors({ query: { q: 'PT\u0000Maju' }, body: { notes: ['ok', 'a\u0000b'] } })).toEqual([
    { field: 'q', message: 'must not contain a NUL character', code: 'string.nul' },
    { field: 'notes.1', message: 'must not contain a NUL character', code: 'string.nul' },
  ]);
});

it('keeps ids within PostgreSQL integer and amounts within NUMERIC(18,2)', () => {
  expect(
    boundErrors({
      params: { id: 2147483648 },
      body: { serviceLineId: 35184372088831, siteIds: [1, 2147483647, 2147483648], amount: 1e16, headcount: 3 },
    }),
  ).toEqual([
    { field: 'id', message: 'must be at most 2147483647', code: 'number.max' },
    { field: 'serviceLineId', message: 'must be at most 2147483647', code: 'number.max' },
    { field: 'siteIds.2', message: 'must be at most 2147483647', code: 'number.max' },
    { field: 'amount', message: 'must be between -9007199254740991 and 9007199254740991', code: 'number.max' },
  ]);
  expect(boundErrors({ params: { id: 2147483647 }, body: { amount: 9_999_999_999_999.99 } })).toEqual([]);
});
