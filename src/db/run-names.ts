// The names a run is found by in the Temporal UI besides ids: the entity's code and name and the salesperson's name.
import type { Knex } from 'knex';

export interface RunNames {
  entityCode: string;
  entityName: string;
  salesName: string;
}

export async function runNames(
  db: Knex | Knex.Transaction,
  entityId: number,
  salesUserId: number | null,
): Promise<RunNames> {
  const entity = await db('entities').where({ id: entityId }).first('code', 'name', 'legal_name');
  const sales = salesUserId ? await db('users').where({ id: salesUserId }).first('full_name') : undefined;
  return {
    entityCode: entity?.code ?? '',
    entityName: entity?.legal_name ?? entity?.name ?? '',
    salesName: sales?.full_name ?? '',
  };
}
