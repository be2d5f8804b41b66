// Trigram indexes for the "contains" searches of the lead and quotation lists (`q`): ILIKE '%text%' cannot use a
// b-tree, so at 10k rows every search was a sequential scan of the table (issue 14). pg_trgm ships with PostgreSQL
// and is a trusted extension: the database owner may create it. fastupdate off: rows are written one at a time and
// read in every search, so each insert updates the index at once rather than queueing entries every search must
// scan until the next vacuum.
import type { Knex } from 'knex';

const TRIGRAM_INDEXES: Array<[string, string, string]> = [
  ['leads_company_name_trgm_index', 'leads', 'company_name'],
  ['leads_code_trgm_index', 'leads', 'code'],
  ['users_full_name_trgm_index', 'users', 'full_name'],
  ['quotations_number_trgm_index', 'quotations', 'number'],
  ['quotations_customer_name_trgm_index', 'quotations', 'customer_name'],
];

// A search's other branches: the leads a matching user created, the leads of a matching service line.
const INDEXES: Array<[string, string, string]> = [
  ['leads_created_by_index', 'leads', 'created_by'],
  ['lead_service_lines_service_line_id_index', 'lead_service_lines', 'service_line_id'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  for (const [name, table, column] of TRIGRAM_INDEXES)
    await knex.raw(
      `CREATE INDEX IF NOT EXISTS ${name} ON ${table} USING gin (${column} gin_trgm_ops) WITH (fastupdate = off)`,
    );
  for (const [name, table, column] of INDEXES)
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${column})`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of [...TRIGRAM_INDEXES, ...INDEXES]) await knex.raw(`DROP INDEX IF EXISTS ${name}`);
}
