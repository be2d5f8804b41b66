import {
  agreementClauses, checkPksActivate, checkPksDecision, contractSiteNumber, formatPksNumber, missingChecklistItems, normaliseChecklist, pksSequenceKey, projectName, reminderDates,
  type AgreementData,
} from '../../src/domain/pks';

it('numbers contracts, their sites and projects', () => {
  const number = formatPksNumber(pksSequenceKey('GSU', 'AAAAB', 2026, 11), 2);
  expect(number).toBe('PKS/ORG/GSU/AAAAB-112026-00002');
  expect(contractSiteNumber(number, 0)).toBe('PKS/ORG/GSU/AAAAB-112026-00002-0001');
  expect(projectName('2026-01-01', '2026-12-31', 'Security', 'pt maju')).toBe('0126-1226.SE.PT MAJU');
});

it('names the missing checklist items and normalises it', () => {
  expect(missingChecklistItems(null)).toEqual(['npwp', 'npwpAddress', 'stampDuty', 'reliever', 'invoiceRequirements', 'billingAddress', 'unionStatus']);
  expect(missingChecklistItems({ npwp: '01.234', npwpAddress: 'Jl. A', stampDuty: 'Rp 10.000', reliever: 'Ada', invoiceRequirements: 'PO', billingAddress: 'Jl. B', unionStatus: ' ' })).toEqual(['unionStatus']);
  const n = normaliseChecklist({ hasUnion: 'Tidak Ada', unionStatus: 'Ada', pics: [{ name: 'Budi', email: 'b@x.id' }, { name: 'BUDI', email: 'b@x.id' }] });
  expect(n.unionStatus).toBe('Tidak Ada');
  expect(n.pics).toHaveLength(1);
});

it('lets only the sign-off role decide, never the author, and activation only for the Manager CRM with a complete checklist', () => {
  const submitted = { pksId: 1, status: 'submitted' as const, version: 2, authorUserId: 7 };
  expect(checkPksDecision(submitted, { userId: 7, roleCode: 'dir_sales', decision: 'approve' })?.kind).toBe('forbidden');
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'sales_head', decision: 'approve' })?.kind).toBe('forbidden');
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'dir_sales', decision: 'reject' })).toMatchObject({ kind: 'invalid', field: 'note' });
  expect(checkPksDecision(submitted, { userId: 8, roleCode: 'dir_sales', decision: 'approve' })).toBeNull();
  const waiting = { pksId: 1, status: 'awaiting_activation' as const, version: 4 };
  expect(checkPksActivate(waiting, { roleCode: 'crm_manager' }, ['npwp'])).toMatchObject({ kind: 'conflict', message: 'the checklist is incomplete: npwp' });
  expect(checkPksActivate(waiting, { roleCode: 'sales' }, [])?.kind).toBe('forbidden');
  expect(checkPksActivate({ ...waiting, status: 'active' }, { roleCode: 'crm_manager' }, [])?.message).toBe('PKS is already active');
  expect(checkPksActivate(waiting, { roleCode: 'crm_manager' }, [])).toBeNull();
});

it('schedules renewal reminders before the end, skipping past ones', () => {
  expect(reminderDates('2026-12-31', [30, 90, 60], '2026-01-01')).toEqual([
    { daysBefore: 90, date: '2026-10-02' }, { daysBefore: 60, date: '2026-11-01' }, { daysBefore: 30, date: '2026-12-01' },
  ]);
  expect(reminderDates('2026-12-31', [90, 60, 30], '2026-11-15')).toEqual([{ daysBefore: 30, date: '2026-12-01' }]);
});

it('binds every clause variable from the contract', () => {
  const data: AgreementData = {
    number: 'PKS/1', pksDate: 'Selasa, 24 November 2026', contractStart: '1 Januari 2026', contractEnd: '31 Desember 2026',
    firstParty: { name: 'PT Pelanggan', address: 'Jl. A', signatory: 'Budi', code: 'AAAAB' }, secondParty: { name: 'GSU', address: 'Jl. B', director: 'Siti' },
    service: 'Security', managementFeePercent: '10%', thr: { invoiceDaysBefore: 30, paymentDaysBefore: 14, releaseDaysBefore: 7 },
    salary: { cutoff: 'Tanggal 21 - 20', attendanceCheck: 'x', invoiceSend: 'y', invoiceReceived: 'z', invoicePayment: 'Tanggal 5 bulan berikutnya', payrollRelease: 'w' },
    sites: [{ number: 'PKS/1-0001', name: 'Gudang', city: 'Kota Bekasi', placement: 'Jl. C', headcount: 3 }],
    commercial: { monthlyInvoice: 'Rp 1.000', monthlyInvoiceWords: 'seribu rupiah', paymentTerm: '7 hari' },
  };
  const clauses = agreementClauses(data);
  expect(clauses.map((c) => c.section)).toEqual(['Pembukaan', 'Pasal 1', 'Pasal 2', 'Pasal 3', 'Pasal 4', 'Pasal 5', 'Pasal 6', 'Pasal 7', 'Pasal 8', 'Pasal 9', 'LAMPIRAN']);
  expect(clauses[3].text).toContain('H-30');
  expect(clauses[4].text).toContain('Rp 1.000 (seribu rupiah)');
  expect(clauses[7].text).toContain('1 Januari 2026 sampai dengan 31 Desember 2026');
  expect(clauses[9].text).toContain('SITI');
});
