// System announcements (domain/crm.md §13, NEW): everyone reads the published ones and keeps their own read state;
// only holders of the `announcements` menu (the superadmin) publish, edit and delete. The HTML is sanitised on the
// way in; attachments and inline images are private files uploaded beforehand (POST /api/files?purpose=announcement,
// POST /api/announcements/images).
import type { ServiceDeps, ServiceInput } from './deps';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { inlineFileIds, sanitizeAnnouncementHtml } from '../domain/announcement-html';
import { jakartaDate } from '../domain/jakarta-time';
import { containing, paginate } from '../db/listing';
import { notFound, invalid } from '../errors';
import { filesOf, ownFiles, storeUpload, uploadProblem } from './files';
import { requireAbility } from '../auth/guards';
import { recordAudit } from '../db/audit';

export const mayManage = (principal: Principal) => principal.ability.can('update', 'Announcement');

export const COLUMNS = [
  'n.id',
  'n.category',
  'n.title',
  'n.version',
  'n.release_date as releaseDate',
  'n.description',
  'n.is_active as isActive',
  'n.created_at as createdAt',
  'n.updated_at as updatedAt',
  'u.full_name as createdByName',
];

// Announcements the caller may see, with their own read state.
export function visible(knex: Knex, principal: Principal) {
  const q = knex('announcements as n')
    .leftJoin('users as u', 'u.id', 'n.created_by')
    .whereNull('n.deleted_at')
    .select(
      ...COLUMNS,
      knex.raw(
        'exists (select 1 from announcement_reads r where r.announcement_id = n.id and r.user_id = ?) as "isRead"',
        [principal.userId],
      ),
    );
  if (!mayManage(principal)) q.where('n.is_active', true);
  return q;
}

export async function announcementOf(deps: ServiceDeps, principal: Principal, announcementId: number) {
  const row = await visible(deps.knex, principal)
    .where('n.id', announcementId)
    .select('n.details_html as detailsHtml')
    .first();
  if (!row) throw notFound(`announcement ${announcementId}`);
  return {
    ...row,
    files: await filesOf(deps.knex, 'announcement_files', 'announcement_id', announcementId).where(
      'link.is_inline',
      false,
    ),
  };
}

// Sanitised HTML and the files to link: every attachment and inline image must be the caller's upload of the right
// kind, unless it is already this announcement's.
export async function contentOf(
  trx: Knex.Transaction,
  principal: Principal,
  input: Record<string, any>,
  announcementId: number | null,
) {
  const detailsHtml = sanitizeAnnouncementHtml(input.detailsHtml ?? '');
  const linked: number[] = announcementId
    ? await trx('announcement_files').where({ announcement_id: announcementId }).pluck('file_id')
    : [];
  const inline = inlineFileIds(detailsHtml);
  const newAttachments = input.fileIds.filter((f: number) => !linked.includes(f));
  const newImages = inline.filter((f) => !linked.includes(f));
  if (newAttachments.length) await ownFiles(trx, principal, newAttachments, 'announcement', 'fileIds');
  if (newImages.length) await ownFiles(trx, principal, newImages, 'announcement-image', 'detailsHtml');
  const attachments = input.fileIds.filter((f: number) => !inline.includes(f));
  return {
    detailsHtml,
    links: [
      ...attachments.map((file_id: number) => ({ file_id, is_inline: false })),
      ...inline.map((file_id) => ({ file_id, is_inline: true })),
    ],
  };
}

export function columns(input: Record<string, any>, detailsHtml: string) {
  return {
    category: input.category,
    title: input.title,
    version: input.version || null,
    release_date: input.releaseDate ?? jakartaDate(new Date()),
    description: input.description,
    details_html: detailsHtml,
    is_active: input.isActive,
  };
}

// GET /api/announcements
export async function getAnnouncements(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const knex = deps.knex;
  const q = visible(knex, principal).orderBy('n.release_date', 'desc').orderBy('n.id', 'desc');
  if (query.category !== 'Semua') q.where('n.category', query.category);
  if (query.isActive !== undefined) q.where('n.is_active', query.isActive);
  if (query.isRead !== undefined)
    q.whereRaw(
      `${query.isRead ? '' : 'not '}exists (select 1 from announcement_reads r where r.announcement_id = n.id and r.user_id = ?)`,
      [principal.userId],
    );
  const text: string | undefined = query.q ?? query.search;
  if (text) q.where((w) => w.whereILike('n.title', containing(text)).orWhereILike('n.description', containing(text)));
  const page = await paginate(q, query.page, query.pageSize);
  const [{ unread }] = await visible(knex, principal)
    .clearSelect()
    .where('n.is_active', true)
    .whereRaw('not exists (select 1 from announcement_reads r where r.announcement_id = n.id and r.user_id = ?)', [
      principal.userId,
    ])
    .count({ unread: '*' });
  return { ...page, unread: Number(unread) };
}

