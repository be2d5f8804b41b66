// The payroll/invoice calendar of a salary rule as printed in PKS Pasal 4 (master-data.md §6.3).

export interface SalaryRuleDays {
  cutoffFromDay: number;
  cutoffToDay: number;
  attendanceCheckFromDay: number;
  attendanceCheckToDay: number;
  invoiceSendFromDay: number;
  invoiceSendToDay: number;
  invoiceReceivedFromDay: number;
  invoiceReceivedToDay: number;
  invoicePaymentDay: number;
  payrollReleaseDay: number;
}

const span = (from: number, to: number) => `Tanggal ${from} - ${to}`;
const nextMonth = (day: number) => `Tanggal ${day} bulan berikutnya`;

export function salaryRuleTexts(rule: SalaryRuleDays) {
  return {
    cutoff: span(rule.cutoffFromDay, rule.cutoffToDay),
    attendanceCheck: span(rule.attendanceCheckFromDay, rule.attendanceCheckToDay),
    invoiceSend: span(rule.invoiceSendFromDay, rule.invoiceSendToDay),
    invoiceReceived: span(rule.invoiceReceivedFromDay, rule.invoiceReceivedToDay),
    invoicePayment: nextMonth(rule.invoicePaymentDay),
    payrollRelease: nextMonth(rule.payrollReleaseDay),
  };
}
