// Rendering of quotation documents (on the documents task queue, one LibreOffice conversion at a time).
// Idempotent: a document already rendered for this quotation version is returned, not rendered again.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { loadSteps } from '../src/db/quotation-pricing';
import { calculationSummaryData, customerQuotationData, type DocumentSources, type PricedQuotation } from '../src/documents/quotation-document';
import type { DocumentRenderer } from '../src/documents/renderer';
import type { FileStore } from '../src/storage/file-store';

export type QuotationDocumentKind = 'quotation' | 'calculation';

export interface DocumentDeps {
  knex: Knex;
  files: FileStore;
  renderer: DocumentRenderer;
  quotationValidityDays: number;
}

const TEMPLATES: Record<QuotationDocumentKind, { template: string; data: (s: DocumentSources) => object; name: string }> = {
  quotation: { template: 'quotation.html', data: customerQuotationData, name: 'penawaran' },
  calculation: { template: 'calculation-summary.html', data: calculationSummaryData, name: 'ringkasan-perhitungan' },
};

export function createDocumentActivities(deps: DocumentDeps) {
  return {
    async renderQuotationDocument(input: { quotationId: number; kind: QuotationDocumentKind; version: number; userId: number }): Promise<number> {
      const cached = await deps.knex('quotation_documents').where({ quotation_id: input.quotationId, kind: input.kind, version: input.version }).first('file_id');
      if (cached) return cached.file_id;
      const q = await deps.knex('quotations').where({ id: input.quotationId }).first();
      if (!q || q.version !== input.version) throw ApplicationFailure.nonRetryable(`quotation ${input.quotationId} is not at version ${input.version}`, 'StaleVersion');
      if (!q.calculation?.priced) throw ApplicationFailure.nonRetryable(`quotation ${input.quotationId} is not priced`, 'NotPriced');
      const entity = await deps.knex('entities').where({ id: q.entity_id }).first();
      const lead = await deps.knex('leads').where({ id: q.lead_id }).first();
      const steps = await loadSteps(deps.knex, q.id);
      const positionIds = (steps[3]?.positions ?? []).map((p) => p.positionId);
      const names = await deps.knex('positions').whereIn('id', positionIds).select('id', 'name');
      const sources: DocumentSources = {
        number: q.number,
        issuedAt: q.submitted_at ?? q.updated_at,
        entity: { name: entity.name, address: entity.address, phone: entity.phone, email: entity.email, directorName: entity.director_name },
        customer: { name: lead.company_name, address: lead.address, picName: lead.pic_name },
        steps,
        positionNames: new Map(names.map((n: { id: number; name: string }) => [n.id, n.name])),
        priced: q.calculation.result as PricedQuotation,
        validityDays: deps.quotationValidityDays,
      };
      const { template, data, name } = TEMPLATES[input.kind];
      const pdf = await deps.renderer.renderPdf(template, data(sources));
      const { key, sha256 } = await deps.files.save(pdf);
      return deps.knex.transaction(async (trx) => {
        const [file] = await trx('stored_files')
          .insert({ storage_key: key, original_name: `${name}-${q.number.replace(/[^A-Za-z0-9-]+/g, '-')}-v${q.version}.pdf`, mime_type: 'application/pdf', size_bytes: pdf.length, sha256, uploaded_by: input.userId })
          .returning('id');
        const [row] = await trx('quotation_documents')
          .insert({ quotation_id: q.id, kind: input.kind, version: input.version, file_id: file.id })
          .onConflict(['quotation_id', 'kind', 'version'])
          .merge({ quotation_id: q.id })
          .returning('file_id');
        return row.file_id as number;
      });
    },
  };
}
