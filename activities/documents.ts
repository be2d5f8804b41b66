// Rendering of documents (on the documents task queue, one LibreOffice conversion at a time). Idempotent: a
// document already rendered from the same data (src/documents/document-data.ts) is returned, not rendered again.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { currentData, OWNER_TABLES, renderedKey, type DocumentRequest } from '../src/documents/document-data';
import type { DocumentFormat, DocumentRenderer } from '../src/documents/renderer';
import { BUILT_IN_TEMPLATES } from '../src/documents/templates';
import type { FileStore } from '../src/storage/file-store';

export type { DocumentKind, DocumentRequest, OwnerType } from '../src/documents/document-data';

export const MIME_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface DocumentDeps {
  knex: Knex;
  files: FileStore;
  renderer: DocumentRenderer;
  quotationValidityDays: number;
}

export function createDocumentActivities(deps: DocumentDeps) {
  return {
    async renderDocument(request: DocumentRequest): Promise<number> {
      const owner = await deps.knex(OWNER_TABLES[request.ownerType]).where({ id: request.ownerId }).first();
      if (!owner || owner.version !== request.version)
        throw ApplicationFailure.nonRetryable(
          `${request.ownerType} ${request.ownerId} is not at version ${request.version}`,
          'StaleVersion',
        );
      const { data, template, hash } = await currentData(deps, request, owner);
      const key = renderedKey(request, hash);
      const cached = await deps.knex('rendered_documents').where(key).first('file_id');
      if (cached) return cached.file_id as number;
      const document = await deps.renderer.render(template.file, data, key.format);
      const { name } = BUILT_IN_TEMPLATES[request.kind];
      const { key: storageKey, sha256 } = await deps.files.save(document);
      return deps.knex.transaction(async (trx) => {
        const [file] = await trx('stored_files')
          .insert({
            storage_key: storageKey,
            original_name: `${name}-${owner.number.replace(/[^A-Za-z0-9-]+/g, '-')}-v${owner.version}.${key.format}`,
            mime_type: MIME_TYPES[key.format],
            size_bytes: document.length,
            sha256,
            uploaded_by: request.userId,
          })
          .returning('id');
        const [row] = await trx('rendered_documents')
          .insert({ ...key, file_id: file.id })
          .onConflict(['owner_type', 'owner_id', 'kind', 'version', 'format', 'data_hash'])
          .merge({ owner_id: request.ownerId })
          .returning('file_id');
        return row.file_id as number;
      });
    },
  };
}
