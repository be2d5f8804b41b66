// Indexes for the lookups lists and scopes make on every request (issue 14's survey): a quotation's lead, a lead's
// owner and its service lines' salespeople, the default lead order, the sites of an SPK or PKS, a contract's
// salesperson and first quotation. Without them each of these is a sequential scan that grows with the data.
import type { Knex } from 'knex';

const INDEXES: Array<[string, string, string]> = [
  ['quotations_lead_id_index', 'quotations', 'lead_id'],
  ['leads_owner_user_id_index', 'leads', 'owner_user_id'],
  ['lead_service_lines_sales_user_id_index', 'lead_service_lines', 'sales_user_id'],
  ['leads_lead_date_id_desc_index', 'leads', 'lead_date DESC, id DESC'],
  ['spk_sites_spk_id_index', 'spk_sites', 'spk_id'],
  ['pks_sites_pks_id_index', 'pks_sites', 'pks_id'],
  ['pks_sales_user_id_index', 'pks', 'sales_user_id'],
  ['pks_primary_quotation_id_index', 'pks', 'primary_quotation_id'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [name, table, columns] of INDEXES)
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${columns})`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of INDEXES) await knex.raw(`DROP INDEX IF EXISTS ${name}`);
}
