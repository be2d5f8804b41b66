import {
  comparable,
  coreWords,
  describeDuplicates,
  duplicateReason,
  findDuplicates,
  levenshtein,
  normalizeCompanyName,
  similarTextPercent,
} from '../../src/domain/company-name-similarity';

const geographic = new Set(['bekasi', 'jakarta', 'surabaya']);
const isGeo = (w: string) => geographic.has(w);
const c = (name: string) => comparable(name, isGeo);
const reason = (a: string, b: string) => duplicateReason(c(a), c(b));

describe('normalisation', () => {
  it('keeps lower-case letters and single spaces only', () => {
    expect(normalizeCompanyName('  PT. Maju-Jaya 2000,  Tbk ')).toBe('pt maju jaya tbk');
  });

  it('drops filler and geographic words (only in multi-word names) and short words, sorted', () => {
    expect(coreWords('pt sinar mas bekasi', isGeo)).toEqual(['mas', 'sinar']);
    expect(coreWords('bekasi', isGeo)).toEqual(['bekasi']);
    expect(coreWords('cv ab karya', isGeo)).toEqual(['karya']);
  });
});

describe('similarity measures', () => {
  it('computes PHP similar_text percentages', () => {
    expect(similarTextPercent('world', 'word')).toBeCloseTo(88.888, 2);
    expect(similarTextPercent('abc', 'abc')).toBe(100);
    expect(similarTextPercent('abc', 'xyz')).toBe(0);
  });

  it('computes edit distances', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });
});

describe('duplicate rule', () => {
  it.each([
    ['PT Maju Jaya', 'pt. maju jaya', 'same name'],
    ['PT Sentosa Abadi', 'CV Abadi Sentosa', 'same key words'],
    ['PT Sentosa Abadi Bekasi', 'PT Sentosa Abadi Jakarta', 'same key words'],
    ['Bank Mandiri Sejahtera', 'Bank Mandiri Sejahtera Utama', 'one name contains the other'],
    ['PT Karya Mandiri Perkasa', 'PT Karya Mandiri Perkaza', '95% similar characters'],
    [
      'Kencana Wisesa Nusantara Raya',
      'Kencana Wisesa Nusantara Group Raya Utama Sentosa',
      'shares the words kencana, nusantara, raya, wisesa',
    ],
    ['Hotel Dharmawangsa Prima', 'Dharmawangsa Resort', 'shares the distinctive word dharmawangsa'],
    ['Sinar Terang Jaya', 'Sinar Terang Makmur', 'shares the words sinar, terang'],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(reason(a, b)).toBe(expected);
  });

  it.each([
    ['PT Maju Jaya', 'PT Sumber Rejeki'],
    ['Rumah Sakit Harapan', 'Universitas Terbuka'],
    ['Alfa', 'Alfamart Indonesia Raya'],
  ])('%s and %s are different companies', (a, b) => {
    expect(reason(a, b)).toBeNull();
  });

  it('lists up to three matches and counts the rest', () => {
    const existing = ['Maju Jaya', 'PT Maju Jaya', 'CV Maju Jaya', 'UD Maju Jaya', 'Other Co'].map((name, i) => ({
      id: i + 1,
      name,
      ...c(name),
    }));
    const matches = findDuplicates(c('Maju Jaya'), existing);
    expect(matches.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    expect(describeDuplicates(matches)).toBe(
      'Maju Jaya (same name), PT Maju Jaya (same key words), CV Maju Jaya (same key words) and 1 more',
    );
  });
});
