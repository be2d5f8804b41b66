// Win/loss (issue 16): which loss reason a quotation is closed with, checked against the list before the command
// goes to the quotation's run.
import type { Knex } from 'knex';
import type { CloseLostCommand } from '../domain/quotation-lifecycle';
import { invalid, type FieldError } from '../errors';

export interface CloseLostBody {
  kind: CloseLostCommand['kind'];
  lossReasonId: number;
  competitor?: string;
  note?: string;
}

// The command for the run, or a 422 naming each field the chosen reason needs.
export async function closeLostCommand(knex: Knex, userId: number, body: CloseLostBody): Promise<CloseLostCommand> {
  const reason = await knex('loss_reasons').where({ id: body.lossReasonId, is_active: true }).first();
  const errors: FieldError[] = [];
  if (!reason) errors.push({ field: 'lossReasonId', message: `loss reason ${body.lossReasonId} does not exist` });
  if (reason?.needs_competitor && !body.competitor)
    errors.push({ field: 'competitor', message: `"${reason.name}" needs the competitor's name` });
  if (reason?.code === 'other' && !body.note)
    errors.push({ field: 'note', message: `"${reason.name}" needs a note saying why` });
  if (errors.length) throw invalid(errors);
  return {
    userId,
    kind: body.kind,
    lossReasonId: reason.id,
    reasonName: reason.name,
    ...(body.competitor ? { competitor: body.competitor } : {}),
    ...(body.note ? { note: body.note } : {}),
  };
}
