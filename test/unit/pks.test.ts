import { clauseDiff } from '../../src/domain/clause-diff';
import {
  addendumChainKey,
  agreementClauses,
  chainedNumber,
  checkPksActivate,
  checkPksCancel,
  checkPksClauseEdit,
  checkPksCorrect,
  checkPksDecision,
  checkPksTerminate,
  contractSiteNumber,
  formatPksNumber,
  missingChecklistItems,
  normaliseChecklist,
  pksSequenceKey,
  projectName,
  reminderDates,
  renewalChainKey,
  type AgreementData,
} from '../../src/domain/pks';

it('numbers contracts, their sites and projects', () => {
  const number = formatPksNumber(pksSequenceKey('GSU', 'AAAAB', 2026, 11), 2);
  expect(number).toBe('PKS/ORG/GSU/AAAAB-112026-00002');
  expect(contractSiteNumber(number, 0)).toBe('PKS/ORG/GSU/AAAAB-112026-00002-0001');
  expect(projectName('2026-01-01', '2026-12-31', 'Security', 'pt maju')).toBe('0126-1226.SE.PT MAJU');
});

it('names the missing checklist items and normalises it', () => {
  expect(missingChecklistItems(null)).toEqual([
    'npwp',
    'npwpAddress',
    'stampDuty',
    'reliever',
    'invoiceRequirements',
    'billingAddress',
    'unionStatus',
  ]);
  expect(
    missingChecklistItems({
      npwp: '01.234',
      npwpAddress: 'Jl. A',
      stampDuty: 'Rp 10.000',
      reliever: 'Ada',
      invoiceRequirements: 'PO',
      billingAddress: 'Jl. B',
      unionStatus: ' ',
    }),
  ).toEqual(['unionStatus']);
  const n = normaliseChecklist({
    hasUnion: 'Tidak Ada',
    unionStatus: 'Ada',
    pics: [
      { name: 'Budi', email: 'b@x.id' },
      { name: 'BUDI', email: 'b@x.id' },
    ],
  });
  expect(n.unionStatus).toBe('Tidak Ada');
  expect(n.pics).toHaveLength(1);
});

it('lets the sign-off policy name the role of each level', () => {
  const submitted = { pksId: 1, status: 'submitted' as const, version: 2, authorUserId: 7 };
  const signOff = { roles: ['dir_sales', 'dir_finance'], index: 1 };
  expect(
    checkPksDecision({ ...submitted, signOff }, { userId: 8, roleCode: 'dir_finance', decision: 'approve' }),
  ).toBeNull();
  expect(
    checkPksDecision({ ...submitted, signOff }, { userId: 8, roleCode: 'dir_sales', decision: 'approve' })?.kind,
  ).toBe('forbidden');
  // A run submitted before policies: the Director of Sales alone.
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'dir_sales', decision: 'approve' })).toBeNull();
});

it('lets only the sign-off role decide, never the author, and activation only for the Manager CRM with a complete checklist', () => {
  const submitted = { pksId: 1, status: 'submitted' as const, version: 2, authorUserId: 7 };
  expect(checkPksDecision(submitted, { userId: 7, roleCode: 'dir_sales', decision: 'approve' })?.kind).toBe(
    'forbidden',
  );
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'sales_head', decision: 'approve' })?.kind).toBe(
    'forbidden',
  );
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'dir_sales', decision: 'reject' })).toMatchObject({
    kind: 'invalid',
    field: 'note',
  });
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'dir_sales', decision: 'approve' })).toBeNull();
  const waiting = { pksId: 1, status: 'awaiting_activation' as const, version: 4 };
  expect(checkPksActivate(waiting, { roleCode: 'crm_manager' }, ['npwp'])).toMatchObject({
    kind: 'conflict',
    message: 'the checklist is incomplete: npwp',
  });
  expect(checkPksActivate(waiting, { roleCode: 'sales' }, [])?.kind).toBe('forbidden');
  expect(checkPksActivate({ ...waiting, status: 'active' }, { roleCode: 'crm_manager' }, [])?.message).toBe(
    'PKS is already active',
  );
  expect(checkPksActivate(waiting, { roleCode: 'crm_manager' }, [])).toBeNull();
});

it('schedules renewal reminders before the end, skipping past ones', () => {
  expect(reminderDates('2026-12-31', [30, 90, 60], '2026-01-01')).toEqual([
    { daysBefore: 90, date: '2026-10-02' },
    { daysBefore: 60, date: '2026-11-01' },
    { daysBefore: 30, date: '2026-12-01' },
  ]);
  expect(reminderDates('2026-12-31', [90, 60, 30], '2026-11-15')).toEqual([{ daysBefore: 30, date: '2026-12-01' }]);
});

