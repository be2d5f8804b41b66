// A contract made by mistake is cancelled, not deleted (issue 16): its sites are released — kept for the record
// with the moment they were let go — so the SPK sites or quotation sites they took can go into another contract.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pks_sites', (t) => {
    t.timestamp('released_at', { useTz: true }).nullable();
  });
  await knex.raw('ALTER TABLE pks_sites DROP CONSTRAINT pks_sites_spk_site_id_unique');
  await knex.raw(
    'CREATE UNIQUE INDEX pks_sites_live_spk_site ON pks_sites (spk_site_id) WHERE spk_site_id IS NOT NULL AND released_at IS NULL',
  );
  await knex.raw('DROP INDEX pks_sites_quotation_site');
  await knex.raw(
    'CREATE UNIQUE INDEX pks_sites_quotation_site ON pks_sites (quotation_id, site_key) WHERE spk_site_id IS NULL AND released_at IS NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX pks_sites_quotation_site');
  await knex.raw(
    'CREATE UNIQUE INDEX pks_sites_quotation_site ON pks_sites (quotation_id, site_key) WHERE spk_site_id IS NULL',
  );
  await knex.raw('DROP INDEX pks_sites_live_spk_site');
  await knex.raw('ALTER TABLE pks_sites ADD CONSTRAINT pks_sites_spk_site_id_unique UNIQUE (spk_site_id)');
  await knex.schema.alterTable('pks_sites', (t) => {
    t.dropColumn('released_at');
  });
}
