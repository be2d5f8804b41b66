// New versions of a quotation as stored: the number a revision, renewal or addendum takes, and the row with its steps.
import type { Knex } from 'knex';
import { jakartaYearMonth } from '../domain/jakarta-time';
import type { PricingDefaults } from '../domain/quotation/pricing-input';
import type { QuotationSteps } from '../domain/quotation/steps';
import { revisionNumber, rootNumber, type QuotationType } from '../domain/quotation/versions';
import { formatQuotationNumber, quotationSequenceKey } from '../domain/quotation-number';
import { nextSequence } from './document-sequences';
import { Quotation } from './models/quotation';
import { calculate, type Calculation } from './quotation-pricing';

// The number of a new version: a revision keeps its root with the next -R suffix; a renewal or addendum takes the
// next number of its entity this month.
async function versionNumber(
  trx: Knex.Transaction,
  reference: { number: string; entityId: number; leadId: number },
  type: Exclude<QuotationType, 'baru'>,
): Promise<{ number: string; revision: number }> {
  if (type === 'revisi') {
    const revision = await nextSequence(trx, `REV/${rootNumber(reference.number)}`);
    return { number: revisionNumber(reference.number, revision), revision };
  }
  const entity = await trx('entities').where({ id: reference.entityId }).first();
  const lead = await trx('leads').where({ id: reference.leadId }).first();
  const { year, month } = jakartaYearMonth(new Date());
  const sequence = await nextSequence(trx, quotationSequenceKey(entity.code, year, month));
  return {
    number: formatQuotationNumber({ entityCode: entity.code, leadCode: lead.code, year, month, sequence }),
    revision: 0,
  };
}

// Records a new version of `reference` with its steps, priced now and numbered for its type.
export async function insertVersion(
  trx: Knex.Transaction,
  reference: Quotation,
  version: {
    type: Exclude<QuotationType, 'baru'>;
    steps: QuotationSteps;
    step: number;
    salesUserId: number;
    userId: number;
    reason: string | null;
  },
  pricing: PricingDefaults,
): Promise<Quotation> {
  const { type, steps, step } = version;
  const { number, revision } = await versionNumber(trx, reference, type);
  const calculation = await calculate(trx, steps, pricing);
  const quotation = await Quotation.query(trx).insertAndFetch({
    number,
    type,
    leadId: reference.leadId,
    entityId: reference.entityId,
    branchId: reference.branchId,
    salesUserId: version.salesUserId,
    customerName: reference.customerName,
    contractKind: steps.contractKind ?? null,
    step,
    parentQuotationId: reference.id,
    revision,
    statusReason: version.reason,
    calculation: JSON.stringify(calculation) as unknown as Calculation,
    calculatedAt: new Date(),
    createdBy: version.userId,
    updatedBy: version.userId,
  });
  const rows = Object.entries(steps)
    .filter(([key]) => /^\d+$/.test(key))
    .map(([key, data]) => ({
      quotation_id: quotation.id,
      step: Number(key),
      data: JSON.stringify(data),
      saved_by: version.userId,
    }));
  if (rows.length) await trx('quotation_steps').insert(rows);
  return quotation;
}

// The revision of `number`'s family still being made (draft or submitted), if any. The family is locked for the rest
// of the transaction, so two revisions asked for at once cannot both find none.
export async function openRevisionOf(
  trx: Knex.Transaction,
  number: string,
): Promise<{ id: number; number: string; status: string } | undefined> {
  const root = rootNumber(number);
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`REV/${root}`]);
  return trx('quotations')
    .where('type', 'revisi')
    .whereIn('status', ['draft', 'submitted'])
    .whereLike('number', `${root}-R%`)
    .select('id', 'number', 'status')
    .first();
}
