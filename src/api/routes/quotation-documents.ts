// The quotation PDFs (domain/quotation.md §6), rendered once per quotation version.
import type { DocumentKind } from '../../../activities/documents';
import { MIME_TYPES, requireDocuments, serveDocument } from '../documents';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { refuseUnavailableDocument } from '../../services/quotation-documents';
import { loadQuotation } from '../../services/quotations';

function documentRoute(kind: DocumentKind, path: string, summary: string): RouteSpec {
  return {
    method: 'get',
    path,
    summary,
    tag: 'quotation documents',
    produces: [MIME_TYPES.pdf],
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const q = await loadQuotation(ctx.deps, principal, params.id, 'read');
      requireDocuments(ctx.deps);
      await refuseUnavailableDocument(ctx.deps, q, kind);
      return serveDocument(
        ctx,
        { ownerType: 'quotation', ownerId: q.id, kind, version: q.version, userId: principal.userId },
        `${kind === 'quotation' ? 'Quotation PDF' : 'Calculation summary'} of ${q.number} v${q.version}`,
      );
    },
  };
}

export const quotationDocumentRoutes: RouteSpec[] = [
  documentRoute(
    'quotation',
    '/api/quotations/:id/pdf',
    'The customer quotation as PDF (prices per position, fee, taxes, rounded invoice in words)',
  ),
  documentRoute(
    'calculation',
    '/api/quotations/:id/calculation.pdf',
    'The calculation summary as PDF (full HPP and COSS breakdown)',
  ),
];
