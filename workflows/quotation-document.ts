// Renders one quotation document for one version, on the documents task queue so PDF conversion (one
// LibreOffice at a time) never holds up step saves. Its id names quotation, kind and version: asking twice
// for the same document waits for the same run.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createDocumentActivities, QuotationDocumentKind } from '../activities/documents';

export const documentsTaskQueue = (taskQueue: string) => `${taskQueue}-documents`;
export const quotationDocumentWorkflowId = (quotationId: number, kind: QuotationDocumentKind, version: number) => `quotation-${quotationId}-${kind}-v${version}`;

export async function quotationDocumentWorkflow(input: { quotationId: number; kind: QuotationDocumentKind; version: number; userId: number }): Promise<number> {
  const { renderQuotationDocument } = proxyActivities<ReturnType<typeof createDocumentActivities>>({
    taskQueue: documentsTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['StaleVersion', 'NotPriced'] },
  });
  return renderQuotationDocument(input);
}
