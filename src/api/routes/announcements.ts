// System announcements (domain/crm.md §13, NEW): everyone reads the published ones and keeps their own read state;
// only holders of the `announcements` menu (the superadmin) publish, edit and delete. The HTML is sanitised on the
// way in; attachments and inline images are private files uploaded beforehand (POST /api/files?purpose=announcement,
// POST /api/announcements/images).
import Joi from 'joi';
import type { Principal } from '../../auth/principal';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { idParams, pageQuery } from '../listing';
import { invalid, notFound } from '../problem';
import { recordAudit } from '../../db/audit';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import { storeUpload, uploadProblem } from '../../services/files';
import { UPLOAD_RULES } from '../../services/files';
import {
  announcementOf,
  columns,
  contentOf,
  getAnnouncements,
  postAnnouncementsRead,
} from '../../services/announcements';

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
    handler: (ctx, input) => getAnnouncements(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/announcements/:id',
    summary: 'One announcement with its sanitised text and attachments',
    tag: 'announcements',
    params: idParams,
    async handler(ctx, { params }) {
      return announcementOf(ctx.deps, requirePrincipal(ctx), params.id);
    },
  },
  {
    method: 'post',
    path: '/api/announcements/:id/read',
    summary: 'Mark an announcement read for you',
    tag: 'announcements',
    params: idParams,
    handler: (ctx, input) => postAnnouncementsRead(ctx.deps, requirePrincipal(ctx), input),
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
      const stored = await storeUpload(ctx.deps, principal, file);
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
      return announcementOf(ctx.deps, principal, announcementId);
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
      return announcementOf(ctx.deps, principal, params.id);
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
