// A counter that changes whenever anything a caller's authorisation is built from changes (users, roles, menus,
// permissions, entities, sales teams), so each API process can keep built principals and check with one cheap
// read per request that none of it changed (issue 14: authentication ran 7 queries per request). Statement-level
// triggers: a bulk change bumps it once.
import type { Knex } from 'knex';

const SOURCES = [
  'users',
  'roles',
  'menus',
  'role_menu_permissions',
  'user_menu_permissions',
  'user_entities',
  'sales_teams',
  'sales_team_members',
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE authorization_epoch (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    value bigint NOT NULL DEFAULT 0
  )`);
  await knex.raw('INSERT INTO authorization_epoch (id, value) VALUES (1, 0)');
  await knex.raw(`CREATE FUNCTION bump_authorization_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE authorization_epoch SET value = value + 1 WHERE id = 1;
      RETURN NULL;
    END $$`);
  for (const table of SOURCES)
    await knex.raw(`CREATE TRIGGER ${table}_authorization_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_authorization_epoch()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of SOURCES) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_authorization_epoch ON ${table}`);
  await knex.raw('DROP FUNCTION IF EXISTS bump_authorization_epoch()');
  await knex.raw('DROP TABLE IF EXISTS authorization_epoch');
}