it('binds every clause variable from the contract', () => {
  const data: AgreementData = {
    number: 'PKS/1',
    pksDate: 'Selasa, 24 November 2026',
    contractStart: '1 Januari 2026',
    contractEnd: '31 Desember 2026',
    firstParty: {
      name: 'PT Pelanggan',
      address: 'Jl. A',
      signatory: 'Budi',
      signatoryTitle: 'Direktur',
      code: 'AAAAB',
    },
    secondParty: { name: 'GSU', address: 'Jl. B', director: 'Siti', directorTitle: 'Direktur Utama', npwp: '-' },
    service: 'Security',
    managementFeePercent: '10%',
    thr: { invoiceDaysBefore: 30, paymentDaysBefore: 14, releaseDaysBefore: 7 },
    salary: {
      cutoff: 'Tanggal 21 - 20',
      attendanceCheck: 'x',
      invoiceSend: 'y',
      invoiceReceived: 'z',
      invoicePayment: 'Tanggal 5 bulan berikutnya',
      payrollRelease: 'w',
    },
    sites: [{ number: 'PKS/1-0001', name: 'Gudang', city: 'Kota Bekasi', placement: 'Jl. C', headcount: 3 }],
    commercial: { monthlyInvoice: 'Rp 1.000', monthlyInvoiceWords: 'seribu rupiah', paymentTerm: '7 hari' },
  };
  const clauses = agreementClauses(data);
  expect(clauses.map((c) => c.section)).toEqual([
    'Pembukaan',
    'Pasal 1',
    'Pasal 2',
    'Pasal 3',
    'Pasal 4',
    'Pasal 5',
    'Pasal 6',
    'Pasal 7',
    'Pasal 8',
    'Pasal 9',
    'LAMPIRAN',
  ]);
  expect(clauses[3].text).toContain('H-30');
  expect(clauses[4].text).toContain('Rp 1.000 (seribu rupiah)');
  expect(clauses[7].text).toContain('1 Januari 2026 sampai dengan 31 Desember 2026');
  expect(clauses[9].text).toContain('SITI');
});

describe('contract chains', () => {
  it('numbers renewals K01, K02… and addenda A01… in the original contract’s chain', () => {
    const original = 'PKS/ORG/GSU/ABCDE-112026-00003';
    expect(renewalChainKey(original)).toBe('PKS/RKT/GSU/ABCDE-112026-00003');
    expect(chainedNumber(renewalChainKey(original), 'K', 1)).toBe('PKS/RKT/GSU/ABCDE-112026-00003-K01');
    // A renewal of the renewal keeps counting in the same chain instead of appending another K.
    expect(renewalChainKey('PKS/RKT/GSU/ABCDE-112026-00003-K01')).toBe(renewalChainKey(original));
    expect(chainedNumber(renewalChainKey('PKS/RKT/GSU/ABCDE-112026-00003-K01'), 'K', 2)).toBe(
      'PKS/RKT/GSU/ABCDE-112026-00003-K02',
    );
    // Addenda nest under the contract they amend.
    expect(chainedNumber(addendumChainKey(original), 'A', 1)).toBe('PKS/ADD/GSU/ABCDE-112026-00003-A01');
    expect(chainedNumber(addendumChainKey('PKS/RKT/GSU/ABCDE-112026-00003-K02'), 'A', 3)).toBe(
      'PKS/ADD/GSU/ABCDE-112026-00003-K02-A03',
    );
  });

  it('refuses what is not a renewable contract number, and a chain past 99', () => {
    expect(() => renewalChainKey('PKS/ADD/GSU/ABCDE-112026-00003-A01')).toThrow(RangeError);
    expect(() => chainedNumber('PKS/RKT/GSU/ABCDE-112026-00003', 'K', 100)).toThrow(RangeError);
  });
});

describe('termination and clause edits', () => {
  const active = { pksId: 1, status: 'active' as const, version: 7 };
  it('terminates only active contracts, by the Manager CRM', () => {
    expect(checkPksTerminate(active, { roleCode: 'crm_manager' })).toBeNull();
    expect(checkPksTerminate(active, { roleCode: 'sales' })?.kind).toBe('forbidden');
    expect(checkPksTerminate({ ...active, status: 'awaiting_activation' }, { roleCode: 'crm_manager' })?.kind).toBe(
      'conflict',
    );
  });
  it('changes clauses only in a draft', () => {
    expect(checkPksClauseEdit({ ...active, status: 'draft' })).toBeNull();
    for (const status of ['submitted', 'awaiting_signed', 'awaiting_activation', 'active'] as const)
      expect(checkPksClauseEdit({ ...active, status })?.kind).toBe('conflict');
  });
  it('cancels until the customer has signed, and corrects terms only in a draft', () => {
    for (const status of ['draft', 'submitted', 'awaiting_signed'] as const)
      expect(checkPksCancel({ ...active, status })).toBeNull();
    for (const status of ['awaiting_activation', 'active', 'cancelled', 'expired'] as const)
      expect(checkPksCancel({ ...active, status })?.kind).toBe('conflict');
    expect(checkPksCorrect({ ...active, status: 'draft' })).toBeNull();
    for (const status of ['submitted', 'awaiting_signed', 'active'] as const)
      expect(checkPksCorrect({ ...active, status })?.kind).toBe('conflict');
  });
  it('shows a clause edit as a line diff and flags a new title', () => {
    const result = clauseDiff(
      { title: 'Jangka Waktu', text: 'Berlaku 12 bulan. Dapat diperpanjang.' },
      { title: 'Masa Berlaku', text: 'Berlaku 24 bulan. Dapat diperpanjang.' },
    );
    expect(result.titleChanged).toBe(true);
    expect(result.diff).toContain('-Berlaku 12 bulan.');
    expect(result.diff).toContain('+Berlaku 24 bulan.');
    expect(result.diff).toContain(' Dapat diperpanjang.');
  });
});
