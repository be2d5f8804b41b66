// The annual wage-adjustment campaign (issue 16): when a UMP/UMK decree is recorded, every active contract and open
// quotation with sites in the regions it covers is priced again at the new wage; each gets an impact row (old and new
// monthly invoice, margin, per site), and on request an addendum quotation is drafted for each contract that costs
// more. One row per campaign; one item per contract or quotation in it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('wage_campaigns', (t) => {
    t.increments('id');
    t.date('valid_from').notNullable();
    // running → priced (impact known, waiting for a request) → drafting → completed | cancelled
    t.string('status', 12).notNullable().defaultTo('running');
    t.jsonb('regions').notNullable(); // { provinces: [...], cities: [...] } the decree covers
    t.integer('started_by').notNullable().references('users.id');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('addenda_requested_by').nullable().references('users.id');
    t.timestamp('finished_at', { useTz: true }).nullable();
  });
  await knex.raw(
    `ALTER TABLE wage_campaigns ADD CONSTRAINT wage_campaigns_status CHECK (status IN ('running','priced','drafting','completed','cancelled'))`,
  );
  // One live campaign per decree date.
  await knex.raw(
    `CREATE UNIQUE INDEX wage_campaigns_live ON wage_campaigns (valid_from) WHERE status IN ('running','priced','drafting')`,
  );
  await knex.schema.createTable('wage_campaign_items', (t) => {
    t.bigIncrements('id');
    t.integer('campaign_id').notNullable().references('wage_campaigns.id');
    t.string('subject_type', 10).notNullable(); // contract | quotation
    t.integer('subject_id').notNullable();
    t.integer('quotation_id').notNullable().references('quotations.id'); // what prices it
    t.integer('lead_id').notNullable().references('leads.id');
    // pending → priced | unpriceable → drafted (an addendum quotation made for the contract)
    t.string('status', 12).notNullable().defaultTo('pending');
    t.decimal('old_invoice', 18, 2).nullable();
    t.decimal('new_invoice', 18, 2).nullable();
    t.decimal('old_margin_percent', 7, 2).nullable();
    t.decimal('new_margin_percent', 7, 2).nullable();
    t.jsonb('sites').nullable(); // per site: monthly cost before fee, old and new
    t.string('note', 500).nullable();
    t.integer('addendum_quotation_id').nullable().references('quotations.id');
    t.timestamp('priced_at', { useTz: true }).nullable();
    t.unique(['campaign_id', 'subject_type', 'subject_id']);
    t.index(['campaign_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('wage_campaign_items');
  await knex.schema.dropTableIfExists('wage_campaigns');
}
