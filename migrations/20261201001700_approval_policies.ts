// Approval levels configurable without a deploy (issue 16): effective-dated policies, each a set of levels with a
// rule (always, a term of payment over N days, a THR not provisioned, a gross margin below X %). A quotation takes the
// policy in force when it is submitted. The levels that were in force become the first policy, from the beginning.
import type { Knex } from 'knex';

const LEGACY_RULES: Record<string, object> = {
  always: { always: true },
  long_top_or_thr_not_provisioned: { topDaysOver: 7, thrNotProvisioned: true },
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_policies', (t) => {
    t.increments('id');
    t.string('subject', 20).notNullable().defaultTo('quotation');
    t.timestamp('effective_from', { useTz: true }).notNullable();
    t.string('note', 500).nullable();
    t.integer('created_by').nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['subject', 'effective_from']);
  });
  await knex.schema.createTable('approval_policy_levels', (t) => {
    t.integer('policy_id').notNullable().references('approval_policies.id').onDelete('CASCADE');
    t.integer('level').notNullable();
    t.string('name', 100).notNullable();
    t.string('role_code', 50).notNullable().references('roles.code');
    t.jsonb('rule').notNullable();
    t.integer('escalation_hours').notNullable();
    t.string('escalation_role_code', 50).nullable().references('roles.code');
    t.primary(['policy_id', 'level']);
  });
  const [policy] = await knex('approval_policies')
    .insert({ effective_from: '2000-01-01T00:00:00Z', note: 'levels in force before policies (quotation.md §5)' })
    .returning('id');
  const levels = await knex('approval_levels').where({ is_enabled: true }).orderBy('level');
  if (levels.length)
    await knex('approval_policy_levels').insert(
      levels.map((l) => ({
        policy_id: policy.id,
        level: l.level,
        name: l.name,
        role_code: l.role_code,
        rule: JSON.stringify(LEGACY_RULES[l.condition] ?? { always: true }),
        escalation_hours: l.escalation_hours,
        escalation_role_code: l.escalation_role_code,
      })),
    );
  await knex.schema.dropTable('approval_levels');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_levels', (t) => {
    t.increments('id');
    t.integer('level').notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('role_code', 50).notNullable().references('roles.code');
    t.string('condition', 40).notNullable();
    t.boolean('is_enabled').notNullable().defaultTo(true);
    t.integer('escalation_hours').notNullable().defaultTo(24);
    t.string('escalation_role_code', 50).nullable().references('roles.code');
  });
  const first = await knex('approval_policies').where({ subject: 'quotation' }).orderBy('effective_from').first('id');
  const levels = first ? await knex('approval_policy_levels').where({ policy_id: first.id }).orderBy('level') : [];
  if (levels.length)
    await knex('approval_levels').insert(
      levels.map((l) => ({
        level: l.level,
        name: l.name,
        role_code: l.role_code,
        condition: l.rule.always ? 'always' : 'long_top_or_thr_not_provisioned',
        escalation_hours: l.escalation_hours,
        escalation_role_code: l.escalation_role_code,
      })),
    );
  await knex.schema.dropTable('approval_policy_levels');
  await knex.schema.dropTable('approval_policies');
}
