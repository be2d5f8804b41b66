// System announcements (domain/crm.md §13, NEW): everyone reads the published ones and keeps their own read state;
// only holders of the `announcements` menu (the superadmin) publish, edit and delete. The HTML is sanitised on the
// way in; attachments and inline images are private files uploaded beforehand (POST /api/files?purpose=announcement,
// POST /api/announcements/images).
import Joi from 'joi';
import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal';
import { inlineFileIds, sanitizeAnnouncementHtml } from '../../domain/announcement-html';
import { jakartaDate } from '../../domain/jakarta-time';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { containing, paginate } from '../../db/listing';
import { idParams, pageQuery } from '../listing';
import { invalid, notFound } from '../problem';
import { recordAudit } from '../../db/audit';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../schemas';
import { filesOf, ownFiles, storeUpload, UPLOAD_RULES, uploadProblem } from './files';

export const ANNOUNCEMENT_CATEGORIES = ['Fitur Baru', 'Bug Fix', 'Aturan', 'Update'] as const;
const id = Joi.number().integer().min(1);

const body = Joi.object({
  category: Joi.string()
    .valid(...ANNOUNCEMENT_CATEGORIES)
    .required(),
  title: Joi.string().trim().min(1).max(255).required(),
  version: Joi.string().trim().max(50).allow(null, ''),
  releaseDate: calendarDate,
  description: Joi.string().trim().min(1).max(2000).required(),
  detailsHtml: Joi.string().max(200_000).allow(''),
  isActive: Joi.boolean().default(true),
  fileIds: Joi.array().items(id).max(10).unique().default([]),
}).required();

