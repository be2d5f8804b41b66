import { formatRupiah, terbilang } from '../../src/domain/rupiah';

describe('formatRupiah', () => {
  it.each([
    [0, 'Rp 0'],
    [999, 'Rp 999'],
    [1234567, 'Rp 1.234.567'],
    [1234567.5, 'Rp 1.234.568'], // half-up to whole rupiah
    [1234567.49, 'Rp 1.234.567'],
    [-36318.8, '-Rp 36.319'],
    [30046678746.9, 'Rp 30.046.678.747'],
  ])('%d → %s', (value, text) => expect(formatRupiah(value)).toBe(text));

  it('shows sen when asked', () => {
    expect(formatRupiah(458333.33, 2)).toBe('Rp 458.333,33');
    expect(formatRupiah(0.005, 2)).toBe('Rp 0,01');
    expect(formatRupiah(1.005, 2)).toBe('Rp 1,01');
    expect(formatRupiah(-0.001, 2)).toBe('Rp 0,00');
  });
});

describe('terbilang', () => {
  it.each([
    [0, 'nol rupiah'],
    [11, 'sebelas rupiah'],
    [15, 'lima belas rupiah'],
    [100, 'seratus rupiah'],
    [1000, 'seribu rupiah'],
    [1100, 'seribu seratus rupiah'],
    [2011, 'dua ribu sebelas rupiah'],
    [1234567, 'satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh rupiah'],
    [23879000, 'dua puluh tiga juta delapan ratus tujuh puluh sembilan ribu rupiah'],
    [1000000000, 'satu miliar rupiah'],
    [2500000000000, 'dua triliun lima ratus miliar rupiah'],
    [-5000, 'minus lima ribu rupiah'],
  ])('%d → %s', (value, text) => expect(terbilang(value)).toBe(text));
});
