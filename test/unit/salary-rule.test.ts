import { salaryRuleTexts } from '../../src/domain/salary-rule';

it('renders the calendar texts printed in the PKS', () => {
  expect(
    salaryRuleTexts({
      cutoffFromDay: 21,
      cutoffToDay: 20,
      attendanceCheckFromDay: 21,
      attendanceCheckToDay: 23,
      invoiceSendFromDay: 24,
      invoiceSendToDay: 25,
      invoiceReceivedFromDay: 26,
      invoiceReceivedToDay: 28,
      invoicePaymentDay: 5,
      payrollReleaseDay: 1,
    }),
  ).toEqual({
    cutoff: 'Tanggal 21 - 20',
    attendanceCheck: 'Tanggal 21 - 23',
    invoiceSend: 'Tanggal 24 - 25',
    invoiceReceived: 'Tanggal 26 - 28',
    invoicePayment: 'Tanggal 5 bulan berikutnya',
    payrollRelease: 'Tanggal 1 bulan berikutnya',
  });
});