const COLUMNS = [
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

const mayManage = (principal: Principal) => principal.ability.can('update', 'Announcement');

// Announcements the caller may see, with their own read state.
function visible(knex: Knex, principal: Principal) {
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

async function announcementOf(ctx: ApiContext, principal: Principal, announcementId: number) {
  const row = await visible(ctx.deps.knex, principal)
    .where('n.id', announcementId)
    .select('n.details_html as detailsHtml')
    .first();
  if (!row) throw notFound(`announcement ${announcementId}`);
  return {
    ...row,
    files: await filesOf(ctx.deps.knex, 'announcement_files', 'announcement_id', announcementId).where(
      'link.is_inline',
      false,
    ),
  };
}

// Sanitised HTML and the files to link: every attachment and inline image must be the caller's upload of the right
// kind, unless it is already this announcement's.
async function contentOf(
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

function columns(input: Record<string, any>, detailsHtml: string) {
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

function manager(ctx: ApiContext, action: 'create' | 'update' | 'delete'): Principal {
  const principal = requirePrincipal(ctx);
  requireAbility(principal, action, 'Announcement');
  return principal;
}

export const announcementRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/announcements',
    summary: 'System announcements, newest release first, with your read state and unread count',
    tag: 'announcements',
    query: Joi.object({
      ...pageQuery,
      category: Joi.string()
        .valid('Semua', ...ANNOUNCEMENT_CATEGORIES)
        .default('Semua'),
      isActive: Joi.boolean(),
      isRead: Joi.boolean(),
      search: Joi.string().trim().max(100),
    }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      const knex = ctx.deps.knex;
      const q = visible(knex, principal).orderBy('n.release_date', 'desc').orderBy('n.id', 'desc');
      if (query.category !== 'Semua') q.where('n.category', query.category);
      if (query.isActive !== undefined) q.where('n.is_active', query.isActive);
      if (query.isRead !== undefined)
        q.whereRaw(
          `${query.isRead ? '' : 'not '}exists (select 1 from announcement_reads r where r.announcement_id = n.id and r.user_id = ?)`,
          [principal.userId],
        );
      if (query.search)
        q.where((w) =>
          w.whereILike('n.title', containing(query.search)).orWhereILike('n.description', containing(query.search)),
        );
      const page = await paginate(q, query.page, query.pageSize);
      const [{ unread }] = await visible(knex, principal)
        .clearSelect()
        .where('n.is_active', true)
        .whereRaw('not exists (select 1 from announcement_reads r where r.announcement_id = n.id and r.user_id = ?)', [
          principal.userId,
        ])
        .count({ unread: '*' });
      return { ...page, unread: Number(unread) };
    },
  },
  {
    method: 'get',
    path: '/api/announcements/:id',
    summary: 'One announcement with its sanitised text and attachments',
    tag: 'announcements',
    params: idParams,
    async handler(ctx, { params }) {
      return announcementOf(ctx, requirePrincipal(ctx), params.id);
    },
  },
  {
    method: 'post',
    path: '/api/announcements/:id/read',
    summary: 'Mark an announcement read for you',
    tag: 'announcements',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      if (!(await visible(ctx.deps.knex, principal).where('n.id', params.id).first()))
        throw notFound(`announcement ${params.id}`);
      await ctx.deps
        .knex('announcement_reads')
        .insert({ announcement_id: params.id, user_id: principal.userId })
        .onConflict(['announcement_id', 'user_id'])
        .ignore();
      return undefined;
    },
  },
  {
    method: 'post',
    path: '/api/announcements/images',
    summary:
      'Upload an image to show inside an announcement (form field "file": jpg, jpeg, png, gif, webp; at most 5 MB); answers its URL',
    tag: 'announcements',
    status: 201,
    upload: { field: 'file', maxFiles: 1, maxBytes: UPLOAD_RULES['announcement-image'].maxBytes },
    async handler(ctx, { files }) {
      const principal = manager(ctx, 'create');
      const [file] = files;
      if (!file) throw invalid([{ field: 'file', message: 'an image file is required' }]);
      const problem = uploadProblem(file, 'announcement-image');
      if (problem) throw invalid([{ field: 'file', message: problem }]);
      const stored = await storeUpload(ctx, principal, file);
      return { id: stored.id, url: `/api/files/${stored.id}` };
    },
  },
  {
    method: 'post',
    path: '/api/announcements',
    summary: 'Publish an announcement (admins); the HTML is sanitised, files are your uploads',
    tag: 'announcements',
    status: 201,
    body,
    async handler(ctx, { body: input }) {
      const principal = manager(ctx, 'create');
      const announcementId = await ctx.deps.knex.transaction(async (trx) => {
        const { detailsHtml, links } = await contentOf(trx, principal, input, null);
        const [row] = await trx('announcements')
          .insert({ ...columns(input, detailsHtml), created_by: principal.userId, updated_by: principal.userId })
          .returning('*');
        if (links.length) await trx('announcement_files').insert(links.map((l) => ({ ...l, announcement_id: row.id })));
        await recordAudit(trx, 'announcements', row.id, 'create', principal.userId, null, row);
        return row.id;
      });
      return announcementOf(ctx, principal, announcementId);
    },
  },
  {
    method: 'put',
    path: '/api/announcements/:id',
    summary: 'Replace an announcement (admins); files left out are unlinked',
    tag: 'announcements',
    params: idParams,
    body,
    async handler(ctx, { params, body: input }) {
      const principal = manager(ctx, 'update');
      await ctx.deps.knex.transaction(async (trx) => {
        const before = await trx('announcements').where({ id: params.id }).whereNull('deleted_at').forUpdate().first();
        if (!before) throw notFound(`announcement ${params.id}`);
        const { detailsHtml, links } = await contentOf(trx, principal, input, params.id);
        const [after] = await trx('announcements')
          .where({ id: params.id })
          .update({ ...columns(input, detailsHtml), updated_by: principal.userId, updated_at: trx.fn.now() })
          .returning('*');
        await trx('announcement_files').where({ announcement_id: params.id }).delete();
        if (links.length)
          await trx('announcement_files').insert(links.map((l) => ({ ...l, announcement_id: params.id })));
        await recordAudit(trx, 'announcements', params.id, 'update', principal.userId, before, after);
      });
      return announcementOf(ctx, principal, params.id);
    },
  },
  {
    method: 'delete',
    path: '/api/announcements/:id/files/:fileId',
    summary: 'Remove one attachment from an announcement (admins)',
    tag: 'announcements',
    params: Joi.object({ id: id.required(), fileId: id.required() }),
    async handler(ctx, { params }) {
      const principal = manager(ctx, 'update');
      await ctx.deps.knex.transaction(async (trx) => {
        const removed = await trx('announcement_files')
          .where({ announcement_id: params.id, file_id: params.fileId, is_inline: false })
          .whereExists((e) => e.from('announcements').where({ id: params.id }).whereNull('deleted_at'))
          .delete();
        if (!removed) throw notFound(`attachment ${params.fileId} of announcement ${params.id}`);
        await recordAudit(trx, 'announcements', params.id, 'update', principal.userId, { fileId: params.fileId }, null);
      });
      return undefined;
    },
  },
  {
    method: 'delete',
    path: '/api/announcements/:id',
    summary: 'Delete an announcement with its files (admins)',
    tag: 'announcements',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = manager(ctx, 'delete');
      await ctx.deps.knex.transaction(async (trx) => {
        const [row] = await trx('announcements')
          .where({ id: params.id })
          .whereNull('deleted_at')
          .update({ deleted_at: trx.fn.now(), deleted_by: principal.userId })
          .returning('*');
        if (!row) throw notFound(`announcement ${params.id}`);
        await recordAudit(trx, 'announcements', params.id, 'delete', principal.userId, row, null);
      });
      return undefined;
    },
  },
];
