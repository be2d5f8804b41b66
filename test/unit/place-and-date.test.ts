import { placeAndDate } from '../../src/documents/quotation-document';

it('dates a letter from the city without its administrative prefix, in Indonesian', () => {
  const date = new Date('2027-02-01T05:00:00Z');
  expect(placeAndDate('Kota Administrasi Jakarta Pusat', date)).toBe('Jakarta Pusat, 1 Februari 2027');
  expect(placeAndDate('Kabupaten Bekasi', date)).toBe('Bekasi, 1 Februari 2027');
  expect(placeAndDate('Kota Bandung', date)).toBe('Bandung, 1 Februari 2027');
  expect(placeAndDate(null, date)).toBe('1 Februari 2027');
});
