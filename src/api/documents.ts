// Serves a rendered document (PDF or DOCX): from storage when it was rendered from the same data already, otherwise
// through the document workflow; 503 naming the fix when LibreOffice is missing.
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { ServiceDeps } from '../services/deps';
import { MIME_TYPES } from '../../activities/documents';
import { currentData, OWNER_TABLES, renderedKey, type DocumentRequest } from '../documents/document-data';
import { documentsTaskQueue, documentWorkflowId, type documentWorkflow } from '../../workflows/document';
import type { ApiContext } from './context';
import { unavailable } from './problem';
import { callTemporal } from '../temporal/temporal-call';

export { MIME_TYPES };

export const DOCUMENTS_FIX =
  'Document rendering needs LibreOffice: install it (apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2) or run `npm start` as root, which installs it';

export function requireDocuments(deps: ServiceDeps): void {
  if (!deps.pdfAvailable()) throw unavailable(DOCUMENTS_FIX);
}

export async function serveDocument(ctx: ApiContext, request: DocumentRequest, summary: string): Promise<Buffer> {
  const { knex, temporal, config, files } = ctx.deps;
  // Served from storage only when rendered from the data as it is now (an edited customer renders afresh).
  const owner = await knex(OWNER_TABLES[request.ownerType]).where({ id: request.ownerId }).first();
  const { hash } = await currentData(
    { knex, files, quotationValidityDays: config.quotationValidityDays },
    request,
    owner,
  );
  let fileId: number | undefined = (await knex('rendered_documents').where(renderedKey(request, hash)).first('file_id'))
    ?.file_id;
  if (!fileId) {
    // The first PDF also starts LibreOffice: allow it more than a command's deadline.
    fileId = await callTemporal(
      `${request.ownerType} ${request.ownerId} document`,
      config.updateTimeoutMs * 3,
      temporal.withDeadline.bind(temporal),
      () =>
        temporal.workflow.execute<typeof documentWorkflow>('documentWorkflow', {
          taskQueue: config.taskQueue,
          workflowId: documentWorkflowId(request),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [request],
          staticSummary: `${summary} (${documentsTaskQueue(config.taskQueue)})`,
        }),
    );
  }
  const file = await knex('stored_files').where({ id: fileId }).first();
  ctx.set('Content-Type', MIME_TYPES[request.format ?? 'pdf']);
  ctx.set(
    'Content-Disposition',
    `${request.format === 'docx' ? 'attachment' : 'inline'}; filename="${file.original_name}"`,
  );
  return ctx.deps.files.read(file.storage_key);
}
