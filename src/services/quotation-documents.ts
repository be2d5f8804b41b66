// Which quotation documents may be rendered now: a priced quotation, and for the customer PDF an offer still on the
// table (src/domain/quotation-document-state.ts); the calculation summary stays available to staff, marked.
import type { DocumentKind } from '../../activities/documents';
import type { Quotation } from '../db/models/quotation';
import { lastDecisionRejected } from '../db/quotation-decisions';
import { quotationDocumentState } from '../domain/quotation-document-state';
import { conflict } from '../errors';
import type { ServiceDeps } from './deps';

const ENDED_LABELS: Record<string, string> = {
  rejected: 'was rejected (revise and submit it again)',
  cancelled: 'was cancelled',
  lost: 'was lost',
  superseded: 'was superseded by a revision',
  expired: 'has expired',
};

// Refuses a document of a quotation not priced yet (409), and the customer PDF of an offer no longer on the table.
export async function refuseUnavailableDocument(deps: ServiceDeps, q: Quotation, kind: DocumentKind): Promise<void> {
  if (!q.calculation?.priced) throw conflict('the quotation has not been priced yet: save steps 3 and 4');
  if (kind !== 'quotation') return;
  const { endedAs } = quotationDocumentState(q.status, await lastDecisionRejected(deps.knex, q.id, q.submission));
  if (endedAs)
    throw conflict(`quotation ${q.number} ${ENDED_LABELS[endedAs]}: it is not an offer a customer may receive`);
}
