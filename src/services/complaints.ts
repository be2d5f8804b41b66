// Customer complaints about an active contract (domain/contracts.md §13, NEW): raised by whoever follows the
// contract, each one a `complaint-<id>` run that escalates it when its SLA passes and takes its resolution as an
// Update (CRM and operations management).
import { complaintRecord } from '../../activities/complaints';
import { contractOf } from './contract-access';
import { paginate } from '../db/listing';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';
import { notFound } from '../errors';
import { filesOf, ownFiles } from './files';
import type { Knex } from 'knex';
import type { ComplaintRecord } from '../../workflows/complaint-contract';

// GET /api/pks/:id/complaints
export async function getPksComplaints(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  const pks = await contractOf(deps, principal, params.id);
  const q = deps.knex('pks_complaints').where({ pks_id: pks.id }).orderBy('id', 'desc');
  if (query.status) q.where({ status: query.status });
  const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map(complaintRecord) };
}

export async function complaintOf(deps: ServiceDeps, principal: Principal, complaintId: number) {
  const row = await deps.knex('pks_complaints').where({ id: complaintId }).first();
  if (!row) throw notFound(`complaint ${complaintId}`);
  await contractOf(deps, principal, row.pks_id);
  return row;
}

// GET /api/complaints/:id
export async function getComplaintsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const row = await complaintOf(deps, principal, params.id);
  return {
    ...complaintRecord(row),
    collaborator: row.collaborator,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
    files: await filesOf(deps.knex, 'pks_complaint_files', 'complaint_id', row.id),
  };
}

export interface NewComplaint {
  title: string;
  type: string;
  collaborator?: string | null;
  description: string;
  fileIds: number[];
}

// Records a complaint with its evidence (files the caller uploaded for complaints), due by the SLA from now.
export async function insertComplaint(
  trx: Knex.Transaction,
  principal: Principal,
  pksId: number,
  body: NewComplaint,
  slaHours: number,
): Promise<ComplaintRecord> {
  if (body.fileIds.length) await ownFiles(trx, principal, body.fileIds, 'complaint', 'fileIds');
  const [row] = await trx('pks_complaints')
    .insert({
      pks_id: pksId,
      title: body.title,
      type: body.type,
      collaborator: body.collaborator || null,
      description: body.description,
      created_by: principal.userId,
      sla_due_at: trx.raw(`now() + make_interval(hours => ?)`, [slaHours]),
    })
    .returning('*');
  if (body.fileIds.length)
    await trx('pks_complaint_files').insert(body.fileIds.map((file_id: number) => ({ complaint_id: row.id, file_id })));
  return complaintRecord(row);
}
