// Whether a draft PKS's corrected dates and terms fit the contract and its parent: the checked correction, or a 422
// naming every field that does not fit. Only the fields sent change; the rest are the contract's own.
import type { Knex } from 'knex';
import { invalid, type FieldError } from '../errors';
import type { PksCorrection, PksRecord } from '../../workflows/pks-contract';

export async function resolvePksCorrection(knex: Knex, pks: PksRecord, body: PksCorrection): Promise<PksCorrection> {
  const errors: FieldError[] = [];
  const parent = pks.parentPksId ? await knex('pks').where({ id: pks.parentPksId }).first() : undefined;
  if (pks.type === 'addendum') {
    for (const field of ['contractStart', 'contractEnd'] as const)
      if (body[field] !== undefined)
        errors.push({ field, message: 'an addendum runs from its effective date to the end of its contract' });
    // It ends with its contract, so it must start before that contract's last day.
    if (
      body.effectiveDate !== undefined &&
      (body.effectiveDate < parent.contract_start || body.effectiveDate >= parent.contract_end)
    )
      errors.push({
        field: 'effectiveDate',
        message: `must fall within the contract period ${parent.contract_start} – ${parent.contract_end}, before its last day`,
      });
  } else {
    if (body.effectiveDate !== undefined)
      errors.push({ field: 'effectiveDate', message: 'only an addendum has an effective date' });
    const start = body.contractStart ?? pks.contractStart;
    const end = body.contractEnd ?? pks.contractEnd;
    if (end <= start)
      errors.push({
        field: body.contractEnd !== undefined ? 'contractEnd' : 'contractStart',
        message: `contractEnd (${end}) must be after contractStart (${start})`,
      });
    if (pks.type === 'rekontrak' && start <= parent.contract_start)
      errors.push({
        field: 'contractStart',
        message: `a renewal starts after the contract it renews (${parent.contract_start})`,
      });
  }
  const exists = async (field: keyof PksCorrection, table: string, live = false) => {
    const id = body[field];
    if (id === undefined || id === null) return;
    const query = knex(table).where({ id });
    if (live) query.whereNull('deleted_at');
    if (!(await query.first('id'))) errors.push({ field, message: `${field} ${id} does not exist` });
  };
  await exists('salaryRuleId', 'salary_rules', true);
  await exists('thrRuleId', 'thr_rules');
  await exists('hcCategoryId', 'hc_categories');
  await exists('loyaltyLevelId', 'loyalty_levels');
  if (errors.length) throw invalid(errors);
  return body;
}
