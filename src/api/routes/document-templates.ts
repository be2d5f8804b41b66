// An entity's own Carbone templates per document kind: versions, upload (checked with sample data), preview and
// retirement (back to the built-in template). Menu `master_data`, like the entity itself.
import Joi from 'joi';
import {
  deleteEntityTemplate,
  getEntityTemplatePreview,
  getEntityTemplates,
  postEntityTemplate,
  TEMPLATE_MEDIA_TYPES,
} from '../../services/document-templates';
import { DOCUMENT_KINDS } from '../../documents/templates';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';

const kindParams = idParams.keys({
  kind: Joi.string()
    .valid(...DOCUMENT_KINDS)
    .required(),
});

export const documentTemplateRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/admin/entities/:id/templates',
    summary: "The entity's document templates, every version, newest first per kind, with the one in use marked",
    tag: 'entities',
    params: idParams,
    handler: (ctx, input) => getEntityTemplates(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/admin/entities/:id/templates/:kind',
    summary:
      'Upload a new version of the entity’s template for a document kind (form field "file": .html, .docx or .odt with Carbone markers); it is filled with sample data first and refused with Carbone’s error (422) if it cannot be',
    tag: 'entities',
    status: 201,
    params: kindParams,
    upload: { field: 'file', maxFiles: 1, maxBytes: 2 * 1024 * 1024 },
    handler: (ctx, input) => postEntityTemplate(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/admin/entities/:id/templates/:kind/preview',
    summary:
      'The template in use for a kind (the entity’s own or the built-in one) filled with sample data, or with one of the entity’s quotations, SPKs or PKS (documentId), in its format',
    tag: 'entities',
    params: kindParams,
    query: Joi.object({ documentId: Joi.number().integer().min(1) }),
    produces: Object.values(TEMPLATE_MEDIA_TYPES),
    async handler(ctx, input) {
      const preview = await getEntityTemplatePreview(ctx.deps, requirePrincipal(ctx), input);
      ctx.set('Content-Type', preview.mediaType);
      ctx.set('Content-Disposition', `attachment; filename="${preview.fileName}"`);
      return preview.content;
    },
  },
  {
    method: 'delete',
    path: '/api/admin/entities/:id/templates/:kind',
    summary: 'Retire the entity’s template for a kind: its documents render with the built-in template again',
    tag: 'entities',
    status: 204,
    params: kindParams,
    async handler(ctx, input) {
      await deleteEntityTemplate(ctx.deps, requirePrincipal(ctx), input);
    },
  },
];
