// Who follows a contract after activation: whoever may read the PKS, and the RO/CRM officers of its customer (an
// RO's own scope holds no contracts, yet fulfilment, visits and complaints are his work).
import { subject as asSubject } from '@casl/ability';
import type { ServiceDeps } from './deps';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { pksRecord } from '../db/pks-record';
import type { PksRecord } from '../../workflows/pks-contract';
import { notFound } from '../errors';

export async function followsContract(knex: Knex, principal: Principal, pks: PksRecord): Promise<boolean> {
  if (principal.ability.can('read', asSubject('Pks', { ...pks }))) return true;
  return !!(await knex('lead_officers').where({ lead_id: pks.leadId, user_id: principal.userId }).first('user_id'));
}

export async function contractOf(deps: ServiceDeps, principal: Principal, pksId: number): Promise<PksRecord> {
  const row = await deps.knex('pks').where({ id: pksId }).first();
  const record = row ? pksRecord(row) : undefined;
  if (!record || !(await followsContract(deps.knex, principal, record))) throw notFound(`PKS ${pksId}`);
  return record;
}
