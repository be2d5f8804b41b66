// The PKS sign-off as an approval policy too (issue 16): levels and rules like a quotation's, the facts read from the
// quotation that priced the contract. The sign-off in force so far — the Director of Sales — is the first policy;
// a submitted PKS keeps the roles it was given.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const [policy] = await knex('approval_policies')
    .insert({
      subject: 'pks',
      effective_from: '2000-01-01T00:00:00Z',
      note: 'the sign-off before policies (contracts.md §5.4)',
    })
    .returning('id');
  await knex('approval_policy_levels').insert({
    policy_id: policy.id,
    level: 1,
    name: 'Direktur Sales',
    role_code: 'dir_sales',
    rule: JSON.stringify({ always: true }),
    escalation_hours: 24,
  });
  await knex.raw(
    `ALTER TABLE approval_policies ADD CONSTRAINT approval_policies_subject CHECK (subject IN ('quotation','pks'))`,
  );
  await knex.schema.alterTable('pks', (t) => {
    t.jsonb('sign_off_roles').nullable(); // the roles this submission needs, in order
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pks', (t) => {
    t.dropColumn('sign_off_roles');
  });
  await knex.raw('ALTER TABLE approval_policies DROP CONSTRAINT approval_policies_subject');
  await knex('approval_policies').where({ subject: 'pks' }).delete();
}
