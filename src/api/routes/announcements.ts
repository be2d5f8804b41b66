// System announcements (domain/crm.md §13, NEW): everyone reads the published ones and keeps their own read state;
// only holders of the `announcements` menu (the superadmin) publish, edit and delete. The HTML is sanitised on the
// way in; attachments and inline images are private files uploaded beforehand (POST /api/files?purpose=announcement,
// POST /api/announcements/images).
import Joi from 'joi';
import { idParams, pageQuery, searchQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import { UPLOAD_RULES } from '../../services/files';
import {
  getAnnouncements,
  postAnnouncementsRead,
  deleteAnnouncements,
  deleteAnnouncementsFiles,
  getAnnouncementsById,
  postAnnouncements,
  postAnnouncementsImages,
  putAnnouncements,
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
      ...searchQuery,
    }),
    handler: (ctx, input) => getAnnouncements(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/announcements/:id',
    summary: 'One announcement with its sanitised text and attachments',
    tag: 'announcements',
    params: idParams,
    handler: (ctx, input) => getAnnouncementsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/announcements/:id/read',
    summary: 'Mark an announcement read for you',
    tag: 'announcements',
    status: 204,
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
    handler: (ctx, input) => postAnnouncementsImages(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/announcements',
    summary: 'Publish an announcement (admins); the HTML is sanitised, files are your uploads',
    tag: 'announcements',
    status: 201,
    body,
    handler: (ctx, input) => postAnnouncements(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/announcements/:id',
    summary: 'Replace an announcement (admins); files left out are unlinked',
    tag: 'announcements',
    params: idParams,
    body,
    handler: (ctx, input) => putAnnouncements(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/announcements/:id/files/:fileId',
    summary: 'Remove one attachment from an announcement (admins)',
    tag: 'announcements',
    status: 204,
    params: Joi.object({ id: id.required(), fileId: id.required() }),
    handler: (ctx, input) => deleteAnnouncementsFiles(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/announcements/:id',
    summary: 'Delete an announcement with its files (admins)',
    tag: 'announcements',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteAnnouncements(ctx.deps, requirePrincipal(ctx), input),
  },
];
