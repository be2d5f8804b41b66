// An entity's own document templates (templates as data): upload a new version, checked by filling it with sample
// data; list the versions; preview the one in use; retire them to fall back to the built-in template.
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { requireAbility } from '../auth/guards';
import { recordAudit } from '../db/audit';
import { OWNER_TABLES, templateData, type OwnerType } from '../documents/document-data';
import { sampleData } from '../documents/sample-data';
import { fillTemplate } from '../documents/renderer';
import { BUILT_IN_TEMPLATES, materialise, resolveTemplate, type DocumentKind } from '../documents/templates';
import { conflict, invalid, notFound } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';
import { loadPks } from './pks';
import { loadQuotation } from './quotations';
import { loadSpk } from './spk';

export const TEMPLATE_MEDIA_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

const COLUMNS = [
  'id',
  'entity_id as entityId',
  'kind',
  'version',
  'file_name as fileName',
  'extension',
  'sha256',
  'uploaded_by as uploadedBy',
  'uploaded_at as uploadedAt',
  'retired_at as retiredAt',
];

async function requireEntity(deps: ServiceDeps, id: number): Promise<void> {
  if (!(await deps.knex('entities').where({ id }).first('id'))) throw notFound(`entity ${id}`);
}

// What an upload is, from its name and its first bytes: HTML text, or a DOCX/ODT (zip) document.
function extensionOf(file: { originalname: string; buffer: Buffer }): string {
  const named = /\.(htm|html|docx|odt)$/i.exec(file.originalname)?.[1].toLowerCase();
  const ext = named === 'htm' ? 'html' : named;
  const zip = file.buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (!ext || (ext === 'html') === zip)
    throw invalid([{ field: 'file', message: 'a template is an .html, .docx or .odt file (Carbone markers {d.…})' }]);
  return ext;
}

// POST /api/admin/entities/:id/templates/:kind
export async function postEntityTemplate(deps: ServiceDeps, principal: Principal, { params, files }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  await requireEntity(deps, params.id);
  const [file] = files;
  if (!file) throw invalid([{ field: 'file', message: 'a template file is required' }]);
  const extension = extensionOf(file);
  const kind = params.kind as DocumentKind;
  try {
    await fillTemplate(materialise(file.buffer, extension), sampleData(kind));
  } catch (error) {
    throw invalid([{ field: 'file', message: `Carbone cannot fill this template: ${(error as Error).message}` }]);
  }
  return deps.knex.transaction(async (trx) => {
    // One version number per upload, even when two admins upload at once.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`document_templates:${params.id}:${kind}`]);
    const latest = await trx('document_templates').where({ entity_id: params.id, kind }).max({ v: 'version' }).first();
    const [row] = await trx('document_templates')
      .insert({
        entity_id: params.id,
        kind,
        version: Number(latest?.v ?? 0) + 1,
        file_name: file.originalname,
        extension,
        content: file.buffer,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        uploaded_by: principal.userId,
      })
      .returning(COLUMNS);
    await recordAudit(trx, 'document_templates', row.id, 'create', principal.userId, null, row);
    return row;
  });
}

// GET /api/admin/entities/:id/templates
export async function getEntityTemplates(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  await requireEntity(deps, params.id);
  const rows = await deps
    .knex('document_templates')
    .where({ entity_id: params.id })
    .orderBy([{ column: 'kind' }, { column: 'version', order: 'desc' }])
    .select(COLUMNS);
  const inUse = new Map<string, number>();
  for (const row of rows) if (!row.retiredAt && !inUse.has(row.kind)) inUse.set(row.kind, row.version);
  return { data: rows.map((row) => ({ ...row, inUse: inUse.get(row.kind) === row.version })) };
}

// Which record a document kind is made from.
const OWNER_OF: Record<DocumentKind, OwnerType> = {
  quotation: 'quotation',
  calculation: 'quotation',
  spk: 'spk',
  agreement: 'pks',
};

// Whether the caller may read the record a preview is made from: the same row-level check as its own read route,
// so a record outside the caller's scope is missing (404) here too.
const REQUIRE_READER: Record<OwnerType, (deps: ServiceDeps, principal: Principal, id: number) => Promise<unknown>> = {
  quotation: (deps, principal, id) => loadQuotation(deps, principal, id, 'read'),
  spk: (deps, principal, id) => loadSpk(deps, principal, id, 'read'),
  pks: (deps, principal, id) => loadPks(deps, principal, id, 'read'),
};

// The data of one of the entity's own records, as its document would be made from it now.
async function recordData(deps: ServiceDeps, principal: Principal, entityId: number, kind: DocumentKind, id: number) {
  const ownerType = OWNER_OF[kind];
  await REQUIRE_READER[ownerType](deps, principal, id);
  const owner = await deps.knex(OWNER_TABLES[ownerType]).where({ id }).first();
  if (owner.entity_id !== entityId)
    throw invalid([{ field: 'documentId', message: `${ownerType} ${id} belongs to another entity` }]);
  if (ownerType === 'quotation' && !owner.calculation?.priced)
    throw conflict(`quotation ${id} is not priced yet: its documents cannot be made`);
  const request = { ownerType, ownerId: id, kind, version: owner.version as number, userId: principal.userId };
  return templateData(
    { knex: deps.knex, files: deps.files, quotationValidityDays: deps.config.quotationValidityDays },
    request,
    owner,
  );
}

// GET /api/admin/entities/:id/templates/:kind/preview: the template in use, filled with sample data or with one of
// the entity's records (`documentId`), in its own format.
export async function getEntityTemplatePreview(
  deps: ServiceDeps,
  principal: Principal,
  { params, query }: ServiceInput,
) {
  requireAbility(principal, 'update', 'Entity');
  await requireEntity(deps, params.id);
  const kind = params.kind as DocumentKind;
  const data = query.documentId
    ? await recordData(deps, principal, params.id, kind, query.documentId)
    : sampleData(kind);
  const template = await resolveTemplate(deps.knex, params.id, kind);
  const extension = template.file.slice(template.file.lastIndexOf('.') + 1);
  return {
    content: await fillTemplate(template.file, data),
    mediaType: TEMPLATE_MEDIA_TYPES[extension],
    fileName: `${BUILT_IN_TEMPLATES[kind].name}-contoh${template.version ? `-v${template.version}` : ''}.${extension}`,
  };
}

// DELETE /api/admin/entities/:id/templates/:kind: every version retired; the built-in template applies again.
export async function deleteEntityTemplate(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  await requireEntity(deps, params.id);
  await deps.knex.transaction(async (trx) => {
    const before = await trx('document_templates')
      .where({ entity_id: params.id, kind: params.kind })
      .whereNull('retired_at')
      .forUpdate()
      .select(COLUMNS);
    if (!before.length) throw notFound(`a ${params.kind} template of entity ${params.id} in use`);
    for (const row of before) {
      const [after] = await trx('document_templates')
        .where({ id: row.id })
        .update({ retired_at: trx.fn.now(), retired_by: principal.userId })
        .returning(COLUMNS);
      await recordAudit(trx, 'document_templates', row.id, 'update', principal.userId, row, after);
    }
  });
}
