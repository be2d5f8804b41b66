// What goes into a rendered document, read from the database: the same data feeds the renderer and the cache key,
// so a correction to the customer, the entity or the contract renders afresh instead of serving a stale file.
import { currentDecisions } from '../db/quotation-decisions';
import { pksDocumentMark, quotationDocumentState, spkDocumentMark } from '../domain/quotation-document-state';
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { agreementData } from '../db/pks-agreement';
import { loadSteps } from '../db/quotation-pricing';
import { indonesianLongDate } from '../domain/indonesian-date';
import { agreementClauses } from '../domain/pks';
import { formatRupiah } from '../domain/rupiah';
import {
  calculationSummaryData,
  customerQuotationData,
  placeAndDate,
  type DocumentSources,
  type PricedQuotation,
} from './quotation-document';
import type { FileStore } from '../storage/file-store';
import { letterheadLogo } from './letterhead';
import type { DocumentFormat } from './renderer';
import { resolveTemplate, type DocumentKind } from './templates';

export type { DocumentKind } from './templates';

export type OwnerType = 'quotation' | 'spk' | 'pks';

export interface DocumentRequest {
  ownerType: OwnerType;
  ownerId: number;
  kind: DocumentKind;
  version: number;
  userId: number;
  format?: DocumentFormat; // PDF unless asked otherwise
}

export interface DataDeps {
  knex: Knex;
  files: FileStore; // where the entity's logo is kept
  quotationValidityDays: number;
}

export const OWNER_TABLES: Record<OwnerType, string> = { quotation: 'quotations', spk: 'spks', pks: 'pks' };

// The row key of a rendered document: its owner at a version, the kind and format, and the data it was made from.
export const renderedKey = (r: DocumentRequest, dataHash: string) => ({
  owner_type: r.ownerType,
  owner_id: r.ownerId,
  kind: r.kind,
  version: r.version,
  format: r.format ?? 'pdf',
  data_hash: dataHash,
});

export const hashOf = (data: object): string => createHash('sha256').update(JSON.stringify(data)).digest('hex');

// The data, the template that renders it (the owner's entity's own or the built-in one) and their hash, for the
// owner as it is now: a corrected record or a new template version renders afresh.
export async function currentData(db: DataDeps, request: DocumentRequest, owner: Record<string, any>) {
  const data = await templateData(db, request, owner);
  const template = await resolveTemplate(db.knex, owner.entity_id as number, request.kind);
  return { data, template, hash: hashOf({ template: template.digest, data }) };
}

async function quotationSources(db: DataDeps, q: Record<string, any>): Promise<DocumentSources> {
  if (!q.calculation?.priced) throw ApplicationFailure.nonRetryable(`quotation ${q.id} is not priced`, 'NotPriced');
  const entity = await entityWithCity(db, q.entity_id);
  const lead = await db.knex('leads').where({ id: q.lead_id }).first();
  const steps = await loadSteps(db.knex, q.id);
  const names = await db
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
      name: entity.legal_name ?? entity.name,
      address: entity.address,
      phone: entity.phone,
      email: entity.email,
      directorName: entity.director_name,
      directorTitle: entity.director_title,
      npwp: entity.npwp,
      city: entity.city_name,
      logo: entity.logo,
    },
    customer: { name: lead.company_name, address: lead.address, picName: lead.pic_name },
    steps,
    positionNames: new Map(names.map((n: { id: number; name: string }) => [n.id, n.name])),
    priced: q.calculation.result as PricedQuotation,
    pricingPolicy: q.calculation.pricingPolicy ?? 'minimum-wage',
    validityDays: db.quotationValidityDays,
    ...(await decisionsCited(db, q)),
  };
}

// The quotation's state as its documents show it, and the approvals of its current submission.
async function decisionsCited(db: DataDeps, q: Record<string, any>) {
  const decisions = await currentDecisions(db.knex, q.id, q.submission ?? 0);
  const levels: Array<{ level: number; name: string }> = q.approval_levels ?? [];
  return {
    state: quotationDocumentState(
      q.status,
      decisions.some((d) => d.event === 'rejected'),
    ),
    approvals: decisions
      .filter((d) => d.event === 'approved')
      .map((d) => ({ ...d, name: levels.find((l) => l.level === d.level)?.name ?? '' })),
  };
}

async function spkData(db: DataDeps, spk: Record<string, any>) {
  const entity = await entityWithCity(db, spk.entity_id);
  const lead = await db.knex('leads').where({ id: spk.lead_id }).first();
  const sites = await db
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
    entity: {
      name: entity.legal_name ?? entity.name,
      address: entity.address ?? '',
      npwpLine: entity.npwp ? `NPWP ${entity.npwp}` : '',
      ...letterheadLogo(entity.logo),
    },
    signatory: entity.director_name ?? '',
    signatoryTitle: entity.director_title ?? 'Direktur',
    placeDate: placeAndDate(entity.city_name, new Date(`${spk.spk_date}T05:00:00Z`)),
    customer: { name: lead.company_name, address: lead.address ?? '', picName: lead.pic_name ?? '' },
    sites: sites.map((s: Record<string, any>) => ({
      ...s,
      placement: s.placement ?? '-',
      wage: formatRupiah(Number(s.umk ?? s.ump ?? 0)),
    })),
    totalHeadcount: sites.reduce((n: number, s: { headcount: number }) => n + s.headcount, 0),
  };
}

// An entity row with the name of the city it dates its letters from and its logo as a data URI (LibreOffice embeds
// it from the HTML), or null.
async function entityWithCity(db: DataDeps, id: number) {
  const entity = await db
    .knex('entities as e')
    .leftJoin('cities as c', 'c.code', 'e.city_code')
    .leftJoin('stored_files as f', 'f.id', 'e.logo_file_id')
    .where('e.id', id)
    .first('e.*', 'c.name as city_name', 'f.storage_key as logo_key', 'f.mime_type as logo_mime');
  const logo: string | null = entity.logo_key
    ? `data:${entity.logo_mime};base64,${(await db.files.read(entity.logo_key)).toString('base64')}`
    : null;
  return { ...entity, logo };
}

export async function templateData(
  db: DataDeps,
  request: DocumentRequest,
  owner: Record<string, any>,
): Promise<object> {
  if (request.kind === 'quotation') return customerQuotationData(await quotationSources(db, owner));
  if (request.kind === 'calculation') return calculationSummaryData(await quotationSources(db, owner));
  if (request.kind === 'spk') return { ...(await spkData(db, owner)), mark: spkDocumentMark(owner.status) ?? '' };
  const agreement = await agreementData(db.knex, owner.id);
  const stored: Array<{ section: string; title: string; text: string }> = await db
    .knex('pks_clauses')
    .where({ pks_id: owner.id })
    .orderBy('position')
    .select('section', 'title', 'text');
  // The opening names the parties (name, address, who signs): always from the parties as they are now, so a
  // corrected address or director shows; the clauses after it are the contract's own (edited while a draft).
  const opening = agreementClauses(agreement)[0];
  const clauses = stored.map((c) => (c.section === opening.section ? { ...c, text: opening.text } : c));
  // Signed where the second party dates its letters, on the agreement's date.
  const entity = await entityWithCity(db, owner.entity_id as number);
  const placeDate = placeAndDate(entity.city_name, new Date(`${owner.pks_date}T05:00:00Z`));
  return { ...agreement, clauses, placeDate, mark: pksDocumentMark(owner.status) ?? '' };
}
