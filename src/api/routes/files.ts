// Uploads for activities, e-mails and announcements (stored privately, referenced by id) and their download, allowed to the
// uploader, to whoever may read the lead the file is attached to, to readers of the announcement showing it, and
// to those who follow the contract a visit photo or complaint attachment belongs to.
import Joi from 'joi';
import { idParams } from '../listing';
import { invalid, notFound, type FieldError } from '../problem';
import { reencodeVisitPhoto } from '../../storage/visit-photo';
import { requirePrincipal, type RouteSpec, type UploadedFile } from '../route';
import { mayDownload, storeUpload, uploadProblem } from '../../services/files';
import { UploadPurpose, UPLOAD_RULES } from '../../services/files';

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
    async handler(ctx, { query, files }) {
      const principal = requirePrincipal(ctx);
      if (!files.length) throw invalid([{ field: 'files', message: 'at least one file is required' }]);
      const errors: FieldError[] = [];
      files.forEach((file, index) => {
        const problem = uploadProblem(file, query.purpose as UploadPurpose);
        if (problem) errors.push({ field: `files.${index}`, message: problem });
      });
      if (errors.length) throw invalid(errors);
      const accepted = query.purpose === 'visit-photo' ? await Promise.all(files.map(reencodeVisitPhoto)) : files;
      accepted.forEach((file, index) => {
        if (!file)
          errors.push({ field: `files.${index}`, message: `${files[index].originalname} is not a readable image` });
      });
      if (errors.length) throw invalid(errors);
      const saved = [];
      for (const file of accepted as UploadedFile[]) saved.push((await storeUpload(ctx.deps, principal, file)).row);
      return { data: saved };
    },
  },
  {
    method: 'get',
    path: '/api/files/:id',
    summary: 'Download a file',
    tag: 'files',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const file = await ctx.deps.knex('stored_files').where({ id: params.id }).first();
      if (!file || !(await mayDownload(ctx.deps.knex, principal, file))) throw notFound(`file ${params.id}`);
      ctx.set('Content-Type', file.mime_type);
      ctx.set('Content-Disposition', `attachment; filename="${encodeURIComponent(file.original_name)}"`);
      return ctx.deps.files.read(file.storage_key);
    },
  },
];
