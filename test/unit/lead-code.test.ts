import { leadCodeFromNumber, MAX_LEAD_CODES } from '../../src/domain/lead-code';

describe('leadCodeFromNumber', () => {
  it.each([
    [0, 'AAAAA'],
    [1, 'AAAAB'],
    [25, 'AAAAZ'],
    [26, 'AAABA'], // Z carries into the next letter
    [26 * 26, 'AABAA'],
    [26 * 26 + 27, 'AABBB'],
    [MAX_LEAD_CODES - 1, 'ZZZZZ'],
  ])('%i → %s', (n, code) => {
    expect(leadCodeFromNumber(n)).toBe(code);
  });

  it('refuses numbers outside the five-letter range', () => {
    expect(() => leadCodeFromNumber(-1)).toThrow(RangeError);
    expect(() => leadCodeFromNumber(MAX_LEAD_CODES)).toThrow(RangeError);
    expect(() => leadCodeFromNumber(1.5)).toThrow(RangeError);
  });
});
