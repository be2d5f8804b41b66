import { jakartaDate, jakartaYearMonth } from '../../src/domain/jakarta-time';
import { formatQuotationNumber, quotationSequenceKey } from '../../src/domain/quotation-number';

describe('quotation numbers', () => {
  it('follow QUOT/<entity>/<lead>/<MMYYYY>-<5 digits>', () => {
    expect(formatQuotationNumber({ entityCode: 'ION', leadCode: 'AAAAB', year: 2024, month: 1, sequence: 1 })).toBe(
      'QUOT/ION/AAAAB/012024-00001',
    );
    expect(
      formatQuotationNumber({ entityCode: 'GSU', leadCode: 'ZZZZZ', year: 2026, month: 11, sequence: 12345 }),
    ).toBe('QUOT/GSU/ZZZZZ/112026-12345');
  });

  it('count per entity and month', () => {
    expect(quotationSequenceKey('ION', 2026, 3)).toBe('QUOT/ION/032026');
    expect(quotationSequenceKey('ION', 2026, 3)).not.toBe(quotationSequenceKey('SIG', 2026, 3));
  });

  it('refuse out-of-range parts', () => {
    const base = { entityCode: 'ION', leadCode: 'AAAAA', year: 2026, month: 1, sequence: 1 };
    expect(() => formatQuotationNumber({ ...base, sequence: 0 })).toThrow(RangeError);
    expect(() => formatQuotationNumber({ ...base, sequence: 100000 })).toThrow(RangeError);
    expect(() => formatQuotationNumber({ ...base, month: 13 })).toThrow(RangeError);
    expect(() => formatQuotationNumber({ ...base, year: 26 })).toThrow(RangeError);
  });

  it('are dated in Jakarta time (UTC+7)', () => {
    // 31 Jan 2026 18:30 UTC is already 1 Feb 01:30 in Jakarta.
    expect(jakartaYearMonth(new Date('2026-01-31T18:30:00Z'))).toEqual({ year: 2026, month: 2 });
    expect(jakartaYearMonth(new Date('2026-01-31T16:59:59Z'))).toEqual({ year: 2026, month: 1 });
    expect(jakartaYearMonth(new Date('2025-12-31T17:00:00Z'))).toEqual({ year: 2026, month: 1 });
    expect(jakartaDate(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
    expect(jakartaDate(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
  });
});
