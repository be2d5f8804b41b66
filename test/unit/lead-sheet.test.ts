import { cellText, rowToLeadInput, type SheetLookups } from '../../src/domain/lead-sheet';

const lookups: SheetLookups = {
  branches: new Map([['bekasi', 3]]),
  serviceLines: new Map([
    ['security', 1],
    ['cleaning service', 3],
  ]),
  picTitles: new Map([['hrd', 4]]),
  companyTypes: new Map(),
  businessSectors: new Map([['ritel', 2]]),
  sources: new Map(),
};

it('turns a row’s names into ids', () => {
  const { input, problems } = rowToLeadInput(
    {
      companyName: 'PT Maju',
      picName: 'Budi',
      branch: 'BEKASI',
      serviceLines: 'Security, cleaning service, Security',
      provinceCode: '32',
      cityCode: '32.75',
      picTitle: 'HRD',
      businessSector: 'Ritel',
      notes: '',
    },
    lookups,
  );
  expect(problems).toEqual([]);
  expect(input).toEqual({
    companyName: 'PT Maju',
    picName: 'Budi',
    branchId: 3,
    serviceLineIds: [1, 3],
    provinceCode: '32',
    cityCode: '32.75',
    picTitleId: 4,
    businessSectorId: 2,
  });
});

it('names unknown branches, types and service lines', () => {
  const { problems } = rowToLeadInput(
    { companyName: 'PT X', branch: 'Mars', serviceLines: 'Security, Catering', companyType: 'Koperasi' },
    lookups,
  );
  expect(problems).toEqual([
    { field: 'branchId', message: 'unknown branch "Mars"' },
    { field: 'companyTypeId', message: 'unknown companyType "Koperasi"' },
    { field: 'serviceLineIds', message: 'unknown service line(s) Catering' },
  ]);
});

it('reads cells of every kind as text', () => {
  expect(cellText(null)).toBe('');
  expect(cellText(3275)).toBe('3275');
  expect(cellText(' x ')).toBe('x');
  expect(cellText(new Date('2026-01-02T00:00:00Z'))).toBe('2026-01-02');
  expect(cellText({ richText: [{ text: 'PT ' }, { text: 'Maju' }] })).toBe('PT Maju');
  expect(cellText({ text: 'a@b.id', hyperlink: 'mailto:a@b.id' })).toBe('a@b.id');
  expect(cellText({ formula: 'A1', result: 7 })).toBe('7');
});
