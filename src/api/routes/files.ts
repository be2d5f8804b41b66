// Uploads for activities, e-mails and announcements (stored privately, referenced by id) and their download, allowed to the
// uploader, to whoever may read the lead the file is attached to, to readers of the announcement showing it, and
// to those who follow the contract a visit photo or complaint attachment belongs to.
import Joi from 'joi';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { downloadableFile, UPLOAD_RULES, postFiles } from '../../services/files';

export const fileRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/files',
    summary: 'Upload files (form field "files") to attach to an activity or an e-mail; answers their ids',
    tag: 'files',
    status: 201,
    query: Joi.object({
      purpose: Joi.string()
        .valid(...Object.keys(UPLOAD_RULES))
        .required(),
    }),
    upload: { field: 'files', maxFiles: 10, maxBytes: UPLOAD_RULES.email.maxBytes },
    handler: (ctx, input) => postFiles(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/files/:id',
    summary: 'Download a file (served with the type its content was recognised as)',
    tag: 'files',
    produces: ['*/*'],
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const file = await downloadableFile(ctx.deps.knex, principal, params.id);
      ctx.set('Content-Type', file.mime_type);
      ctx.set('Content-Disposition', `attachment; filename="${encodeURIComponent(file.original_name)}"`);
      return ctx.deps.files.read(file.storage_key);
    },
  },
];
