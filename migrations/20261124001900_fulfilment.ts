// Fulfilment of active contracts (domain/contracts.md §11): items each contract site must receive, delivered in two
// stages (dispatch, receipt) with a log per batch; visits owed to the customer per team, their schedule and records.
import type { Knex } from 'knex';

// Service line × headcount range → HC category and visits per year (§11.3).
const VISIT_MATRIX: Array<[string[], Array<[number, number, number, number]>]> = [
  [
    ['Security', 'Cleaning Service'],
    [
      [1, 20, 1, 2],
      [21, 30, 2, 4],
      [31, 50, 3, 6],
      [51, 1000, 4, 12],
    ],
  ],
  [
    ['Labour Supply', 'Logistic'],
    [
      [1, 100, 1, 2],
      [101, 300, 2, 4],
      [301, 500, 3, 6],
      [501, 5000, 4, 12],
    ],
  ],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pks_item_fulfilments', (t) => {
    t.increments('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.integer('pks_site_id').notNullable().references('pks_sites.id');
    t.string('item_type', 10).notNullable();
    t.string('item_key', 120).notNullable();
    t.string('item_name', 255).notNullable();
    t.integer('qty_required').notNullable();
    t.integer('qty_in_transit').notNullable().defaultTo(0);
    t.integer('qty_received').notNullable().defaultTo(0);
    t.string('status', 20).notNullable().defaultTo('not_yet_fulfilled');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['pks_id', 'pks_site_id', 'item_type', 'item_key']);
  });
  await knex.raw(`ALTER TABLE pks_item_fulfilments ADD CONSTRAINT pks_item_fulfilments_quantities CHECK (
    item_type IN ('kaporlap','device','chemical') AND qty_in_transit >= 0 AND qty_received >= 0 AND qty_received + qty_in_transit <= qty_required)`);
  await knex.schema.createTable('pks_fulfilment_batches', (t) => {
    t.uuid('id').primary();
    t.integer('pks_id').notNullable().references('pks.id');
    t.string('kind', 10).notNullable(); // dispatch | receipt | correction
    t.integer('sequence').notNullable();
    t.string('note', 1000).nullable();
    t.integer('created_by').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['pks_id', 'sequence']);
  });
  await knex.schema.createTable('pks_item_requests', (t) => {
    t.increments('id');
    t.integer('fulfilment_id').notNullable().references('pks_item_fulfilments.id');
    t.uuid('batch_id').notNullable().references('pks_fulfilment_batches.id');
    t.integer('quantity').notNullable();
    t.integer('quantity_received').notNullable().defaultTo(0);
    t.string('status', 10).notNullable().defaultTo('open'); // open | received | short
    t.uuid('closed_by_batch_id').nullable().references('pks_fulfilment_batches.id');
    t.index(['fulfilment_id', 'status']);
  });
  await knex.schema.createTable('pks_fulfilment_log', (t) => {
    t.bigIncrements('id');
    t.integer('fulfilment_id').notNullable().references('pks_item_fulfilments.id');
    t.uuid('batch_id').notNullable().references('pks_fulfilment_batches.id');
    t.string('action', 10).notNullable();
    t.integer('quantity').notNullable();
    t.jsonb('before').notNullable();
    t.jsonb('after').notNullable();
    t.integer('user_id').notNullable().references('users.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('visit_target_matrix', (t) => {
    t.increments('id');
    t.integer('service_line_id').notNullable().references('service_lines.id');
    t.integer('hc_from').notNullable();
    t.integer('hc_to').notNullable();
    t.integer('hc_category_id').notNullable().references('hc_categories.id');
    t.integer('visits_per_year').notNullable();
  });
  const lines: Array<{ id: number; name: string }> = await knex('service_lines').select('id', 'name');
  const rows = VISIT_MATRIX.flatMap(([names, ranges]) =>
    lines
      .filter((l) => names.includes(l.name))
      .flatMap((l) =>
        ranges.map(([from, to, category, visits]) => ({
          service_line_id: l.id,
          hc_from: from,
          hc_to: to,
          hc_category_id: category,
          visits_per_year: visits,
        })),
      ),
  );
  if (rows.length) await knex('visit_target_matrix').insert(rows);

  await knex.schema.createTable('pks_visit_targets', (t) => {
    t.integer('pks_id').notNullable().references('pks.id');
    t.string('team', 12).notNullable(); // operations | crm
    t.integer('hc_category_id').nullable().references('hc_categories.id');
    t.integer('visits_per_year').notNullable();
    t.integer('target_total').notNullable();
    t.integer('used').notNullable().defaultTo(0);
    t.primary(['pks_id', 'team']);
  });
  await knex.raw(
    'ALTER TABLE pks_visit_targets ADD CONSTRAINT pks_visit_targets_used CHECK (used >= 0 AND used <= target_total)',
  );
  await knex.schema.createTable('pks_visit_slots', (t) => {
    t.increments('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.string('team', 12).notNullable();
    t.date('planned_date').notNullable();
    t.date('original_date').nullable();
    t.string('status', 12).notNullable().defaultTo('scheduled'); // scheduled | rescheduled | done
    t.integer('pic_user_id').nullable().references('users.id');
    t.string('reschedule_reason', 500).nullable();
    t.integer('rescheduled_by').nullable().references('users.id');
    t.unique(['pks_id', 'team', 'planned_date']);
  });
  await knex.schema.createTable('pks_visits', (t) => {
    t.increments('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.string('team', 12).notNullable();
    t.integer('slot_id').nullable().unique().references('pks_visit_slots.id');
    t.date('visit_date').notNullable();
    t.string('result', 12).notNullable(); // selesai | ada_kendala | ditunda
    t.string('note', 2000).nullable();
    t.integer('user_id').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'pks_visits',
    'pks_visit_slots',
    'pks_visit_targets',
    'visit_target_matrix',
    'pks_fulfilment_log',
    'pks_item_requests',
    'pks_fulfilment_batches',
    'pks_item_fulfilments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
