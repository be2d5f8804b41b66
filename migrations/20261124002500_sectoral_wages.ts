// Sectoral minimum wages (master-data.md §6.5): UMSP per province and sector, UMSK per city and sector, effective-
// dated like UMP/UMK in the same table. They are reference data a user records; pricing keeps using UMK/UMP.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('minimum_wages', (t) => {
    t.string('kind', 4).notNullable().alter();
    t.string('sector', 100).nullable();
  });
  await knex.raw('ALTER TABLE minimum_wages DROP CONSTRAINT minimum_wages_kind_check');
  await knex.raw(`ALTER TABLE minimum_wages ADD CONSTRAINT minimum_wages_kind_check CHECK (
    (kind = 'ump' AND city_code IS NULL AND sector IS NULL) OR (kind = 'umk' AND city_code IS NOT NULL AND sector IS NULL) OR
    (kind = 'umsp' AND city_code IS NULL AND sector IS NOT NULL) OR (kind = 'umsk' AND city_code IS NOT NULL AND sector IS NOT NULL))`);
  await knex.raw('DROP INDEX minimum_wages_region_from');
  await knex.raw(
    `CREATE UNIQUE INDEX minimum_wages_region_from ON minimum_wages (kind, province_code, coalesce(city_code, ''), coalesce(sector, ''), valid_from)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('minimum_wages').whereIn('kind', ['umsp', 'umsk']).delete();
  await knex.raw('DROP INDEX minimum_wages_region_from');
  await knex.raw(
    `CREATE UNIQUE INDEX minimum_wages_region_from ON minimum_wages (kind, province_code, coalesce(city_code, ''), valid_from)`,
  );
  await knex.raw('ALTER TABLE minimum_wages DROP CONSTRAINT minimum_wages_kind_check');
  await knex.raw(
    `ALTER TABLE minimum_wages ADD CONSTRAINT minimum_wages_kind_check CHECK ((kind = 'ump' AND city_code IS NULL) OR (kind = 'umk' AND city_code IS NOT NULL))`,
  );
  await knex.schema.alterTable('minimum_wages', (t) => {
    t.dropColumn('sector');
    t.string('kind', 3).notNullable().alter();
  });
}
