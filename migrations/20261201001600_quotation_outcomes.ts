// Win/loss (issue 16): a quotation the customer did not take is closed as lost (to a competitor, or kept in-house)
// or declined (the customer turned the offer down), with a reason from a list and, where it applies, the competitor.
import type { Knex } from 'knex';

const REASONS = [
  { code: 'price', name: 'Harga terlalu tinggi', needs_competitor: false },
  { code: 'competitor', name: 'Memilih kompetitor', needs_competitor: true },
  { code: 'in_house', name: 'Dikelola sendiri (in-house)', needs_competitor: false },
  { code: 'budget', name: 'Anggaran pelanggan tidak tersedia', needs_competitor: false },
  { code: 'terms', name: 'Syarat pembayaran atau kontrak tidak disepakati', needs_competitor: false },
  { code: 'scope', name: 'Kebutuhan berubah atau dibatalkan pelanggan', needs_competitor: false },
  { code: 'no_response', name: 'Tidak ada tanggapan dari pelanggan', needs_competitor: false },
  { code: 'other', name: 'Lainnya (lihat catatan)', needs_competitor: false },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('loss_reasons', (t) => {
    t.increments('id');
    t.string('code', 30).notNullable().unique();
    t.string('name', 100).notNullable();
    t.boolean('needs_competitor').notNullable().defaultTo(false);
    t.boolean('is_active').notNullable().defaultTo(true);
  });
  await knex('loss_reasons').insert(REASONS);
  await knex.schema.createTable('quotation_outcomes', (t) => {
    t.integer('quotation_id').primary().references('quotations.id');
    t.string('kind', 10).notNullable();
    t.integer('loss_reason_id').notNullable().references('loss_reasons.id');
    t.string('competitor', 200).nullable();
    t.string('note', 2000).nullable();
    t.integer('decided_by').notNullable().references('users.id');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['loss_reason_id']);
  });
  await knex.raw(
    `ALTER TABLE quotation_outcomes ADD CONSTRAINT quotation_outcomes_kind CHECK (kind IN ('lost','declined'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('quotation_outcomes');
  await knex.schema.dropTableIfExists('loss_reasons');
}
