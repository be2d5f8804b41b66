// The data that fills a PKS agreement (domain/contracts.md §6.3): contract, parties, rules, sites and the
// commercial snapshot, read from the stored PKS and its primary quotation.
import type { Knex } from 'knex';
import { indonesianLongDate } from '../domain/indonesian-date';
import type { AgreementData } from '../domain/pks';
import { formatRupiah, terbilang } from '../domain/rupiah';
import { salaryRuleTexts } from '../domain/salary-rule';
import { loadSteps } from './quotation-pricing';

const longDate = (date: string) => indonesianLongDate(new Date(`${date}T05:00:00Z`)).replace(/^[A-Za-z]+, /, '');

// The service line of a quotation, from the positions it prices.
export async function serviceLineOf(db: Knex | Knex.Transaction, quotationId: number): Promise<string | null> {
  const steps = await loadSteps(db, quotationId);
  const positionIds = (steps[3]?.positions ?? []).map((p) => p.positionId);
  const row = await db('positions as p')
    .join('service_lines as s', 's.id', 'p.service_line_id')
    .whereIn('p.id', positionIds)
    .first('s.name');
  return row?.name ?? null;
}

export async function agreementData(db: Knex | Knex.Transaction, pksId: number): Promise<AgreementData> {
  const pks = await db('pks').where({ id: pksId }).first();
  const lead = await db('leads as l')
    .leftJoin('cities as c', 'c.code', 'l.city_code')
    .leftJoin('pic_titles as pt', 'pt.id', 'l.pic_title_id')
    .where('l.id', pks.lead_id)
    .first('l.code', 'l.company_name', 'l.address', 'l.pic_name', 'c.name as city', 'pt.name as pic_title');
  const entity = await db('entities').where({ id: pks.entity_id }).first();
  const steps = await loadSteps(db, pks.primary_quotation_id);
  const service = await serviceLineOf(db, pks.primary_quotation_id);
  const thr = await db('thr_rules').where({ id: pks.thr_rule_id }).first();
  const rule = await db('salary_rules').where({ id: pks.salary_rule_id }).first();
  const sites = await db('pks_sites as s')
    .join('cities as c', 'c.code', 's.city_code')
    .where('s.pks_id', pksId)
    .orderBy('s.id')
    .select('s.number', 's.name', 'c.name as city', 's.placement', 's.headcount');
  const percent = steps[4]?.managementFee.percent;
  const top = steps[2]?.top;
  return {
    number: pks.number,
    pksDate: indonesianLongDate(new Date(`${pks.pks_date}T05:00:00Z`)),
    contractStart: longDate(pks.contract_start),
    contractEnd: longDate(pks.contract_end),
    firstParty: {
      name: lead.company_name,
      address: [lead.address, lead.city].filter(Boolean).join(', ') || '-',
      signatory: lead.pic_name ?? '-',
      signatoryTitle: lead.pic_title ?? '',
      code: lead.code,
    },
    secondParty: {
      name: entity.legal_name ?? entity.name,
      address: entity.address ?? '-',
      director: entity.director_name ?? '-',
      directorTitle: entity.director_title ?? 'Direktur',
      npwp: entity.npwp ?? '-',
    },
    service: service ?? '-',
    managementFeePercent: percent === undefined ? '-' : `${String(percent).replace('.', ',')}%`,
    thr: {
      invoiceDaysBefore: thr.invoice_days_before,
      paymentDaysBefore: thr.payment_days_before,
      releaseDaysBefore: thr.release_days_before,
    },
    salary: salaryRuleTexts({
      cutoffFromDay: rule.cutoff_from_day,
      cutoffToDay: rule.cutoff_to_day,
      attendanceCheckFromDay: rule.attendance_check_from_day,
      attendanceCheckToDay: rule.attendance_check_to_day,
      invoiceSendFromDay: rule.invoice_send_from_day,
      invoiceSendToDay: rule.invoice_send_to_day,
      invoiceReceivedFromDay: rule.invoice_received_from_day,
      invoiceReceivedToDay: rule.invoice_received_to_day,
      invoicePaymentDay: rule.invoice_payment_day,
      payrollReleaseDay: rule.payroll_release_day,
    }),
    sites: sites.map(
      (s: { number: string; name: string; city: string; placement: string | null; headcount: number }) => ({
        ...s,
        placement: s.placement ?? '-',
      }),
    ),
    commercial: {
      monthlyInvoice: formatRupiah(pks.commercial.roundedInvoice),
      monthlyInvoiceWords: terbilang(pks.commercial.roundedInvoice),
      paymentTerm: !top ? '-' : top.kind === 'non_top' ? 'Non TOP' : `${top.days} hari setelah invoice diterima`,
    },
  };
}
