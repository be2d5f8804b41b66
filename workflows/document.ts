// Renders one document (PDF or DOCX) for one version of its owner (quotation, SPK, PKS), on the documents task queue so PDF
// conversion (one LibreOffice at a time) never holds up commands. Its id names owner, kind and version: asking
// twice for the same document waits for the same run.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createDocumentActivities, DocumentRequest } from '../activities/documents';

export const documentsTaskQueue = (taskQueue: string) => `${taskQueue}-documents`;
export const documentWorkflowId = (r: Pick<DocumentRequest, 'ownerType' | 'ownerId' | 'kind' | 'version' | 'format'>) =>
  `${r.ownerType}-${r.ownerId}-${r.kind}-v${r.version}${r.format && r.format !== 'pdf' ? `-${r.format}` : ''}`;

export async function documentWorkflow(request: DocumentRequest): Promise<number> {
  const { renderDocument } = proxyActivities<ReturnType<typeof createDocumentActivities>>({
    taskQueue: documentsTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['StaleVersion', 'NotPriced'] },
  });
  return renderDocument(request);
}
