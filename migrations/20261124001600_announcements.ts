// System announcements (domain/crm.md §13, NEW): published by admins only (the `announcements` menu, granted to the
// superadmin), sanitised HTML, attachments and inline images as private files, per-user read state.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('announcements', (t) => {
    t.increments('id');
    t.string('category', 20).notNullable();
    t.string('title', 255).notNullable();
    t.string('version', 50).nullable();
    t.date('release_date').notNullable();
    t.string('description', 2000).notNullable();
    t.text('details_html').notNullable().defaultTo('');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.integer('deleted_by').nullable().references('users.id');
    t.index(['release_date']);
  });
  await knex.raw(
    `ALTER TABLE announcements ADD CONSTRAINT announcements_category_check CHECK (category IN ('Fitur Baru','Bug Fix','Aturan','Update'))`,
  );
  await knex.schema.createTable('announcement_files', (t) => {
    t.integer('announcement_id').notNullable().references('announcements.id').onDelete('CASCADE');
    t.integer('file_id').notNullable().references('stored_files.id');
    // Inline images are referenced from the HTML; attachments are listed with the announcement.
    t.boolean('is_inline').notNullable().defaultTo(false);
    t.primary(['announcement_id', 'file_id']);
  });
  await knex.schema.createTable('announcement_reads', (t) => {
    t.integer('announcement_id').notNullable().references('announcements.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('read_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['announcement_id', 'user_id']);
  });

  const settings = await knex('menus').where({ code: 'settings' }).first('id');
  const [menu] = await knex('menus')
    .insert({
      code: 'announcements',
      name: 'System announcements',
      parent_id: settings.id,
      url: '/settings/announcements',
      sort_order: 100,
    })
    .returning('id');
  const admin = await knex('roles').where({ code: 'superadmin' }).first('id');
  await knex('role_menu_permissions').insert({
    role_id: admin.id,
    menu_id: menu.id,
    is_view: true,
    is_add: true,
    is_edit: true,
    is_delete: true,
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('menus').where({ code: 'announcements' }).delete();
  await knex.schema.dropTableIfExists('announcement_reads');
  await knex.schema.dropTableIfExists('announcement_files');
  await knex.schema.dropTableIfExists('announcements');
}
