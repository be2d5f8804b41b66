// Rendering of documents (on the documents task queue, one LibreOffice conversion at a time). Idempotent: a
// document already rendered for this version of its owner is returned, not rendered again.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { agreementData } from '../src/db/pks-agreement';
import { loadSteps } from '../src/db/quotation-pricing';
import { indonesianLongDate } from '../src/domain/indonesian-date';
import {
  calculationSummaryData,
  customerQuotationData,
  type DocumentSources,
  type PricedQuotation,
} from '../src/documents/quotation-document';
import type { DocumentFormat, DocumentRenderer } from '../src/documents/renderer';
import { formatRupiah } from '../src/domain/rupiah';
import type { FileStore } from '../src/storage/file-store';

export type DocumentKind = 'quotation' | 'calculation' | 'spk' | 'agreement';
export type OwnerType = 'quotation' | 'spk' | 'pks';

export interface DocumentRequest {
  ownerType: OwnerType;
  ownerId: number;
  kind: DocumentKind;
  version: number;
  userId: number;
  format?: DocumentFormat; // PDF unless asked otherwise
}

export const MIME_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

// The row key of a rendered document.
export const renderedKey = (r: DocumentRequest) => ({
  owner_type: r.ownerType,
  owner_id: r.ownerId,
  kind: r.kind,
  version: r.version,
  format: r.format ?? 'pdf',
});

export interface DocumentDeps {
  knex: Knex;
  files: FileStore;
  renderer: DocumentRenderer;
  quotationValidityDays: number;
}

const OWNER_TABLES: Record<OwnerType, string> = { quotation: 'quotations', spk: 'spks', pks: 'pks' };
const TEMPLATES: Record<DocumentKind, { template: string; name: string }> = {
  quotation: { template: 'quotation.html', name: 'penawaran' },
  calculation: { template: 'calculation-summary.html', name: 'ringkasan-perhitungan' },
  spk: { template: 'spk.html', name: 'spk' },
  agreement: { template: 'pks.html', name: 'pks' },
};

export function createDocumentActivities(deps: DocumentDeps) {
  async function quotationSources(q: Record<string, any>): Promise<DocumentSources> {
    if (!q.calculation?.priced) throw ApplicationFailure.nonRetryable(`quotation ${q.id} is not priced`, 'NotPriced');
    const entity = await deps.knex('entities').where({ id: q.entity_id }).first();
    const lead = await deps.knex('leads').where({ id: q.lead_id }).first();
    const steps = await loadSteps(deps.knex, q.id);
    const names = await deps
      .knex('positions')
      .whereIn(
        'id',
        (steps[3]?.positions ?? []).map((p) => p.positionId),
      )
      .select('id', 'name');
    return {
      number: q.number,
      issuedAt: q.submitted_at ?? q.updated_at,
      entity: {
        name: entity.name,
        address: entity.address,
        phone: entity.phone,
        email: entity.email,
        directorName: entity.director_name,
      },
      customer: { name: lead.company_name, address: lead.address, picName: lead.pic_name },
      steps,
      positionNames: new Map(names.map((n: { id: number; name: string }) => [n.id, n.name])),
      priced: q.calculation.result as PricedQuotation,
      validityDays: deps.quotationValidityDays,
    };
  }

  async function spkData(spk: Record<string, any>) {
    const entity = await deps.knex('entities').where({ id: spk.entity_id }).first();
    const lead = await deps.knex('leads').where({ id: spk.lead_id }).first();
    const sites = await deps
      .knex('spk_sites as s')
      .join('cities as c', 'c.code', 's.city_code')
      .where('s.spk_id', spk.id)
      .whereNull('s.removed_at')
      .orderBy('s.id')
      .select(
        's.name',
        'c.name as city',
        's.placement',
        's.headcount',
        's.umk',
        's.ump',
        's.quotation_number as quotation',
      );
    return {
      number: spk.number,
      date: indonesianLongDate(new Date(`${spk.spk_date}T05:00:00Z`)),
      entity: { name: entity.name, address: entity.address ?? '' },
      customer: { name: lead.company_name, address: lead.address ?? '', picName: lead.pic_name ?? '' },
      sites: sites.map((s: Record<string, any>) => ({
        ...s,
        placement: s.placement ?? '-',
        wage: formatRupiah(Number(s.umk ?? s.ump ?? 0)),
      })),
      totalHeadcount: sites.reduce((n: number, s: { headcount: number }) => n + s.headcount, 0),
    };
  }

  async function templateData(request: DocumentRequest, owner: Record<string, any>): Promise<object> {
    if (request.kind === 'quotation') return customerQuotationData(await quotationSources(owner));
    if (request.kind === 'calculation') return calculationSummaryData(await quotationSources(owner));
    if (request.kind === 'spk') return spkData(owner);
    const clauses = await deps
      .knex('pks_clauses')
      .where({ pks_id: owner.id })
      .orderBy('position')
      .select('section', 'title', 'text');
    return { ...(await agreementData(deps.knex, owner.id)), clauses };
  }

  return {
    async renderDocument(request: DocumentRequest): Promise<number> {
      const key = renderedKey(request);
      const cached = await deps.knex('rendered_documents').where(key).first('file_id');
      if (cached) return cached.file_id;
      const owner = await deps.knex(OWNER_TABLES[request.ownerType]).where({ id: request.ownerId }).first();
      if (!owner || owner.version !== request.version)
        throw ApplicationFailure.nonRetryable(
          `${request.ownerType} ${request.ownerId} is not at version ${request.version}`,
          'StaleVersion',
        );
      const { template, name } = TEMPLATES[request.kind];
      const document = await deps.renderer.render(template, await templateData(request, owner), key.format);
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
          .onConflict(['owner_type', 'owner_id', 'kind', 'version', 'format'])
          .merge({ owner_id: request.ownerId })
          .returning('file_id');
        return row.file_id as number;
      });
    },
  };
}
