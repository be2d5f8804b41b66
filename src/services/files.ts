// Uploads for activities, e-mails, announcements, contracts and entities (stored privately, referenced by id) and their
// download, allowed to the uploader and to whoever may read what the file is attached to.
import path from 'node:path';
import type { ServiceDeps, ServiceInput } from './deps';
import { subject } from '@casl/ability';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead } from '../db/leads';
import { pksRecord } from '../db/pks-record';
import { spkRecord } from '../../activities/spk';
import { followsContract } from './contract-access';
import { invalid, notFound, type FieldError } from '../errors';
import { type UploadedFile } from '../storage/file-store';
import { fileKind } from '../storage/file-kind';
import { reencodeVisitPhoto } from '../storage/visit-photo';

export type UploadPurpose = keyof typeof UPLOAD_RULES;

// What each purpose accepts (crm.md §5.3, §5.4).
export const UPLOAD_RULES = {
  activity: { extensions: ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'], maxBytes: 1024 * 1024 },
  'sales-activity': { extensions: ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'], maxBytes: 10 * 1024 * 1024 },
  // Signed SPK and PKS copies (contracts.md §10).
  'signed-document': { extensions: ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'], maxBytes: 10 * 1024 * 1024 },
  email: { extensions: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'jpg', 'jpeg', 'png'], maxBytes: 10 * 1024 * 1024 },
  // System announcements (crm.md §13): attachments, and images shown inside the text.
  announcement: { extensions: ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'], maxBytes: 10 * 1024 * 1024 },
  'announcement-image': { extensions: ['jpg', 'jpeg', 'png', 'gif', 'webp'], maxBytes: 5 * 1024 * 1024 },
  // Photos of a customer visit (contracts.md §11.3).
  'visit-photo': { extensions: ['jpg', 'jpeg', 'png', 'webp'], maxBytes: 10 * 1024 * 1024 },
  // Evidence attached to a customer complaint (contracts.md §13).
  complaint: { extensions: ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'], maxBytes: 10 * 1024 * 1024 },
  // An entity's letterhead logo: embedded in every document it issues, so kept small.
  'entity-logo': { extensions: ['png', 'jpg', 'jpeg'], maxBytes: 512 * 1024 },
} as const;

export const extensionOf = (name: string) => path.extname(name).slice(1).toLowerCase();

export const FILE_COLUMNS = [
  'id',
  'original_name as originalName',
  'mime_type as mimeType',
  'size_bytes as sizeBytes',
  'created_at as createdAt',
];

// Checks that every file id exists, was uploaded by the caller, and suits `purpose`; reports `field.<index>`.
export async function ownFiles(
  db: Knex | Knex.Transaction,
  principal: Principal,
  fileIds: number[],
  purpose: UploadPurpose,
  field: string,
): Promise<void> {
  const rows = await db('stored_files')
    .whereIn('id', fileIds)
    .select('id', 'uploaded_by', 'original_name', 'size_bytes');
  const rules = UPLOAD_RULES[purpose];
  const errors: FieldError[] = [];
  fileIds.forEach((fileId, index) => {
    const row = rows.find((r) => r.id === fileId);
    if (!row || row.uploaded_by !== principal.userId)
      errors.push({ field: `${field}.${index}`, message: `file ${fileId} does not exist or is not yours` });
    else if (!(rules.extensions as readonly string[]).includes(extensionOf(row.original_name)))
      errors.push({
        field: `${field}.${index}`,
        message: `file ${fileId}: only ${rules.extensions.join(', ')} files are accepted`,
      });
    else if (row.size_bytes > rules.maxBytes)
      errors.push({ field: `${field}.${index}`, message: `file ${fileId} is larger than ${rules.maxBytes} bytes` });
  });
  if (errors.length) throw invalid(errors);
}

// Makes `fileIds` the files linked to an owner row (nothing changes when fileIds is undefined).
export async function replaceFileLinks(
  trx: Knex.Transaction,
  linkTable: string,
  linkColumn: string,
  ownerId: number,
  fileIds: number[] | undefined,
): Promise<void> {
  if (fileIds === undefined) return;
  await trx(linkTable)
    .where({ [linkColumn]: ownerId })
    .delete();
  if (fileIds.length) await trx(linkTable).insert(fileIds.map((file_id) => ({ [linkColumn]: ownerId, file_id })));
}

// Why an upload breaks its purpose's rules (type by content, size), or null. An accepted file's media type becomes
// the one its content shows, whatever the client declared.
export async function uploadProblem(file: UploadedFile, purpose: UploadPurpose): Promise<string | null> {
  const rules = UPLOAD_RULES[purpose];
  if (file.size > rules.maxBytes) return `${file.originalname} is larger than ${rules.maxBytes} bytes`;
  const kind = await fileKind(file.originalname, file.buffer, rules.extensions);
  if ('problem' in kind) return `${file.originalname}: ${kind.problem}`;
  file.mimetype = kind.mime;
  return null;
}

// Keeps an accepted upload in private storage and records it (content hash, uploader).
export async function storeUpload(
  deps: ServiceDeps,
  principal: Principal,
  file: UploadedFile,
): Promise<{ id: number; sha256: string; row: Record<string, unknown> }> {
  const { key, sha256 } = await deps.files.save(file.buffer);
  const [row] = await deps
    .knex('stored_files')
    .insert({
      storage_key: key,
      original_name: file.originalname.slice(0, 255),
      mime_type: file.mimetype.slice(0, 100),
      size_bytes: file.size,
      sha256,
      uploaded_by: principal.userId,
    })
    .returning(FILE_COLUMNS);
  return { id: row.id, sha256, row };
}

export function filesOf(db: Knex | Knex.Transaction, linkTable: string, linkColumn: string, ownerId: number) {
  return db(`${linkTable} as link`)
    .join('stored_files as f', 'f.id', 'link.file_id')
    .where(`link.${linkColumn}`, ownerId)
    .orderBy('f.id')
    .select(FILE_COLUMNS.map((c) => `f.${c}`));
}

// Whether the caller may read a file: its uploader, or whoever may read what it is attached to (each check below is
// the attachment's own read rule, so a file is never easier to reach than the record showing it).
export async function mayDownload(
  knex: Knex,
  principal: Principal,
  file: { id: number; uploaded_by: number },
): Promise<boolean> {
  if (file.uploaded_by === principal.userId) return true;
  for (const readable of ATTACHMENT_READERS) if (await readable(knex, principal, file.id)) return true;
  return false;
}

type AttachmentReader = (knex: Knex, principal: Principal, fileId: number) => Promise<boolean>;

async function readsAnyLead(knex: Knex, principal: Principal, leadIds: number[]): Promise<boolean> {
  for (const leadId of leadIds) {
    const lead = await findLead(knex, leadId);
    if (lead && principal.ability.can('read', subject('Lead', { ...lead }))) return true;
  }
  return false;
}

const ATTACHMENT_READERS: AttachmentReader[] = [
  // Files of a published announcement are for everyone; of a draft, for those who manage announcements.
  async (knex, principal, fileId) => {
    const announcements = await knex('announcement_files as af')
      .join('announcements as n', 'n.id', 'af.announcement_id')
      .where('af.file_id', fileId)
      .whereNull('n.deleted_at')
      .pluck('n.is_active');
    return announcements.some((active: boolean) => active || principal.ability.can('update', 'Announcement'));
  },
  // Visit photos and complaint attachments: for whoever follows the contract.
  async (knex, principal, fileId) => {
    const contracts = await knex('pks as p')
      .whereIn('p.id', (q) =>
        q
          .from('pks_visit_files as vf')
          .join('pks_visits as v', 'v.id', 'vf.visit_id')
          .where('vf.file_id', fileId)
          .select('v.pks_id')
          .union((u) =>
            u
              .from('pks_complaint_files as cf')
              .join('pks_complaints as c', 'c.id', 'cf.complaint_id')
              .where('cf.file_id', fileId)
              .select('c.pks_id'),
          ),
      )
      .select('p.*');
    for (const row of contracts) if (await followsContract(knex, principal, pksRecord(row))) return true;
    return false;
  },
  // A customer activity's files and its e-mail's attachments: with the activity permission, on a lead one may read.
  async (knex, principal, fileId) => {
    if (!principal.ability.can('read', 'CustomerActivity')) return false;
    const leadIds: number[] = await knex('customer_activity_files as af')
      .join('customer_activities as a', 'a.id', 'af.activity_id')
      .where('af.file_id', fileId)
      .union((u) =>
        u
          .from('email_message_files as mf')
          .join('email_messages as m', 'm.id', 'mf.message_id')
          .join('customer_activities as a', 'a.id', 'm.activity_id')
          .where('mf.file_id', fileId)
          .select('a.lead_id'),
      )
      .pluck('a.lead_id');
    return readsAnyLead(knex, principal, leadIds);
  },
  // A sales activity's files: for whoever may read its lead.
  async (knex, principal, fileId) => {
    const leadIds: number[] = await knex('sales_activity_files as sf')
      .join('sales_activities as a', 'a.id', 'sf.activity_id')
      .where('sf.file_id', fileId)
      .pluck('a.lead_id');
    return readsAnyLead(knex, principal, leadIds);
  },
  // A signed SPK or PKS copy: for whoever may read that SPK or PKS.
  async (knex, principal, fileId) => {
    const spks = await knex('spks').whereIn('id', knex('spk_signed_files').where('file_id', fileId).select('spk_id'));
    return spks.some((row) => principal.ability.can('read', subject('Spk', { ...spkRecord(row) })));
  },
  async (knex, principal, fileId) => {
    const contracts = await knex('pks').whereIn(
      'id',
      knex('pks_signed_files').where('file_id', fileId).select('pks_id'),
    );
    return contracts.some((row) => principal.ability.can('read', subject('Pks', { ...pksRecord(row) })));
  },
  // An entity's letterhead logo: for whoever may read entities.
  async (knex, principal, fileId) =>
    principal.ability.can('read', 'Entity') && !!(await knex('entities').where('logo_file_id', fileId).first('id')),
];

// POST /api/files
export async function postFiles(deps: ServiceDeps, principal: Principal, { query, files }: ServiceInput) {
  if (!files.length) throw invalid([{ field: 'files', message: 'at least one file is required' }]);
  const errors: FieldError[] = [];
  for (const [index, file] of files.entries()) {
    const problem = await uploadProblem(file, query.purpose as UploadPurpose);
    if (problem) errors.push({ field: `files.${index}`, message: problem });
  }
  if (errors.length) throw invalid(errors);
  const accepted = query.purpose === 'visit-photo' ? await Promise.all(files.map(reencodeVisitPhoto)) : files;
  accepted.forEach((file, index) => {
    if (!file)
      errors.push({ field: `files.${index}`, message: `${files[index].originalname} is not a readable image` });
  });
  if (errors.length) throw invalid(errors);
  const saved = [];
  for (const file of accepted as UploadedFile[]) saved.push((await storeUpload(deps, principal, file)).row);
  return { data: saved };
}

// A stored file the caller may download, or 404 (a file the caller may not see is reported as missing).
export async function downloadableFile(knex: Knex, principal: Principal, fileId: number) {
  const file = await knex('stored_files').where({ id: fileId }).first();
  if (!file || !(await mayDownload(knex, principal, file))) throw notFound(`file ${fileId}`);
  return file as { mime_type: string; original_name: string; storage_key: string };
}
