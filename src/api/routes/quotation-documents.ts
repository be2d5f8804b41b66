// The quotation PDFs (domain/quotation.md §6), rendered once per quotation version by a workflow on the
// documents task queue and served from storage; 503 naming the fix when LibreOffice is missing.
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { QuotationDocumentKind } from '../../../activities/documents';
import { documentsTaskQueue, quotationDocumentWorkflowId, type quotationDocumentWorkflow } from '../../../workflows/quotation-document';
import { idParams } from '../listing';
import { conflict, unavailable } from '../problem';
import { callTemporal } from '../temporal-errors';
import { requirePrincipal, type RouteSpec } from '../route';
import { loadQuotation } from './quotations';

const PDF_FIX = 'PDF rendering needs LibreOffice: install it (apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2) or run `npm start` as root, which installs it';

function documentRoute(kind: QuotationDocumentKind, path: string, summary: string): RouteSpec {
  return {
    method: 'get',
    path,
    summary,
    tag: 'quotation documents',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const q = await loadQuotation(ctx, principal, params.id, 'read');
      if (!ctx.deps.pdfAvailable()) throw unavailable(PDF_FIX);
      if (!q.calculation?.priced) throw conflict('the quotation has not been priced yet: save steps 3 and 4');
      const { knex, temporal, config } = ctx.deps;
      let fileId: number | undefined = (await knex('quotation_documents').where({ quotation_id: q.id, kind, version: q.version }).first('file_id'))?.file_id;
      if (!fileId) {
        // The first PDF also starts LibreOffice: allow it more than a command's deadline.
        fileId = await callTemporal(`quotation ${q.id} document`, config.updateTimeoutMs * 3, temporal.withDeadline.bind(temporal), () =>
          temporal.workflow.execute<typeof quotationDocumentWorkflow>('quotationDocumentWorkflow', {
            taskQueue: config.taskQueue,
            workflowId: quotationDocumentWorkflowId(q.id, kind, q.version),
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            args: [{ quotationId: q.id, kind, version: q.version, userId: principal.userId }],
            staticSummary: `${kind === 'quotation' ? 'Quotation PDF' : 'Calculation summary'} of ${q.number} v${q.version} (${documentsTaskQueue(config.taskQueue)})`,
          }),
        );
      }
      const file = await knex('stored_files').where({ id: fileId }).first();
      ctx.set('Content-Type', 'application/pdf');
      ctx.set('Content-Disposition', `inline; filename="${file.original_name}"`);
      return ctx.deps.files.read(file.storage_key);
    },
  };
}

export const quotationDocumentRoutes: RouteSpec[] = [
  documentRoute('quotation', '/api/quotations/:id/pdf', 'The customer quotation as PDF (prices per position, fee, taxes, rounded invoice in words)'),
  documentRoute('calculation', '/api/quotations/:id/calculation.pdf', 'The calculation summary as PDF (full HPP and COSS breakdown)'),
];
