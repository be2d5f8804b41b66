// Catalogue rows that open draft quotations still use. Deleting one would strand those drafts (their saved steps
// would be refused on the next save), so the deletion is refused and names them; submitted and later quotations keep
// the names and prices they were priced with and do not hold a row back.
import type { Knex } from 'knex';

// Where a draft's saved steps (quotation_steps.data) name a row of each catalogue table, as JSON containment probes.
const USES: Record<string, Array<(id: number) => object>> = {
  positions: [(id) => ({ positions: [{ positionId: id }] })],
  items: ['kaporlap', 'devices', 'chemicals', 'ohc'].map((list) => (id: number) => ({ [list]: [{ itemId: id }] })),
  trainings: [(id) => ({ trainingIds: [id] })],
  salary_rules: [(id) => ({ salaryRuleId: id })],
};

// Numbers of the open drafts that use row `id` of `table` (none for a table drafts do not refer to).
export async function draftsUsing(db: Knex | Knex.Transaction, table: string, id: number): Promise<string[]> {
  const probes = USES[table];
  if (!probes) return [];
  return db('quotations as q')
    .where('q.status', 'draft')
    .whereExists((sub) =>
      sub
        .from('quotation_steps as s')
        .whereRaw('s.quotation_id = q.id')
        .where((w) => probes.forEach((probe) => w.orWhereRaw('s.data @> ?::jsonb', [JSON.stringify(probe(id))]))),
    )
    .orderBy('q.id')
    .pluck('q.number');
}