// POST /api/announcements/:id/read
export async function postAnnouncementsRead(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  if (!(await visible(deps.knex, principal).where('n.id', params.id).first()))
    throw notFound(`announcement ${params.id}`);
  await deps
    .knex('announcement_reads')
    .insert({ announcement_id: params.id, user_id: principal.userId })
    .onConflict(['announcement_id', 'user_id'])
    .ignore();
  return undefined;
}

export function manager(principal: Principal, action: 'create' | 'update' | 'delete'): Principal {
  requireAbility(principal, action, 'Announcement');
  return principal;
}

// GET /api/announcements/:id
export async function getAnnouncementsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  return announcementOf(deps, principal, params.id);
}

// POST /api/announcements/images
export async function postAnnouncementsImages(deps: ServiceDeps, principal: Principal, { files }: ServiceInput) {
  manager(principal, 'create');
  const [file] = files;
  if (!file) throw invalid([{ field: 'file', message: 'an image file is required' }]);
  const problem = await uploadProblem(file, 'announcement-image');
  if (problem) throw invalid([{ field: 'file', message: problem }]);
  const stored = await storeUpload(deps, principal, file);
  return { id: stored.id, url: `/api/files/${stored.id}` };
}

// POST /api/announcements
export async function postAnnouncements(deps: ServiceDeps, principal: Principal, { body: input }: ServiceInput) {
  manager(principal, 'create');
  const announcementId = await deps.knex.transaction(async (trx) => {
    const { detailsHtml, links } = await contentOf(trx, principal, input, null);
    const [row] = await trx('announcements')
      .insert({ ...columns(input, detailsHtml), created_by: principal.userId, updated_by: principal.userId })
      .returning('*');
    if (links.length) await trx('announcement_files').insert(links.map((l) => ({ ...l, announcement_id: row.id })));
    await recordAudit(trx, 'announcements', row.id, 'create', principal.userId, null, row);
    return row.id;
  });
  return announcementOf(deps, principal, announcementId);
}

// PUT /api/announcements/:id
export async function putAnnouncements(deps: ServiceDeps, principal: Principal, { params, body: input }: ServiceInput) {
  manager(principal, 'update');
  await deps.knex.transaction(async (trx) => {
    const before = await trx('announcements').where({ id: params.id }).whereNull('deleted_at').forUpdate().first();
    if (!before) throw notFound(`announcement ${params.id}`);
    const { detailsHtml, links } = await contentOf(trx, principal, input, params.id);
    const [after] = await trx('announcements')
      .where({ id: params.id })
      .update({ ...columns(input, detailsHtml), updated_by: principal.userId, updated_at: trx.fn.now() })
      .returning('*');
    await trx('announcement_files').where({ announcement_id: params.id }).delete();
    if (links.length) await trx('announcement_files').insert(links.map((l) => ({ ...l, announcement_id: params.id })));
    await recordAudit(trx, 'announcements', params.id, 'update', principal.userId, before, after);
  });
  return announcementOf(deps, principal, params.id);
}

// DELETE /api/announcements/:id/files/:fileId
export async function deleteAnnouncementsFiles(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  manager(principal, 'update');
  await deps.knex.transaction(async (trx) => {
    const removed = await trx('announcement_files')
      .where({ announcement_id: params.id, file_id: params.fileId, is_inline: false })
      .whereExists((e) => e.from('announcements').where({ id: params.id }).whereNull('deleted_at'))
      .delete();
    if (!removed) throw notFound(`attachment ${params.fileId} of announcement ${params.id}`);
    await recordAudit(trx, 'announcements', params.id, 'update', principal.userId, { fileId: params.fileId }, null);
  });
  return undefined;
}

// DELETE /api/announcements/:id
export async function deleteAnnouncements(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  manager(principal, 'delete');
  await deps.knex.transaction(async (trx) => {
    const [row] = await trx('announcements')
      .where({ id: params.id })
      .whereNull('deleted_at')
      .update({ deleted_at: trx.fn.now(), deleted_by: principal.userId })
      .returning('*');
    if (!row) throw notFound(`announcement ${params.id}`);
    await recordAudit(trx, 'announcements', params.id, 'delete', principal.userId, row, null);
  });
  return undefined;
}
